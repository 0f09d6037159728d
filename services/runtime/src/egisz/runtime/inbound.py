"""Every inbound body is bounded before anything that can recurse decodes it.

A recursive JSON decoder (FastStream's) raised RecursionError on a body nested a few thousand
levels deep before any handler ran, and no reply went out (docs/stack.md, pitfall 22). Handlers
therefore take the raw bytes, and `check_body` refuses, in linear time and without recursion,
what is too large, not UTF-8, not a JSON object or nested too deep.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from egisz.kernel.errors import DomainError, FieldProblem

MAX_DEPTH = 64
# NATS' default max_payload is 1 MiB; a file part (512 KiB as base64) fits below this.
MAX_BODY_BYTES = 1024 * 1024

# A JSON string (escapes included); an unterminated one runs to the end of the text.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"{": 1, "[": 1, "}": -1, "]": -1}


class InvalidMessageError(DomainError):
    """The body is not a message at all: nothing in it was read."""

    code = "invalid_message"
    default_message = "Сообщение не прочитано: тело должно быть объектом JSON в UTF-8"
    fixable_by = "worker"

    @classmethod
    def because(cls, reason: str, code: str) -> InvalidMessageError:
        return cls(
            f"Сообщение не прочитано: {reason}",
            fields=[FieldProblem("body", reason, code)],
        )


def nesting_depth(text: str) -> int:
    """How deep objects and arrays nest, strings skipped; linear, no recursion."""
    skeleton = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, skeleton)), default=0)


def check_body(body: bytes, *, max_bytes: int = MAX_BODY_BYTES, max_depth: int = MAX_DEPTH) -> None:
    """Refuse a body no command can be: too large, not UTF-8, not an object, too deep."""
    if len(body) > max_bytes:
        raise InvalidMessageError.because(
            f"тело больше {max_bytes} байт: уменьшите его или передайте файл частями",
            "too_large",
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidMessageError.because("тело не в кодировке UTF-8", "not_utf8") from None
    if not text.lstrip(" \t\r\n").startswith("{"):
        raise InvalidMessageError.because("тело должно быть объектом JSON ({…})", "not_object")
    if nesting_depth(text) > max_depth:
        raise InvalidMessageError.because(f"вложенность больше {max_depth} уровней", "too_deep")


def not_json(errors: list[Any]) -> InvalidMessageError | None:
    """pydantic's verdict on a body that does not parse as JSON, as `invalid_message`."""
    if any(str(e.get("type", "")).startswith("json_") and not e.get("loc") for e in errors):
        return InvalidMessageError.because("тело — не корректный JSON", "not_json")
    return None


_ID = re.compile(r"[A-Za-z0-9._:|-]{1,128}")


def bounded_id(value: str | None) -> str | None:
    """A correlation id as sent, if it is a short plain token; otherwise none (a new one is
    minted), so a crafted header cannot blow up every log line that carries it."""
    if value is not None and _ID.fullmatch(value):
        return value
    return None


def idempotency_key(value: str | None) -> str | None:
    """The `idempotency-key` header: up to 128 letters, digits and `._:|-`."""
    if value is None:
        return None
    if not _ID.fullmatch(value):
        raise InvalidMessageError(
            "Ключ идемпотентности: от 1 до 128 латинских букв, цифр и знаков ._:|-",
            fields=[
                FieldProblem(
                    "headers.idempotency-key",
                    "Ключ идемпотентности: от 1 до 128 латинских букв, цифр и знаков ._:|-",
                    "invalid",
                )
            ],
        )
    return value
