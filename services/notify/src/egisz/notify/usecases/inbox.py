"""The inbox and preferences of the mailboxes a caller may read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import (
    InvalidInputError,
)
from egisz.notify.domain.errors import NotificationNotFoundError
from egisz.notify.domain.model import (
    LANGUAGES,
    Mailbox,
    Notification,
    Preferences,
)

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.notify.repository import NotifyUnitOfWork


# --- the inbox and preferences --------------------------------------------------------------
@dataclass(frozen=True)
class InboxPage:
    items: list[Notification]
    unread_count: int
    next_cursor: str | None


async def list_inbox(
    uow: NotifyUnitOfWork,
    *,
    mailboxes: list[str],
    cursor: str | None,
    limit: int,
    unread_only: bool,
) -> InboxPage:
    async with uow:
        items = await uow.inbox_page(
            mailboxes, before=cursor, limit=limit + 1, unread_only=unread_only
        )
        unread = await uow.unread_count(mailboxes)
    more = len(items) > limit
    items = items[:limit]
    return InboxPage(items, unread, items[-1].id if more else None)


async def mark_read(
    uow: NotifyUnitOfWork,
    *,
    mailboxes: list[str],
    notification_id: str | None,
    clock: Clock = utcnow,
) -> tuple[int, int]:
    """Mark one (or, with None, all) of the caller's notifications read; return (marked, unread)."""
    async with uow:
        if notification_id is not None and (
            await uow.get_notification(mailboxes, notification_id) is None
        ):
            raise NotificationNotFoundError()
        marked = await uow.mark_read(mailboxes, notification_id, clock())
        await uow.commit()
        unread = await uow.unread_count(mailboxes)
    return marked, unread


async def read_preferences(uow: NotifyUnitOfWork, *, mailbox_id: str) -> Mailbox:
    async with uow:
        return await uow.mailboxes.get(mailbox_id) or Mailbox(mailbox_id)


async def set_preferences(
    uow: NotifyUnitOfWork,
    *,
    mailbox_id: str,
    email: bool | None,
    sms: bool | None,
    language: str | None,
) -> Mailbox:
    """Turn e-mail or SMS on or off, or change the language; the inbox is always on."""
    if language is not None and language not in LANGUAGES:
        raise InvalidInputError.of(
            "language",
            f"Язык «{language}» не поддерживается: выберите один из {', '.join(LANGUAGES)}",
            "unknown",
        )
    async with uow:
        mailbox = await uow.mailboxes.get(mailbox_id)
        fresh = mailbox is None
        mailbox = mailbox or Mailbox(mailbox_id)
        now = mailbox.preferences
        mailbox.preferences = Preferences(
            email=now.email if email is None else email,
            sms=now.sms if sms is None else sms,
            language=language or now.language,
        )
        await (uow.mailboxes.add if fresh else uow.mailboxes.save)(mailbox)
        await uow.commit()
    return mailbox
