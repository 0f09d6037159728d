"""Helpers of the wire tests of FRMR: distinct people, their registration and the events about them."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta
from typing import Any

from egisz.contracts import subjects

from .conftest import ORG_A, As, eventually, fresh_snils

# Every person a distinct birth date in the session (a permutation of 18,000 days): the same
# name and birth date is a likely duplicate, put in review — random dates of 4,050 collided once
# a session registered some hundred «Петрова Анна».
_DAYS = itertools.count(uuid.uuid4().int % 18_000)


def distinct_birth_date() -> str:
    return (date(1950, 1, 1) + timedelta(days=next(_DAYS) * 7919 % 18_000)).isoformat()


def person(snils: str | None = None, **changes: Any) -> dict[str, Any]:
    return {
        "snils": snils or fresh_snils(),
        "last_name": "Петрова",
        "first_name": "Анна",
        "middle_name": "Сергеевна",
        "birth_date": distinct_birth_date(),
        **changes,
    }


def fields(reply: dict[str, Any]) -> dict[str, str]:
    assert reply["ok"] is False, reply
    return {f["field"]: f["code"] for f in reply["error"]["fields"]}


async def registered(as_: As, org: str = ORG_A, **changes: Any) -> dict[str, Any]:
    reply = await as_.officer(org)(subjects.WORKER_REGISTER.subject, person(**changes))
    assert reply["ok"], reply
    return reply["result"]  # type: ignore[no-any-return]


async def events_about(as_: As, worker_id: str, count: int) -> list[dict[str, Any]]:
    """Events about `worker_id` in the change feed, once `count` of them have been published."""

    async def probe() -> list[dict[str, Any]]:
        reply = await as_.system("system:directory")(
            subjects.CHANGES_LIST.subject, {"after": 0, "limit": 500}
        )
        found, page = [], reply["result"]
        while True:
            found += [e for e in page["events"] if e.get("subject") == worker_id]
            if not page["has_more"]:
                return found
            nxt = await as_.system("system:directory")(
                subjects.CHANGES_LIST.subject, {"after": page["next_cursor"], "limit": 500}
            )
            page = nxt["result"]

    return await eventually(probe, lambda found: len(found) >= count)  # type: ignore[no-any-return]
