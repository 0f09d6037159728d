"""Errors to reply envelopes; pydantic validation errors to Russian field errors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from egisz.contracts.envelope import ErrorBody, ErrorCode, ErrorKind, FieldError, Reply
from egisz.kernel.errors import (
    ConflictError,
    DomainError,
    FieldProblem,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    ServiceError,
    TransientError,
    UnauthenticatedError,
)

# Most specific first: a service's error often has two bases (`RegistryError, ForbiddenError`).
_KINDS: tuple[tuple[type[ServiceError], ErrorKind], ...] = (
    (InvalidInputError, "invalid"),
    (UnauthenticatedError, "unauthenticated"),
    (ForbiddenError, "forbidden"),
    (NotFoundError, "not_found"),
    (ConflictError, "conflict"),
    (TransientError, "unavailable"),
)

_MESSAGES: dict[str, str] = {
    "missing": "Обязательное поле: заполните его",
    "extra_forbidden": "Неизвестное поле: уберите его или проверьте написание",
    "date_parsing": "Укажите дату в формате ГГГГ-ММ-ДД",
    "date_from_datetime_parsing": "Укажите дату в формате ГГГГ-ММ-ДД",
    "date_from_datetime_inexact": "Укажите дату без времени, в формате ГГГГ-ММ-ДД",
    "date_type": "Укажите дату в формате ГГГГ-ММ-ДД",
    "datetime_parsing": "Укажите дату и время в формате ISO 8601",
    "string_type": "Ожидается строка",
    "int_parsing": "Ожидается целое число",
    "int_type": "Ожидается целое число",
    "int_from_float": "Ожидается целое число, без дробной части",
    "bool_parsing": "Ожидается true или false",
    "bool_type": "Ожидается true или false",
    "model_type": "Ожидается объект JSON",
    "list_type": "Ожидается список",
    "json_invalid": "Тело запроса — не корректный JSON",
    "json_type": "Тело запроса — не корректный JSON",
    "string_pattern_mismatch": "Недопустимые символы: цифры — только 0–9, без иных знаков",
    "too_long": "Слишком много элементов в списке",
    "decimal_max_digits": "Слишком много цифр в числе",
    "decimal_max_places": "Слишком много знаков после запятой",
}


def _message(err: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "greater_than_equal":
        return f"Значение должно быть не меньше {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"Значение должно быть не больше {ctx.get('le')}"
    if kind == "string_too_short":
        return f"Слишком коротко: нужно не меньше {ctx.get('min_length')} символов"
    if kind == "greater_than":
        return f"Значение должно быть больше {ctx.get('gt')}"
    if kind == "too_long":
        return f"Слишком много элементов: допустимо не больше {ctx.get('max_length')}"
    if kind == "string_too_long":
        return f"Слишком длинно: допустимо не больше {ctx.get('max_length')} символов"
    if kind == "literal_error" or kind == "enum":
        return f"Допустимые значения: {ctx.get('expected')}"
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return f"Недопустимое значение ({err['msg']})"


# A reply never echoes unbounded input: every text in an error is cut, and so is the list.
MAX_FIELD_ERRORS = 50
MAX_TEXT = 300


def _cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def invalid_input(exc: ValidationError) -> InvalidInputError:
    problems = [
        FieldProblem(
            field=".".join(str(p) for p in err["loc"]) or "body",
            message=_message(err),
            code=err["type"],
        )
        for err in exc.errors(include_input=False, include_url=False)[:MAX_FIELD_ERRORS]
    ]
    return InvalidInputError(fields=problems)


def error_kind(exc: ServiceError) -> ErrorKind:
    """The sort of refusal, from where the error stands in the tree (runtime.errors)."""
    for cls, kind in _KINDS:
        if isinstance(exc, cls):
            return kind
    if exc.code == "invalid_message":  # inbound's: the body was not a message at all
        return "invalid"
    return "rule" if isinstance(exc, DomainError) else "internal"


def error_body(exc: ServiceError) -> ErrorBody:
    return ErrorBody(
        code=_cut(exc.code, 64),
        kind=error_kind(exc),
        message=_cut(exc.message, 1000),
        fields=[
            FieldError(
                field=_cut(f.field, 200),
                message=_cut(f.message),
                code=_cut(f.code, 64),
                fixable_by=f.fixable_by,
            )
            for f in exc.fields[:MAX_FIELD_ERRORS]
        ],
        fixable_by=exc.fixable_by,
        details={_cut(k, 64): v if isinstance(v, int) else _cut(v) for k, v in exc.details.items()},
    )


def internal_error_body() -> ErrorBody:
    return ErrorBody(
        code=ErrorCode.INTERNAL_ERROR,
        kind="internal",
        message="Внутренняя ошибка сервиса: обратитесь в службу поддержки",
        fixable_by="support",
    )


def success(result: BaseModel) -> bytes:
    return Reply.success(result).model_dump_json().encode()


def failure(body: ErrorBody) -> bytes:
    return Reply.failure(body).model_dump_json().encode()
