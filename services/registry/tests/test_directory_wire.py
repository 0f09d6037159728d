"""The directory over real NATS and MongoDB: the register's own events fill it (a worker entered
is found by anyone, without personal data), a change is a new version with its history, and a
signed-in officer who maintains the record reads it whole; SNILS needs a token."""

from __future__ import annotations

from typing import Any

import pytest

from egisz.contracts import subjects

from .conftest import ORG_A, As, eventually
from .workers_wire import fields, registered

pytestmark = pytest.mark.integration


def params(**given: str) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in given.items()]


async def search(caller: Any, type: str, **given: str) -> dict[str, Any]:
    reply = await caller(
        subjects.DIRECTORY_SEARCH.subject, {"type": type, "parameters": params(**given)}
    )
    assert reply["ok"], reply
    return reply["result"]  # type: ignore[no-any-return]


async def listed(as_: As, worker_id: str, version: int = 1) -> dict[str, Any]:
    async def probe() -> list[dict[str, Any]]:
        page = await search(as_.anonymous(), "Practitioner", _id=worker_id)
        return [e for e in page["entries"] if e["version"] >= version]

    [entry] = await eventually(probe, lambda found: len(found) == 1)
    return entry  # type: ignore[no-any-return]


async def test_a_worker_entered_is_in_the_directory_for_anyone_without_personal_data(
    as_: As,
) -> None:
    w = await registered(as_, last_name="Директорова")
    entry = await listed(as_, w["worker_id"])
    resource = entry["resource"]
    assert (resource["resourceType"], resource["meta"]["versionId"]) == ("Practitioner", "1")
    assert resource["name"][0]["family"] == "Директорова"
    assert w["snils"] not in str(resource) and "birthDate" not in resource
    by_name = await search(as_.anonymous(), "Practitioner", family="директоров", _count="100")
    assert w["worker_id"] in [e["id"] for e in by_name["entries"]]


async def test_a_change_is_a_new_version_and_the_old_one_stays_readable(as_: As) -> None:
    w = await registered(as_)
    await listed(as_, w["worker_id"])
    changed = await as_.officer(ORG_A)(
        subjects.WORKER_UPDATE.subject,
        {
            "worker_id": w["worker_id"],
            "personal": {
                "last_name": "Обновлённая",
                "first_name": "Анна",
                "birth_date": w["birth_date"],
            },
        },
    )
    assert changed["ok"], changed
    now = await listed(as_, w["worker_id"], version=2)
    assert now["resource"]["name"][0]["family"] == "Обновлённая"
    read = as_.anonymous()
    first = await read(
        subjects.DIRECTORY_READ.subject,
        {"type": "Practitioner", "id": w["worker_id"], "version": 1},
    )
    assert first["result"]["resource"]["name"][0]["family"] == "Петрова"
    history = await read(
        subjects.DIRECTORY_HISTORY.subject, {"type": "Practitioner", "id": w["worker_id"]}
    )
    assert [(e["version"], e["method"]) for e in history["result"]["entries"]] == [
        (2, "PUT"),
        (1, "POST"),
    ]


async def test_snils_finds_a_person_only_for_one_who_may_find_them(as_: As) -> None:
    w = await registered(as_)
    await listed(as_, w["worker_id"])
    asked = {"type": "Practitioner", "parameters": params(identifier=w["snils"])}
    anonymous = await as_.anonymous()(subjects.DIRECTORY_SEARCH.subject, asked)
    assert anonymous["error"]["code"] == "snils_needs_a_token"
    page = await search(as_.officer(ORG_A), "Practitioner", identifier=w["snils"])
    [entry] = page["entries"]
    assert entry["resource"]["identifier"][0]["value"] == w["snils"]
    assert entry["resource"]["birthDate"] == w["birth_date"]
    other = await search(
        as_.officer("1.2.643.5.1.13.13.12.2.78.202"), "Practitioner", identifier=w["snils"]
    )
    assert other["entries"] == []


async def test_a_search_parameter_that_cannot_be_honoured_is_refused_by_name(as_: As) -> None:
    reply = await as_.anonymous()(
        subjects.DIRECTORY_SEARCH.subject,
        {"type": "Organization", "parameters": params(colour="red")},
    )
    assert fields(reply) == {"colour": "unsupported_search_parameter"}
    gone = await as_.anonymous()(
        subjects.DIRECTORY_READ.subject, {"type": "Location", "id": "1.2.3.4"}
    )
    assert gone["error"]["code"] == "resource_not_found"
