"""Notify commands, replies and events."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Self

from pydantic import Field, model_validator

from egisz.contracts.bounds import Code, Cursor
from egisz.contracts.envelope import EventData, WireModel


class ListInbox(WireModel):
    """The caller's own inbox, newest first, with the bell's unread count."""

    cursor: Cursor | None = Field(default=None, description="`next_cursor` of the previous page.")
    limit: int = Field(default=20, ge=1, le=100)
    unread_only: bool = False


class InboxItem(WireModel):
    notification_id: str
    kind: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None


class InboxPage(WireModel):
    items: list[InboxItem]
    unread_count: int
    next_cursor: str | None
    mailboxes: list[str] = Field(
        default_factory=list,
        description="The mailboxes this page reads: a `notification.created` whose "
        "`recipient_id` is one of them is news for this caller (the HTTP bell listens so).",
    )


class MarkRead(WireModel):
    """Mark one notification read, or all of the caller's."""

    notification_id: Cursor | None = None
    all: bool = False

    @model_validator(mode="after")
    def _one_or_all(self) -> Self:
        if (self.notification_id is None) == (not self.all):
            raise ValueError("укажите notification_id или all=true, но не оба сразу")
        return self


class MarkReadResult(WireModel):
    marked: int
    unread_count: int


class NotificationCreated(EventData):
    notification_id: str
    recipient_id: str
    kind: str


class GetPreferences(WireModel):
    """The caller's own delivery preferences, or their organization's."""

    for_organization: bool = Field(
        default=False,
        description="An officer with access in FRMO: the organization's mailbox, not their own.",
    )


class UpdatePreferences(WireModel):
    """Turn e-mail or SMS on or off, or choose the language; the inbox is always on."""

    for_organization: bool = Field(
        default=False,
        description="An officer with access in FRMO: the organization's mailbox, not their own.",
    )
    email_enabled: bool | None = None
    sms_enabled: bool | None = None
    language: Code | None = Field(default=None, description="`ru` (default) or `en`.")


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
    attempt: int
    reason: str | None = None
    next_attempt_at: datetime | None = None
