"""One async function per command or reaction."""

# What the handlers and tests use, named (a star re-export hid where each lives).
from egisz.notify.usecases.inbox import list_inbox, mark_read, read_preferences, set_preferences
from egisz.notify.usecases.messages import (
    Contacts,
    JobChange,
    notify,
    readable_mailboxes,
    remember_contacts,
    staff_name,
    worker_name,
)
from egisz.notify.usecases.reminders import plan_reminders, send_due_reminders
from egisz.notify.usecases.sending import dispatch

__all__ = [
    "Contacts",
    "JobChange",
    "dispatch",
    "list_inbox",
    "mark_read",
    "notify",
    "plan_reminders",
    "read_preferences",
    "readable_mailboxes",
    "remember_contacts",
    "send_due_reminders",
    "set_preferences",
    "staff_name",
    "worker_name",
]
