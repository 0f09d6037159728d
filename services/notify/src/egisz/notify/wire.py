"""Notify's wire mapping: inbox items, preferences, its own events, and values for templates."""

from __future__ import annotations

from pydantic import BaseModel

from egisz.contracts import accreditation as accreditation_wire, notify as wire, subjects
from egisz.notify.domain.model import (
    DeliveryAttempted,
    Mailbox,
    Notification,
    NotificationDelivered,
    day as day,
)
from egisz.runtime.events import EventForms


def to_item(n: Notification) -> wire.InboxItem:
    return wire.InboxItem(
        notification_id=n.id,
        kind=n.kind.value,
        title=n.title,
        body=n.body,
        created_at=n.created_at,
        read_at=n.read_at,
    )


def _delivered(e: NotificationDelivered) -> tuple[str, BaseModel]:
    return e.recipient_id, wire.NotificationCreated(
        notification_id=e.notification_id, recipient_id=e.recipient_id, kind=e.kind.value
    )


def _attempted(e: DeliveryAttempted) -> tuple[str, BaseModel]:
    return e.notification_id, wire.DeliveryAttempted(
        delivery_id=e.delivery_id,
        notification_id=e.notification_id,
        recipient_id=e.recipient_id,
        channel=e.channel.value,
        outcome=e.outcome,
        attempt=e.attempt,
        reason=e.reason,
        next_attempt_at=e.next_attempt_at,
    )


to_wire = EventForms(
    {
        NotificationDelivered: (subjects.NOTIFICATION_CREATED, _delivered),
        DeliveryAttempted: (subjects.DELIVERY_ATTEMPTED, _attempted),
    }
)
"""Notify's own events → CloudEvents in the outbox."""


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
