"""Notify's commands and events."""

from __future__ import annotations

from egisz.contracts import notify
from egisz.contracts.subjects.naming import Command, Event

# --- notify ---------------------------------------------------------------------------------
INBOX_LIST = Command(
    "egisz.notify.cmd.inbox.list",
    notify.ListInbox,
    notify.InboxPage,
    "The caller's inbox page and unread count (the bell).",
)
INBOX_MARK_READ = Command(
    "egisz.notify.cmd.inbox.mark_read",
    notify.MarkRead,
    notify.MarkReadResult,
    "Mark one or all of the caller's notifications read.",
)
NOTIFICATION_CREATED = Event(
    "egisz.notify.evt.notification.created",
    notify.NotificationCreated,
    "A notification reached a recipient's inbox.",
)
PREFERENCES_GET = Command(
    "egisz.notify.cmd.preferences.get",
    notify.GetPreferences,
    notify.PreferencesView,
    "The caller's delivery preferences and where e-mail and SMS go (masked).",
)
PREFERENCES_UPDATE = Command(
    "egisz.notify.cmd.preferences.update",
    notify.UpdatePreferences,
    notify.PreferencesView,
    "Turn e-mail or SMS on or off, or choose the language.",
)
DELIVERY_ATTEMPTED = Event(
    "egisz.notify.evt.delivery.attempted",
    notify.DeliveryAttempted,
    "An e-mail or SMS attempt and its outcome: sent, retrying (with when) or failed (why).",
)
