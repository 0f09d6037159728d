"""Accreditation errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.runtime.errors import ConflictError, DomainError, NotFoundError


class AccreditationError(DomainError):
    code = "accreditation_rule"


class IllegalTransitionError(AccreditationError, ConflictError):
    code = "illegal_transition"
    default_message = "Заявление нельзя перевести в этот статус"
    fixable_by = "worker"


class ApplicationAlreadyActiveError(AccreditationError, ConflictError):
    code = "application_already_active"
    default_message = (
        "По этой специальности уже есть заявление в работе: дождитесь решения или отмените его"
    )
    fixable_by = "worker"


class ApplicationNotFoundError(AccreditationError, NotFoundError):
    code = "application_not_found"
    default_message = "Заявление не найдено"
    fixable_by = "worker"


class ApplicationNotReadyError(AccreditationError):
    """Every obstacle is a field `obstacles.<code>` with its own message."""

    code = "application_not_ready"
    default_message = "Заявление нельзя отправить: исправьте отмеченное"
