"""Notify errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.kernel.errors import DomainError, NotFoundError, TransientError


class NotifyError(DomainError):
    code = "notify_rule"


class NotificationNotFoundError(NotifyError, NotFoundError):
    code = "notification_not_found"
    default_message = "Уведомление не найдено"


class RecipientNotYetKnownError(TransientError):
    """An event names a worker whose registration has not reached notify yet: try later."""

    code = "recipient_not_yet_known"
