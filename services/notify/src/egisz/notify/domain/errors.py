"""Notify errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.runtime.errors import DomainError, NotFoundError


class NotifyError(DomainError):
    code = "notify_rule"


class RecipientUnknownError(NotifyError, NotFoundError):
    code = "recipient_unknown"
    default_message = (
        "Сотрудник с указанным СНИЛС не найден в системе ФРМР: личный кабинет появится, "
        "когда работодатель внесёт вас в ФРМР"
    )
    fixable_by = "organization"


class NotificationNotFoundError(NotifyError, NotFoundError):
    code = "notification_not_found"
    default_message = "Уведомление не найдено"
