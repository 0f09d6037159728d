"""Notify commands, replies and events."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Self

from pydantic import ConfigDict, Field, model_validator

from egisz.contracts.bounds import Code, Cursor, Flag, Int
from egisz.contracts.envelope import EventData, WireModel


class ListInbox(WireModel):
    """The caller's own inbox, newest first, with the bell's unread count."""

    cursor: Cursor | None = Field(default=None, description="`next_cursor` of the previous page.")
    limit: Int = Field(default=20, ge=1, le=100)
    unread_only: Flag = False


class InboxItem(WireModel):
    notification_id: str
    kind: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None


class InboxPage(WireModel):
    items: list[InboxItem]
    unread_count: Int
    next_cursor: str | None
    mailboxes: list[str] = Field(
        default_factory=list,
        description="The mailboxes this page reads: a `notification.created` whose "
        "`recipient_id` is one of them is news for this caller (the HTTP bell listens so).",
    )


class MarkRead(WireModel):
    """Mark one notification read, or all of the caller's."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["notification_id"],
                    "properties": {
                        "notification_id": {"type": "string", "maxLength": 128},
                        "all": {"const": False},
                    },
                },
                {
                    "required": ["all"],
                    "properties": {"all": {"const": True}, "notification_id": {"type": "null"}},
                },
            ]
        }
    )

    notification_id: Cursor | None = None
    all: Flag = False

    @model_validator(mode="after")
    def _one_or_all(self) -> Self:
        if (self.notification_id is None) == (not self.all):
            raise ValueError("укажите notification_id или all=true, но не оба сразу")
        return self


class MarkReadResult(WireModel):
    marked: Int
    unread_count: Int


class NotificationCreated(EventData):
    notification_id: str
    recipient_id: str
    kind: str


class GetPreferences(WireModel):
    """The caller's own delivery preferences, or their organization's."""

    for_organization: Flag = Field(
        default=False,
        description="An officer with access in FRMO: the organization's mailbox, not their own.",
    )


class UpdatePreferences(WireModel):
    """Turn e-mail or SMS on or off, or choose the language; the inbox is always on."""

    for_organization: Flag = Field(
        default=False,
        description="An officer with access in FRMO: the organization's mailbox, not their own.",
    )
    email_enabled: Flag | None = None
    sms_enabled: Flag | None = None
    language: Code | None = Field(
        default=None,
        description="`ru` (default) or `en`: the languages notify has templates in.",
        json_schema_extra={"enum": ["ru", "en", None]},  # notify's LANGUAGES, tested so
    )


class PreferencesView(WireModel):
    mailbox_id: str
    email_enabled: bool
    sms_enabled: bool
    language: str
    emails: list[str] = Field(description="Where e-mail goes, masked; from the registry.")
    phone: str | None = Field(default=None, description="Where SMS goes, masked.")


class DeliveryAttempted(EventData):
    """One attempt to send a notification by e-mail or SMS, and how it ended."""

    delivery_id: str
    notification_id: str
    recipient_id: str
    channel: Literal["email", "sms"]
    outcome: Literal["sent", "retrying", "failed"]
    attempt: Int
    reason: str | None = None
    next_attempt_at: datetime | None = None
