"""Recipients (notify's own copy of registry contacts) and their notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class NotificationKind(StrEnum):
    CABINET_CREATED = "cabinet_created"


@dataclass
class Recipient:
    worker_id: str
    snils: str
    first_name: str
    middle_name: str | None
    last_name: str


@dataclass(frozen=True)
class NotificationDelivered:
    notification_id: str
    recipient_id: str
    kind: NotificationKind


DomainEvent = NotificationDelivered


@dataclass
class Notification:
    id: str
    recipient_id: str
    kind: NotificationKind
    title: str
    body: str
    created_at: datetime
    source_event_id: str
    read_at: datetime | None = None
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def deliver(
        cls,
        *,
        notification_id: str,
        recipient_id: str,
        kind: NotificationKind,
        title: str,
        body: str,
        now: datetime,
        source_event_id: str,
    ) -> Notification:
        n = cls(notification_id, recipient_id, kind, title, body, now, source_event_id)
        n.events.append(NotificationDelivered(notification_id, recipient_id, kind))
        return n

    @property
    def unread(self) -> bool:
        return self.read_at is None
