"""Contacts kept from the registry's events, and each event's messages put in the inboxes once."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.notify.domain.errors import RecipientNotYetKnownError
from egisz.notify.domain.model import (
    Channel,
    Mailbox,
    Message,
    Notification,
    head,
    organization,
)
from egisz.notify.domain.reminders import Plan as ReminderPlan, ReminderStatus
from egisz.notify.templates import Templates

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.notify.repository import NotifyUnitOfWork


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
    learner: bool = False  # from the register of learners: kept only until FRMR has the person


@dataclass(frozen=True)
class JobChange:
    """A person's job started or ended, as FRMR announced it: their employers follow."""

    person: str  # the person's mailbox
    employment_id: str
    organization_oid: str
    current: bool


async def _employ(uow: NotifyUnitOfWork, job: JobChange) -> None:
    mailbox = await uow.mailboxes.get(job.person)
    fresh = mailbox is None
    mailbox = mailbox or Mailbox(job.person)
    if mailbox.employ(job.employment_id, job.organization_oid, current=job.current):
        await (uow.mailboxes.add if fresh else uow.mailboxes.save)(mailbox)


async def _to_employers(uow: NotifyUnitOfWork, messages: list[Message]) -> list[Message]:
    """A message for a person's employers becomes one per organization they work for now."""
    found: list[Message] = []
    for m in messages:
        if m.employers_of is None:
            found.append(m)
            continue
        person = await uow.mailboxes.get(m.employers_of)
        for oid in person.employers if person else []:
            if oid != m.except_org:
                found.append(replace(m, recipient_id=organization(oid), employers_of=None))
    return found


async def _take(uow: NotifyUnitOfWork, contacts: Contacts) -> None:
    mailbox = await uow.mailboxes.get(contacts.mailbox_id)
    fresh = mailbox is None
    mailbox = mailbox or Mailbox(contacts.mailbox_id)
    emails = contacts.emails
    if contacts.merge:
        emails = [*mailbox.emails, *(e for e in emails if e not in mailbox.emails)]
    if contacts.learner:
        changed = mailbox.take_learner_contacts(
            version=contacts.version, name=contacts.name, emails=emails, phone=contacts.phone
        )
    else:
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


async def remember_contacts(uow: NotifyUnitOfWork, *, contacts: Contacts) -> None:
    """Keep notify's own copy of a mailbox's contacts, from the registry's events."""
    await notify(uow, Templates(), source_event_id="", messages=[], contacts=contacts)


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
    if not mailbox.admits(message.kind):
        return None
    if mailbox.told(message.kind):
        await uow.mailboxes.save(mailbox)
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
    source_event_id: str,
    messages: list[Message],
    contacts: Contacts | None = None,
    channels: frozenset[Channel] = frozenset(),
    job: JobChange | None = None,
    plan: ReminderPlan | None = None,
    clock: Clock = utcnow,
) -> list[Notification]:
    """An event's notifications, each to the person it concerns (the runtime keeps the event
    once); `contacts` the event brings are kept first, and the reminders it plans are planned, in
    the same transaction."""
    delivered: list[Notification] = []
    async with uow:
        if contacts is not None:
            await _take(uow, contacts)
        if job is not None:
            await _employ(uow, job)
        for message in await _to_employers(uow, messages):
            n = await _deliver(
                uow,
                templates,
                message,
                source_event_id=source_event_id,
                channels=channels,
                clock=clock,
            )
            if n is not None:
                delivered.append(n)
        if plan is not None:
            await replan(uow, plan)
        await uow.commit()
    return delivered


async def replan(uow: NotifyUnitOfWork, plan: ReminderPlan) -> None:
    """A new plan for what its groups are about: their scheduled reminders are cancelled and the
    plan's steps scheduled, except steps already sent (a step is sent once, ever)."""
    for group in plan.groups:
        for old in await uow.reminders.scheduled_in(group):
            old.settle(ReminderStatus.CANCELLED)
            await uow.reminders.save(old)
    for reminder in plan.reminders:
        known = await uow.reminders.get(reminder.id)
        if known is None:
            await uow.reminders.add(reminder)
        elif known.status is not ReminderStatus.SENT:
            reminder.version = known.version
            await uow.reminders.save(reminder)


async def worker_name(uow: NotifyUnitOfWork, worker_id: str, fallback: str) -> str:
    async with uow:
        mailbox = await uow.mailboxes.of_worker(worker_id)
    return mailbox.name if mailbox and mailbox.name else fallback


async def staff_name(uow: NotifyUnitOfWork, worker_id: str) -> str:
    """The name an employer knows their staff member by: an event about someone in FRMR waits
    (redelivered) until their `worker.registered` brought it; someone not in FRMR has none."""
    if not worker_id:
        return "Сотрудник"
    async with uow:
        mailbox = await uow.mailboxes.of_worker(worker_id)
    if mailbox is None or not mailbox.name:
        raise RecipientNotYetKnownError(
            f"worker {worker_id} has no name yet: worker.registered not seen"
        )
    return mailbox.name
