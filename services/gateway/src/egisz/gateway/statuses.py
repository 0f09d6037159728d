"""A reply envelope's HTTP status: from the refusal's kind (`ErrorBody.kind`), never from a list
of every service's codes. Pure: no I/O."""

from __future__ import annotations

from typing import Any

STATUS_OF_KIND = {
    "invalid": 422,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "rule": 422,
    "unavailable": 503,
    "internal": 500,
}
BODY_UNREADABLE = {"invalid_message"}  # the body is not a message at all: 400, not 422
TOO_LARGE = {"payload_too_large"}


def status_of(reply: dict[str, Any]) -> int:
    if reply.get("ok"):
        return 200
    error = reply.get("error") or {}
    if error.get("code") in BODY_UNREADABLE:
        return 400
    if error.get("code") in TOO_LARGE:
        return 413
    return STATUS_OF_KIND.get(str(error.get("kind")), 500)
