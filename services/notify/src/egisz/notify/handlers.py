"""Notify entry points: contract in → use case → reply / events out."""

from __future__ import annotations

from typing import Any

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.notify import (
    InboxItem,
    InboxPage,
    ListInbox,
    MarkRead,
    MarkReadResult,
    NotificationCreated,
)
from egisz.contracts.registry import WorkerRegistered
from egisz.notify import usecases
from egisz.notify.domain.model import DomainEvent, Notification, NotificationDelivered, Recipient
from egisz.notify.repository import MongoNotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.errors import ForbiddenError
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent


def to_item(n: Notification) -> InboxItem:
    return InboxItem(
        notification_id=n.id,
        kind=n.kind.value,
        title=n.title,
        body=n.body,
        created_at=n.created_at,
        read_at=n.read_at,
    )


def to_wire(event: DomainEvent, cause: Cause) -> OutgoingEvent:
    match event:
        case NotificationDelivered():
            data = NotificationCreated(
                notification_id=event.notification_id,
                recipient_id=event.recipient_id,
                kind=event.kind.value,
            )
            return outgoing(
                subjects.NOTIFICATION_CREATED, data, about=event.recipient_id, cause=cause
            )
    raise TypeError(f"no wire form for {event!r}")


def _own_snils(ctx: CommandContext) -> str:
    if ctx.actor.snils is None:
        raise ForbiddenError("Уведомления читает только их получатель")
    return ctx.actor.snils


def register(rt: ServiceRuntime, templates: Templates) -> None:
    def uow(cause: Cause) -> MongoNotifyUnitOfWork:
        return MongoNotifyUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, cause))

    @rt.consumer(subjects.WORKER_REGISTERED, name=usecases.WORKER_REGISTERED_CONSUMER)
    async def on_worker_registered(event: CloudEvent[Any]) -> None:
        data: WorkerRegistered = event.data
        await usecases.on_worker_registered(
            uow(Cause.of_event(event)),
            templates,
            event_id=event.id,
            recipient=Recipient(
                data.worker_id, data.snils, data.first_name, data.middle_name, data.last_name
            ),
        )

    @rt.command(subjects.INBOX_LIST, roles={Role.WORKER})
    async def list_inbox(req: ListInbox, ctx: CommandContext) -> InboxPage:
        page = await usecases.list_inbox(
            uow(ctx.cause),
            snils=_own_snils(ctx),
            cursor=req.cursor,
            limit=req.limit,
            unread_only=req.unread_only,
        )
        return InboxPage(
            items=[to_item(n) for n in page.items],
            unread_count=page.unread_count,
            next_cursor=page.next_cursor,
        )

    @rt.command(subjects.INBOX_MARK_READ, roles={Role.WORKER})
    async def mark_read(req: MarkRead, ctx: CommandContext) -> MarkReadResult:
        marked, unread = await usecases.mark_read(
            uow(ctx.cause),
            snils=_own_snils(ctx),
            notification_id=None if req.all else req.notification_id,
        )
        return MarkReadResult(marked=marked, unread_count=unread)
