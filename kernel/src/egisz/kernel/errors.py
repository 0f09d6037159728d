"""Error tree shared by every service. Pure: standard library only, safe to import from a domain.

    ServiceError                 anything a service answers with instead of a result
    ├── DomainError              a rule refused the request (input or state); the caller can fix it
    │   ├── InvalidInputError    fields are wrong: `fields` names each one and the fix
    │   ├── ConflictError        the thing already exists / the state moved on
    │   └── NotFoundError        nothing with that identity
    ├── AuthError
    │   ├── UnauthenticatedError no valid token
    │   └── ForbiddenError       a valid token without the right to this
    └── TransientError           try again later (a dependency is down, a write raced)
        └── ConcurrencyError     optimistic-concurrency check failed

Each error carries a stable `code`, a Russian `message` users read, and `fixable_by`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

FixableBy = Literal["worker", "organization", "support"]


@dataclass(frozen=True)
class Obstacle:
    """What would stop an action (an application, its submission), said before it is tried,
    with who can remove it: the portfolio's readiness and accreditation's checks speak so."""

    code: str
    message: str
    fixable_by: FixableBy


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    code: str = "invalid"
    fixable_by: FixableBy | None = None  # where one reply's problems have different fixers


class ServiceError(Exception):
    code: ClassVar[str] = "internal_error"
    default_message: ClassVar[str] = "Внутренняя ошибка сервиса"
    fixable_by: FixableBy = "support"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: list[FieldProblem] | None = None,
        fixable_by: FixableBy | None = None,
        details: dict[str, int | str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details = dict(details or {})
        if code is not None:
            self.code = code  # type: ignore[misc]
        if fixable_by is not None:
            self.fixable_by = fixable_by
        self.fields: list[FieldProblem] = list(fields or [])
        super().__init__(self.message)

    @classmethod
    def at(cls, field: str, code: str) -> Self:
        """This error, its own message said of one field (`subdivision_oid`: `not_found`)."""
        return cls(fields=[FieldProblem(field, cls.default_message, code)])


class DomainError(ServiceError):
    code = "domain_rule"
    default_message = "Запрос противоречит правилам"
    fixable_by: FixableBy = "worker"


class InvalidInputError(DomainError):
    code = "validation_failed"
    default_message = "Проверьте заполнение полей"

    @classmethod
    def of(cls, field: str, message: str, code: str = "invalid") -> InvalidInputError:
        return cls(message, fields=[FieldProblem(field, message, code)])


class ConflictError(DomainError):
    code = "conflict"
    default_message = "Такая запись уже есть"


class NotFoundError(DomainError):
    code = "not_found"
    default_message = "Запись не найдена"


class AuthError(ServiceError):
    pass


class UnauthenticatedError(AuthError):
    code = "unauthenticated"
    default_message = "Нужен действительный токен доступа: войдите в систему заново"
    fixable_by: FixableBy = "worker"


class ForbiddenError(AuthError):
    code = "forbidden"
    default_message = "Недостаточно прав для этого действия"
    fixable_by: FixableBy = "organization"


class TransientError(ServiceError):
    code = "service_unavailable"
    default_message = "Сервис временно недоступен, повторите попытку позже"


class ConcurrencyError(TransientError):
    code = "concurrent_update"
    default_message = "Запись изменена одновременно другим запросом, повторите попытку"


# --- another service's answer, passed on (runtime.remote) ---
class RemoteRefusalError(DomainError):
    """The other service refused: its code, message, fields and who can fix it, passed on."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(
            error.get("message"),
            code=str(error.get("code", "remote_refusal")),
            fields=[
                FieldProblem(f["field"], f["message"], f.get("code", "invalid"))
                for f in error.get("fields", [])
            ],
            fixable_by=error.get("fixable_by", "support"),
        )


class RemoteUnavailableError(TransientError):
    code = "service_unavailable"


class Problems:
    """Collects every problem with a request, so one refusal names each field at once."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str, code: str = "invalid") -> None:
        self.items.append(FieldProblem(field, message, code))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInputError(fields=list(self.items))
