"""Mailboxes, notifications, deliveries and reminders: the ports, their Mongo adapters, and the
in-memory fakes."""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from egisz.notify.domain.model import (
    Delivery,
    DeliveryStatus,
    Mailbox,
    Notification,
    NotificationKind,
)
from egisz.notify.domain.reminders import Reminder, ReminderStatus
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document
from egisz.runtime.ports import UnitOfWork

MAILBOXES = "mailboxes"
NOTIFICATIONS = "notifications"
DELIVERIES = "deliveries"
REMINDERS = "reminders"

INDEXES = {
    MAILBOXES: [IndexModel([("worker_id", ASCENDING)], name="by_worker")],
    NOTIFICATIONS: [
        IndexModel(
            [("source_event_id", ASCENDING), ("recipient_id", ASCENDING), ("kind", ASCENDING)],
            unique=True,
            name="one_per_event_recipient_kind",
        ),
        IndexModel([("recipient_id", ASCENDING), ("_id", DESCENDING)], name="inbox"),
        IndexModel([("recipient_id", ASCENDING), ("read_at", ASCENDING)], name="unread"),
    ],
    DELIVERIES: [
        IndexModel([("status", ASCENDING), ("due_at", ASCENDING)], name="due"),
        IndexModel([("notification_id", ASCENDING)], name="by_notification"),
        IndexModel([("lease", ASCENDING)], name="by_lease"),
    ],
    REMINDERS: [
        # Two fields only: SecantusDB 0.7.0b3 finds nothing for a range on the middle field of
        # a three-field index (status, due_on, _id).
        IndexModel([("status", ASCENDING), ("due_on", ASCENDING)], name="due"),
        IndexModel([("group", ASCENDING), ("status", ASCENDING)], name="by_group"),
    ],
}

MAILBOX_CODEC = Codec(Mailbox, lambda m: {})
# `due_at` as a BSON date: the queue compares it with now (the body holds ISO strings).
DELIVERY_CODEC = Codec(Delivery, lambda d: {"due_at": d.next_attempt_at})
REMINDER_CODEC = Codec(Reminder, lambda r: {})


# --- ports ----------------------------------------------------------------------------------
class MailboxRepository(Protocol):
    async def add(self, mailbox: Mailbox) -> None: ...
    async def save(self, mailbox: Mailbox) -> None: ...
    async def get(self, key: str) -> Mailbox | None: ...
    async def of_worker(self, worker_id: str) -> Mailbox | None: ...


class DeliveryRepository(Protocol):
    async def add(self, delivery: Delivery) -> None: ...
    async def save(self, delivery: Delivery) -> None: ...
    async def get(self, key: str) -> Delivery | None: ...
    async def of_notification(self, notification_id: str) -> list[Delivery]: ...


class ReminderRepository(Protocol):
    async def add(self, reminder: Reminder) -> None: ...
    async def save(self, reminder: Reminder) -> None: ...
    async def get(self, key: str) -> Reminder | None: ...
    async def scheduled_in(self, group: str) -> list[Reminder]: ...
    async def due(self, today: date, after: str | None, limit: int) -> list[Reminder]: ...


class NotifyUnitOfWork(UnitOfWork, Protocol):
    @property
    def mailboxes(self) -> MailboxRepository: ...
    @property
    def deliveries(self) -> DeliveryRepository: ...
    @property
    def reminders(self) -> ReminderRepository: ...

    async def add_notification(self, notification: Notification) -> bool: ...
    async def inbox_page(
        self, recipient_ids: list[str], *, before: str | None, limit: int, unread_only: bool
    ) -> list[Notification]: ...
    async def unread_count(self, recipient_ids: list[str]) -> int: ...
    async def mark_read(
        self, recipient_ids: list[str], notification_id: str | None, now: datetime
    ) -> int: ...
    async def get_notification(
        self, recipient_ids: list[str], notification_id: str
    ) -> Notification | None: ...


class DeliveryQueue(Protocol):
    """Deliveries due now, each leased to one sender at a time (replicas do not send twice)."""

    async def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[Delivery]: ...


# --- Mongo ----------------------------------------------------------------------------------
def _n_doc(n: Notification) -> Document:
    return {
        "_id": n.id,
        "recipient_id": n.recipient_id,
        "kind": n.kind.value,
        "title": n.title,
        "body": n.body,
        "created_at": n.created_at,
        "source_event_id": n.source_event_id,
        "read_at": n.read_at,
    }


