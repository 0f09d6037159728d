"""Recipients and notifications: the port, its Mongo adapter, and the in-memory fake."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Protocol

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from egisz.notify.domain.model import (
    Notification,
    NotificationKind,
    Recipient,
)
from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork, Document
from egisz.runtime.ports import ConsumingUnitOfWork

RECIPIENTS = "recipients"
NOTIFICATIONS = "notifications"

INDEXES = {
    RECIPIENTS: [IndexModel([("snils", ASCENDING)], unique=True, name="snils_unique")],
    NOTIFICATIONS: [
        IndexModel(
            [("source_event_id", ASCENDING), ("recipient_id", ASCENDING), ("kind", ASCENDING)],
            unique=True,
            name="one_per_event_recipient_kind",
        ),
        IndexModel([("recipient_id", ASCENDING), ("_id", DESCENDING)], name="inbox"),
        IndexModel([("recipient_id", ASCENDING), ("read_at", ASCENDING)], name="unread"),
    ],
}


class NotifyUnitOfWork(ConsumingUnitOfWork, Protocol):
    async def save_recipient(self, recipient: Recipient) -> None: ...
    async def recipient_by_snils(self, snils: str) -> Recipient | None: ...
    async def add_notification(self, notification: Notification) -> bool: ...
    async def inbox_page(
        self, recipient_id: str, *, before: str | None, limit: int, unread_only: bool
    ) -> list[Notification]: ...
    async def unread_count(self, recipient_id: str) -> int: ...
    async def mark_read(
        self, recipient_id: str, notification_id: str | None, now: datetime
    ) -> int: ...
    async def get_notification(
        self, recipient_id: str, notification_id: str
    ) -> Notification | None: ...


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


class MongoNotifyUnitOfWork(AggregateUnitOfWork):
    def open_repositories(self) -> None:
        self._recipients = self.base.collection(RECIPIENTS)
        self._notifications = self.base.collection(NOTIFICATIONS)

    async def save_recipient(self, recipient: Recipient) -> None:
        await self._recipients.replace_one(
            {"_id": recipient.worker_id},
            {
                "snils": recipient.snils,
                "first_name": recipient.first_name,
                "middle_name": recipient.middle_name,
                "last_name": recipient.last_name,
            },
            upsert=True,
            session=self.base.session,
        )

    async def recipient_by_snils(self, snils: str) -> Recipient | None:
        d = await self._recipients.find_one({"snils": snils}, session=self.base.session)
        if d is None:
            return None
        return Recipient(
            d["_id"], d["snils"], d["first_name"], d.get("middle_name"), d["last_name"]
        )

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
        self, recipient_id: str, *, before: str | None, limit: int, unread_only: bool
    ) -> list[Notification]:
        query: Document = {"recipient_id": recipient_id}
        if before:
            query["_id"] = {"$lt": before}
        if unread_only:
            query["read_at"] = None
        cursor = self._notifications.find(query, session=self.base.session)
        return [_n_from(d) async for d in cursor.sort("_id", DESCENDING).limit(limit)]

    async def unread_count(self, recipient_id: str) -> int:
        return await self._notifications.count_documents(
            {"recipient_id": recipient_id, "read_at": None}, session=self.base.session
        )

    async def get_notification(
        self, recipient_id: str, notification_id: str
    ) -> Notification | None:
        d = await self._notifications.find_one(
            {"_id": notification_id, "recipient_id": recipient_id}, session=self.base.session
        )
        return _n_from(d) if d else None

    async def mark_read(self, recipient_id: str, notification_id: str | None, now: datetime) -> int:
        query: Document = {"recipient_id": recipient_id, "read_at": None}
        if notification_id is not None:
            query["_id"] = notification_id
        result = await self._notifications.update_many(
            query, {"$set": {"read_at": now}}, session=self.base.session
        )
        return result.modified_count


class FakeNotifyUnitOfWork(InMemoryUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.recipients: dict[str, Recipient] = {}
        self.notifications: dict[str, Notification] = {}

    def store_committed(self, aggregate: Notification) -> None:
        self.notifications[aggregate.id] = aggregate

    async def save_recipient(self, recipient: Recipient) -> None:
        self.recipients[recipient.worker_id] = recipient

    async def recipient_by_snils(self, snils: str) -> Recipient | None:
        return next((r for r in self.recipients.values() if r.snils == snils), None)

    async def add_notification(self, notification: Notification) -> bool:
        key = (notification.source_event_id, notification.recipient_id, notification.kind)
        if any(
            (n.source_event_id, n.recipient_id, n.kind) == key
            for n in [*self.notifications.values(), *self.pending]
        ):
            return False
        self.track(notification)
        return True

    def _mine(self, recipient_id: str) -> list[Notification]:
        return sorted(
            (n for n in self.notifications.values() if n.recipient_id == recipient_id),
            key=lambda n: n.id,
            reverse=True,
        )

    async def inbox_page(
        self, recipient_id: str, *, before: str | None, limit: int, unread_only: bool
    ) -> list[Notification]:
        items = [
            n
            for n in self._mine(recipient_id)
            if (before is None or n.id < before) and (not unread_only or n.unread)
        ]
        return items[:limit]

    async def unread_count(self, recipient_id: str) -> int:
        return sum(1 for n in self._mine(recipient_id) if n.unread)

    async def get_notification(
        self, recipient_id: str, notification_id: str
    ) -> Notification | None:
        n = self.notifications.get(notification_id)
        return n if n and n.recipient_id == recipient_id else None

    async def mark_read(self, recipient_id: str, notification_id: str | None, now: datetime) -> int:
        marked = 0
        for n in self._mine(recipient_id):
            if n.unread and notification_id in (None, n.id):
                self.notifications[n.id] = replace(n, read_at=now)
                marked += 1
        return marked
