"""Notify's wire mapping: inbox items, preferences, its own events, and values for templates."""

from __future__ import annotations

from datetime import date

from egisz.contracts import accreditation as accreditation_wire
from egisz.contracts import notify as wire
from egisz.contracts import subjects
from egisz.notify.domain.model import (
    DeliveryAttempted,
    DomainEvent,
    Mailbox,
    Notification,
    NotificationDelivered,
)
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.mongo import OutgoingEvent


def to_item(n: Notification) -> wire.InboxItem:
    return wire.InboxItem(
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
            data = wire.NotificationCreated(
                notification_id=event.notification_id,
                recipient_id=event.recipient_id,
                kind=event.kind.value,
            )
            return outgoing(
                subjects.NOTIFICATION_CREATED, data, about=event.recipient_id, cause=cause
            )
        case DeliveryAttempted():
            attempted = wire.DeliveryAttempted(
                delivery_id=event.delivery_id,
                notification_id=event.notification_id,
                recipient_id=event.recipient_id,
                channel=event.channel.value,
                outcome=event.outcome,
                attempt=event.attempt,
                reason=event.reason,
                next_attempt_at=event.next_attempt_at,
            )
            return outgoing(
                subjects.DELIVERY_ATTEMPTED, attempted, about=event.notification_id, cause=cause
            )
    raise TypeError(f"no wire form for {event!r}")


def _mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def preferences_view(m: Mailbox) -> wire.PreferencesView:
    return wire.PreferencesView(
        mailbox_id=m.id,
        email_enabled=m.preferences.email,
        sms_enabled=m.preferences.sms,
        language=m.preferences.language,
        emails=[_mask_email(e) for e in m.emails],
        phone=f"***{m.phone[-4:]}" if m.phone else None,
    )


def full_name(last: str, first: str, middle: str | None) -> str:
    return " ".join(p for p in (last, first, middle) if p)


def status_values(
    data: accreditation_wire.ApplicationStatusChanged | accreditation_wire.ExtractStatusChanged,
) -> dict[str, object]:
    return {
        "speciality": data.speciality,
        "status": data.status,
        "status_title": data.status_title,
        "reason": data.reason,
    }


def day(d: date) -> str:
    return d.strftime("%d.%m.%Y")