def _n_from(d: Document) -> Notification:
    return Notification(
        id=d["_id"],
        recipient_id=d["recipient_id"],
        kind=NotificationKind(d["kind"]),
        title=d["title"],
        body=d["body"],
        created_at=d["created_at"],
        source_event_id=d["source_event_id"],
        read_at=d.get("read_at"),
    )


class MongoMailboxes(MongoAggregates[Mailbox]):
    async def of_worker(self, worker_id: str) -> Mailbox | None:
        return await self._one({"worker_id": worker_id})


class MongoDeliveries(MongoAggregates[Delivery]):
    async def of_notification(self, notification_id: str) -> list[Delivery]:
        return await self._page({"notification_id": notification_id}, None, 100)


class MongoReminders(MongoAggregates[Reminder]):
    async def scheduled_in(self, group: str) -> list[Reminder]:
        return await self._page({"group": group, "status": "scheduled"}, None, 100)

    async def due(self, today: date, after: str | None, limit: int) -> list[Reminder]:
        query = {"status": "scheduled", "due_on": {"$lte": today.isoformat()}}
        return await self._page(query, after, limit)


class MongoNotifyUnitOfWork(AggregateUnitOfWork):
    mailboxes: MongoMailboxes
    deliveries: MongoDeliveries
    reminders: MongoReminders

    def open_repositories(self) -> None:
        self._notifications = self.base.collection(NOTIFICATIONS)
        self.mailboxes = MongoMailboxes(self, MAILBOXES, MAILBOX_CODEC)
        self.deliveries = MongoDeliveries(self, DELIVERIES, DELIVERY_CODEC)
        self.reminders = MongoReminders(self, REMINDERS, REMINDER_CODEC)

    async def add_notification(self, notification: Notification) -> bool:
        """False when this (event, recipient, kind) was already delivered."""
        exists = await self._notifications.find_one(
            {
                "source_event_id": notification.source_event_id,
                "recipient_id": notification.recipient_id,
                "kind": notification.kind.value,
            },
            {"_id": 1},
            session=self.base.session,
        )
        if exists:
            return False
        try:
            await self._notifications.insert_one(_n_doc(notification), session=self.base.session)
        except DuplicateKeyError:
            return False
        self.track(notification)
        return True

    async def inbox_page(
        self, recipient_ids: list[str], *, before: str | None, limit: int, unread_only: bool
    ) -> list[Notification]:
        query: Document = {"recipient_id": {"$in": recipient_ids}}
        if before:
            query["_id"] = {"$lt": before}
        if unread_only:
            query["read_at"] = None
        cursor = self._notifications.find(query, session=self.base.session)
        return [_n_from(d) async for d in cursor.sort("_id", DESCENDING).limit(limit)]

    async def unread_count(self, recipient_ids: list[str]) -> int:
        return await self._notifications.count_documents(
            {"recipient_id": {"$in": recipient_ids}, "read_at": None}, session=self.base.session
        )

    async def get_notification(
        self, recipient_ids: list[str], notification_id: str
    ) -> Notification | None:
        d = await self._notifications.find_one(
            {"_id": notification_id, "recipient_id": {"$in": recipient_ids}},
            session=self.base.session,
        )
        return _n_from(d) if d else None

    async def mark_read(
        self, recipient_ids: list[str], notification_id: str | None, now: datetime
    ) -> int:
        query: Document = {"recipient_id": {"$in": recipient_ids}, "read_at": None}
        if notification_id is not None:
            query["_id"] = notification_id
        result = await self._notifications.update_many(
            query, {"$set": {"read_at": now}}, session=self.base.session
        )
        return result.modified_count


class MongoDeliveryQueue:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._deliveries = db[DELIVERIES]

    async def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[Delivery]:
        """Three round trips a batch: find due ones, lease those still free under a token of
        ours, read back what the token holds (another replica may have leased some first)."""
        free: Document = {
            "status": DeliveryStatus.PENDING.value,
            "due_at": {"$lte": now},
            "$or": [{"lease_until": None}, {"lease_until": {"$lte": now}}],
        }
        due = self._deliveries.find(free, {"_id": 1}).sort("due_at", ASCENDING).limit(limit)
        ids = [d["_id"] async for d in due]
        if not ids:
            return []
        token = uuid.uuid4().hex
        await self._deliveries.update_many(
            {**free, "_id": {"$in": ids}},
            {"$set": {"lease_until": now + timedelta(seconds=lease_seconds), "lease": token}},
        )
        return [DELIVERY_CODEC.aggregate(d) async for d in self._deliveries.find({"lease": token})]


