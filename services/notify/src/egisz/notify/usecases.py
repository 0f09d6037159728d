"""One async function per command or reaction."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from egisz.notify.channels import DeliveryError, Sender
from egisz.notify.domain.errors import NotificationNotFoundError, RecipientNotYetKnownError
from egisz.notify.domain.model import (
    LANGUAGES,
    Channel,
    Delivery,
    DeliveryStatus,
    Mailbox,
    Message,
    Notification,
    Preferences,
    head,
    organization,
)
from egisz.notify.domain.reminders import Check, Reminder, ReminderStatus
from egisz.notify.gateways import HoursGateway
from egisz.notify.repository import DeliveryQueue, NotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.runtime.clock import Clock, utcnow
from egisz.runtime.errors import ConcurrencyError, InvalidInputError
from egisz.runtime.logging import get_logger
from egisz.runtime.remote import RemoteRefusalError, RemoteUnavailableError

log = get_logger("egisz.notify")


def new_notification_id() -> str:
    """Sortable by creation time, so the inbox pages by id."""
    return f"{time.time_ns():020d}{uuid.uuid4().hex[:12]}"


# --- contacts -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Contacts:
    """A mailbox's contacts as an event gives them; `merge`: add to the e-mails already kept
    (an organization's officers arrive grant by grant)."""

    mailbox_id: str
    version: int
    name: str | None
    emails: list[str]
    phone: str | None = None
    worker_id: str | None = None
    merge: bool = False
    # An organization's mailbox: access granted and revoked, its head (from FRMO's events).
    admitted: list[str] = field(default_factory=list)
    dismissed: list[str] = field(default_factory=list)
    emails_dropped: list[str] = field(default_factory=list)
    head_name: str | None = None


async def _take(uow: NotifyUnitOfWork, contacts: Contacts) -> None:
    mailbox = await uow.mailboxes.get(contacts.mailbox_id)
    fresh = mailbox is None
    mailbox = mailbox or Mailbox(contacts.mailbox_id)
    emails = contacts.emails
    if contacts.merge:
        emails = [*mailbox.emails, *(e for e in emails if e not in mailbox.emails)]
    changed = mailbox.take_contacts(
        version=contacts.version,
        name=contacts.name,
        emails=emails,
        phone=contacts.phone,
        worker_id=contacts.worker_id,
    )
    changed |= mailbox.change_access(
        admitted=contacts.admitted,
        dismissed=contacts.dismissed,
        emails_dropped=contacts.emails_dropped,
        head_name=contacts.head_name,
    )
    if changed:
        await (uow.mailboxes.add if fresh else uow.mailboxes.save)(mailbox)


async def readable_mailboxes(
    uow: NotifyUnitOfWork,
    candidates: list[str],
    *,
    org: str | None,
    snils: str | None,
    name: str | None,
) -> list[str]:
    """The mailboxes a caller may read: an organization's only for a person FRMO gives access
    to it, its head's only for the head FRMO records (never for a token's claim alone)."""
    if org is None:
        return candidates
    guarded = {organization(org), *([head(org, name)] if name else [])}
    if not guarded & set(candidates):
        return candidates
    async with uow:
        box = await uow.mailboxes.get(organization(org))
    allowed = {
        organization(org): box is not None and box.readable_by(snils=snils, head_name=None),
        **(
            {head(org, name): box is not None and box.readable_by(snils=None, head_name=name)}
            if name
            else {}
        ),
    }
    return [c for c in candidates if allowed.get(c, True)]


async def remember_contacts(
    uow: NotifyUnitOfWork, *, consumer: str, event_id: str, contacts: Contacts
) -> None:
    """Keep notify's own copy of a mailbox's contacts, from the registry's events."""
    await notify(
        uow, Templates(), consumer=consumer, event_id=event_id, messages=[], contacts=contacts
    )


# --- notifications --------------------------------------------------------------------------
async def _deliver(
    uow: NotifyUnitOfWork,
    templates: Templates,
    message: Message,
    *,
    source_event_id: str,
    channels: frozenset[Channel],
    clock: Clock,
) -> Notification | None:
    """Put one notification in its mailbox, with a delivery per allowed address; once per
    (event, mailbox, kind)."""
    if message.worker_id is not None:
        found = await uow.mailboxes.of_worker(message.worker_id)
        if found is None:
            raise RecipientNotYetKnownError(
                f"worker {message.worker_id} has no mailbox yet: worker.registered not seen"
            )
        mailbox = found
    else:
        assert message.recipient_id is not None
        mailbox = await uow.mailboxes.get(message.recipient_id) or Mailbox(message.recipient_id)
        if mailbox.version == 0:
            await uow.mailboxes.add(mailbox)
    text = templates.render(message.kind, mailbox.preferences.language, **message.values)
    notification = Notification.deliver(
        notification_id=new_notification_id(),
        recipient_id=mailbox.id,
        kind=message.kind,
        title=text.title,
        body=text.body,
        now=clock(),
        source_event_id=source_event_id,
    )
    if not await uow.add_notification(notification):
        return None
    target = mailbox
    if message.contact_email and message.contact_email not in mailbox.emails:
        target = replace(mailbox, emails=[*mailbox.emails, message.contact_email])
    for delivery in notification.deliveries(target, sms_text=text.title):
        if delivery.channel in channels:
            await uow.deliveries.add(delivery)
    return notification


async def notify(
    uow: NotifyUnitOfWork,
    templates: Templates,
    *,
    consumer: str,
    event_id: str,
    messages: list[Message],
    contacts: Contacts | None = None,
    channels: frozenset[Channel] = frozenset(),
    clock: Clock = utcnow,
) -> list[Notification]:
    """An event's notifications, each to the person it concerns, once however often it comes;
    `contacts` the event brings are kept first, in the same transaction."""
    delivered: list[Notification] = []
    async with uow:
        if await uow.already_processed(consumer, event_id):
            return []
        uow.mark_processed(consumer, event_id)
        if contacts is not None:
            await _take(uow, contacts)
        for message in messages:
            n = await _deliver(
                uow,
                templates,
                message,
                source_event_id=event_id,
                channels=channels,
                clock=clock,
            )
            if n is not None:
                delivered.append(n)
        await uow.commit()
    return delivered


async def worker_name(uow: NotifyUnitOfWork, worker_id: str, fallback: str) -> str:
    async with uow:
        mailbox = await uow.mailboxes.of_worker(worker_id)
    return mailbox.name if mailbox and mailbox.name else fallback


# --- sending by e-mail and SMS --------------------------------------------------------------
async def dispatch(
    new_uow: Callable[[], NotifyUnitOfWork],
    queue: DeliveryQueue,
    senders: dict[Channel, Sender],
    *,
    delays: list[float],
    lease_seconds: float,
    batch: int = 50,
    concurrency: int = 8,
    clock: Clock = utcnow,
) -> int:
    """Send the deliveries that are due, several at a time; each attempt's outcome is saved with
    its event. A delivery leased here is not sent by another replica until the lease runs out."""
    claimed = await queue.claim(clock(), lease_seconds, batch)
    slots = asyncio.Semaphore(concurrency)

    async def attempt(delivery: Delivery) -> None:
        async with slots:
            error: DeliveryError | None = None
            try:
                sender = senders.get(delivery.channel)
                if sender is None:
                    raise DeliveryError(
                        f"{delivery.channel.value} is not configured", permanent=True
                    )
                await sender.send(delivery.address, delivery.subject, delivery.text)
            except DeliveryError as exc:
                error = exc
            await _settle(new_uow, delivery.id, error, delays=delays, clock=clock)

    await asyncio.gather(*(attempt(d) for d in claimed))
    return len(claimed)


async def _settle(
    new_uow: Callable[[], NotifyUnitOfWork],
    delivery_id: str,
    error: DeliveryError | None,
    *,
    delays: list[float],
    clock: Clock,
) -> None:
    async with new_uow() as uow:
        delivery = await uow.deliveries.get(delivery_id)
        if delivery is None or delivery.status is not DeliveryStatus.PENDING:
            return
        if error is None:
            delivery.sent(clock())
        else:
            delivery.not_sent(error.reason, now=clock(), delays=delays, permanent=error.permanent)
        await uow.deliveries.save(delivery)
        await uow.commit()
    if error is not None:
        log.warning(
            "delivery not sent",
            delivery_id=delivery_id,
            channel=delivery.channel.value,
            attempt=delivery.attempts,
            status=delivery.status.value,
            reason=error.reason,
        )


# --- reminders ------------------------------------------------------------------------------
async def plan_reminders(
    uow: NotifyUnitOfWork,
    *,
    consumer: str,
    event_id: str,
    groups: list[str],
    plan: list[Reminder],
) -> None:
    """A new plan for what `groups` are about: their scheduled reminders are cancelled and the
    plan's steps scheduled, except steps already sent (a step is sent once, ever)."""
    async with uow:
        if await uow.already_processed(consumer, event_id):
            return
        uow.mark_processed(consumer, event_id)
        for group in groups:
            for old in await uow.reminders.scheduled_in(group):
                old.settle(ReminderStatus.CANCELLED)
                await uow.reminders.save(old)
        for reminder in plan:
            known = await uow.reminders.get(reminder.id)
            if known is None:
                await uow.reminders.add(reminder)
            elif known.status is not ReminderStatus.SENT:
                reminder.version = known.version
                await uow.reminders.save(reminder)
        await uow.commit()


async def send_due_reminders(
    new_uow: Callable[[], NotifyUnitOfWork],
    templates: Templates,
    hours: HoursGateway | None,
    *,
    today: date,
    channels: frozenset[Channel] = frozenset(),
    batch: int = 100,
    clock: Clock = utcnow,
) -> int:
    """Send every reminder due by `today`, each once: it is marked sent in the transaction that
    puts its notification in the inbox, and a replica that raced another loses on the version."""
    sent, after = 0, None
    while True:
        async with new_uow() as uow:
            page = await uow.reminders.due(today, after, batch)
        for reminder in page:
            decided = await _decide(reminder, hours)
            if decided is None:
                continue  # the check could not be made now: the next run asks again
            status, found = decided
            try:
                async with new_uow() as uow:
                    fresh = await uow.reminders.get(reminder.id)
                    if fresh is None or fresh.status is not ReminderStatus.SCHEDULED:
                        continue
                    fresh.settle(status)
                    fresh.values.update(found)
                    await uow.reminders.save(fresh)
                    if status is ReminderStatus.SENT:
                        await _deliver(
                            uow,
                            templates,
                            Message(
                                fresh.kind, dict(fresh.values), recipient_id=fresh.recipient_id
                            ),
                            source_event_id=f"reminder:{fresh.id}",
                            channels=channels,
                            clock=clock,
                        )
                    await uow.commit()
            except ConcurrencyError:
                continue  # another replica settled it
            sent += status is ReminderStatus.SENT
        if len(page) < batch:
            return sent
        after = page[-1].id


async def _decide(
    reminder: Reminder, hours: HoursGateway | None
) -> tuple[ReminderStatus, dict[str, str]] | None:
    """Whether a due reminder goes (with what its check found), is skipped, or waits (None)."""
    if reminder.check is not Check.EDUCATION_HOURS:
        return ReminderStatus.SENT, {}
    if hours is None:
        return None
    try:
        short = await hours.shortfall(reminder.values["worker_id"], reminder.values["speciality"])
    except (RemoteUnavailableError, RemoteRefusalError) as exc:
        log.warning("hours check postponed", reminder_id=reminder.id, reason=str(exc))
        return None
    if short is None:
        return ReminderStatus.SKIPPED, {}
    return ReminderStatus.SENT, {"detail": short}


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
