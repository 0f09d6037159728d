"""One async function per command or reaction."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from egisz.notify.domain.errors import NotificationNotFoundError, RecipientUnknownError
from egisz.notify.domain.model import Notification, NotificationKind, Recipient
from egisz.notify.repository import NotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.runtime.clock import Clock, utcnow

WORKER_REGISTERED_CONSUMER = "worker-registered"


def new_notification_id() -> str:
    """Sortable by creation time, so the inbox pages by id."""
    return f"{time.time_ns():020d}{uuid.uuid4().hex[:12]}"


async def on_worker_registered(
    uow: NotifyUnitOfWork,
    templates: Templates,
    *,
    event_id: str,
    recipient: Recipient,
    clock: Clock = utcnow,
) -> Notification | None:
    """Keep the worker's contact card and tell them their cabinet exists — once per event."""
    text = templates.render(
        NotificationKind.CABINET_CREATED,
        first_name=recipient.first_name,
        middle_name=recipient.middle_name,
        last_name=recipient.last_name,
    )
    async with uow:
        if await uow.already_processed(WORKER_REGISTERED_CONSUMER, event_id):
            return None
        uow.mark_processed(WORKER_REGISTERED_CONSUMER, event_id)
        await uow.save_recipient(recipient)
        notification = Notification.deliver(
            notification_id=new_notification_id(),
            recipient_id=recipient.worker_id,
            kind=NotificationKind.CABINET_CREATED,
            title=text.title,
            body=text.body,
            now=clock(),
            source_event_id=event_id,
        )
        added = await uow.add_notification(notification)
        await uow.commit()
    return notification if added else None


@dataclass(frozen=True)
class InboxPage:
    items: list[Notification]
    unread_count: int
    next_cursor: str | None


async def _recipient(uow: NotifyUnitOfWork, snils: str) -> Recipient:
    recipient = await uow.recipient_by_snils(snils)
    if recipient is None:
        raise RecipientUnknownError()
    return recipient


async def list_inbox(
    uow: NotifyUnitOfWork, *, snils: str, cursor: str | None, limit: int, unread_only: bool
) -> InboxPage:
    async with uow:
        recipient = await _recipient(uow, snils)
        items = await uow.inbox_page(
            recipient.worker_id, before=cursor, limit=limit + 1, unread_only=unread_only
        )
        unread = await uow.unread_count(recipient.worker_id)
    more = len(items) > limit
    items = items[:limit]
    return InboxPage(items, unread, items[-1].id if more else None)


async def mark_read(
    uow: NotifyUnitOfWork,
    *,
    snils: str,
    notification_id: str | None,
    clock: Clock = utcnow,
) -> tuple[int, int]:
    """Mark one (or, with None, all) of the caller's notifications read; return (marked, unread)."""
    async with uow:
        recipient = await _recipient(uow, snils)
        if notification_id is not None and (
            await uow.get_notification(recipient.worker_id, notification_id) is None
        ):
            raise NotificationNotFoundError()
        marked = await uow.mark_read(recipient.worker_id, notification_id, clock())
        await uow.commit()
        unread = await uow.unread_count(recipient.worker_id)
    return marked, unread