# --- fakes ----------------------------------------------------------------------------------
class FakeMailboxes(InMemoryAggregates[Mailbox]):
    async def of_worker(self, worker_id: str) -> Mailbox | None:
        found = self._page(lambda m: m.worker_id == worker_id, None, 1)
        return found[0] if found else None


class FakeDeliveries(InMemoryAggregates[Delivery]):
    async def of_notification(self, notification_id: str) -> list[Delivery]:
        return self._page(lambda d: d.notification_id == notification_id, None, 100)


class FakeReminders(InMemoryAggregates[Reminder]):
    async def scheduled_in(self, group: str) -> list[Reminder]:
        return self._page(
            lambda r: r.group == group and r.status is ReminderStatus.SCHEDULED, None, 100
        )

    async def due(self, today: date, after: str | None, limit: int) -> list[Reminder]:
        return self._page(
            lambda r: r.status is ReminderStatus.SCHEDULED and r.due_on <= today, after, limit
        )


class FakeNotifyUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.notifications: dict[str, Notification] = {}
        self.mailbox_store: dict[str, Mailbox] = {}
        self.delivery_store: dict[str, Delivery] = {}
        self.reminder_store: dict[str, Reminder] = {}
        self.mailboxes = FakeMailboxes(self, self.mailbox_store)
        self.deliveries = FakeDeliveries(self, self.delivery_store)
        self.reminders = FakeReminders(self, self.reminder_store)

    def store_committed(self, aggregate: Any) -> None:
        stores: dict[type, dict[str, Any]] = {
            Notification: self.notifications,
            Mailbox: self.mailbox_store,
            Delivery: self.delivery_store,
            Reminder: self.reminder_store,
        }
        stores[type(aggregate)][aggregate.id] = aggregate

    async def add_notification(self, notification: Notification) -> bool:
        key = (notification.source_event_id, notification.recipient_id, notification.kind)
        if any(
            (n.source_event_id, n.recipient_id, n.kind) == key
            for n in [*self.notifications.values(), *self.pending]
            if isinstance(n, Notification)
        ):
            return False
        self.track(notification)
        return True

    def _mine(self, recipient_ids: list[str]) -> list[Notification]:
        return sorted(
            (n for n in self.notifications.values() if n.recipient_id in recipient_ids),
            key=lambda n: n.id,
            reverse=True,
        )

    async def inbox_page(
        self, recipient_ids: list[str], *, before: str | None, limit: int, unread_only: bool
    ) -> list[Notification]:
        items = [
            n
            for n in self._mine(recipient_ids)
            if (before is None or n.id < before) and (not unread_only or n.unread)
        ]
        return items[:limit]

    async def unread_count(self, recipient_ids: list[str]) -> int:
        return sum(1 for n in self._mine(recipient_ids) if n.unread)

    async def get_notification(
        self, recipient_ids: list[str], notification_id: str
    ) -> Notification | None:
        n = self.notifications.get(notification_id)
        return n if n and n.recipient_id in recipient_ids else None

    async def mark_read(
        self, recipient_ids: list[str], notification_id: str | None, now: datetime
    ) -> int:
        marked = 0
        for n in self._mine(recipient_ids):
            if n.unread and notification_id in (None, n.id):
                self.notifications[n.id] = replace(n, read_at=now)
                marked += 1
        return marked


class FakeDeliveryQueue:
    def __init__(self, uow: FakeNotifyUnitOfWork) -> None:
        self._uow = uow
        self.leases: dict[str, datetime] = {}

    async def claim(self, now: datetime, lease_seconds: float, limit: int) -> list[Delivery]:
        due = sorted(
            (
                d
                for d in self._uow.delivery_store.values()
                if d.status is DeliveryStatus.PENDING
                and d.next_attempt_at <= now
                and self.leases.get(d.id, now) <= now
            ),
            key=lambda d: d.next_attempt_at,
        )[:limit]
        for d in due:
            self.leases[d.id] = now + timedelta(seconds=lease_seconds)
        return [copy.deepcopy(d) for d in due]


if TYPE_CHECKING:  # both adapters fit the port (mypy checks these two lines)
    _mongo: type[NotifyUnitOfWork] = MongoNotifyUnitOfWork
    _fake: type[NotifyUnitOfWork] = FakeNotifyUnitOfWork
