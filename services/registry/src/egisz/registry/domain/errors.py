"""The registry's refusals every context shares: the base of the tree, no access grant, an
organization not found, too many identity misses, a field not in the reference books' queue.
Each context keeps its own (`<context>/domain/errors.py`)."""

from __future__ import annotations

from egisz.kernel.errors import (
    DomainError,
    ForbiddenError,
    NotFoundError,
)


class RegistryError(DomainError):
    code = "registry_rule"


class OrganizationNotFoundError(RegistryError, NotFoundError):
    code = "organization_not_found"
    default_message = "Организация не найдена в ФРМО"
    fixable_by = "organization"


class NoAccessGrantError(RegistryError, ForbiddenError):
    code = "no_access_grant"
    default_message = (
        "Нет доступа к организации в ФРМО/ФРМР: доступ дают одобренная заявка организации или "
        "заявка на доступ ответственным сотрудникам, которую рассматривает служба поддержки ЕГИСЗ"
    )
    fixable_by = "organization"


class TooManyIdentityMissesError(RegistryError, ForbiddenError):
    """`domain.identity_check`: a caller who named too many wrong SNILS and birth date pairs
    today is stopped for a day, whatever the next pair is."""

    code = "too_many_identity_misses"
    default_message = (
        "За сутки слишком много раз указаны СНИЛС и дата рождения, которые не совпали с ФРМР: "
        "проверьте данные по документам и повторите завтра или обратитесь в поддержку"
    )
    fixable_by = "support"


class NotQueuedError(RegistryError, NotFoundError):
    """The desk named a field that does not wait for a code (coded already, or no such field)."""

    code = "not_queued"
    default_message = "Этого поля нет в очереди кодирования: оно уже закодировано или не найдено"
    fixable_by = "support"
