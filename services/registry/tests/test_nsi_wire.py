"""Reference books over real NATS and MongoDB: the support desk uploads a ФНСИ file and loads it;
anyone reads dictionaries and entries; every refusal has its code."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role

from .conftest import As, fresh_snils
from .frmo_wire import upload
from .nsi_files import ROWS, archive, rest_file
from .workers_wire import events_about

pytestmark = pytest.mark.integration

UPLOAD = subjects.DICTIONARY_FILE_UPLOAD.subject


def fresh_oid() -> str:
    """A dictionary of its own per test: the session's database is shared."""
    return f"1.2.643.5.1.13.13.99.9.{uuid.uuid4().int % 10**9}"


async def load(as_: As, content: bytes, **given: Any) -> dict[str, Any]:
    desk = as_.role(Role.REGISTRY_OPERATOR)
    stored = await upload(desk, content, "справочник.zip", UPLOAD)
    assert stored["ok"], stored
    body = {"file_id": stored["result"]["file"]["file_id"], **given}
    return await desk(subjects.DICTIONARY_LOAD.subject, body)


async def test_the_desk_loads_a_version_and_anyone_reads_it(as_: As) -> None:
    oid = fresh_oid()
    loaded = await load(as_, archive(oid=oid))
    assert loaded["ok"], loaded
    report = loaded["result"]
    assert (report["version"], report["entries"], report["loaded"]) == ("9.1", 3, True)
    again = await load(as_, rest_file(oid=oid))
    assert again["result"]["loaded"] is False  # the same version: nothing new
    anyone = as_.anonymous()
    entry = await anyone(subjects.DICTIONARY_ENTRY_GET.subject, {"oid": oid, "code": "109"})
    assert entry["result"]["entry"]["name"] == "врач-терапевт"
    assert entry["result"]["in_force"] is True
    found = await anyone(
        subjects.DICTIONARY_ENTRY_SEARCH.subject, {"oid": oid, "text": "Участковый ТЕРАПЕВТ"}
    )
    assert [e["code"] for e in found["result"]["items"]] == ["110"]
    page = await anyone(subjects.DICTIONARY_ENTRY_LIST.subject, {"oid": oid, "limit": 2})
    rest = await anyone(
        subjects.DICTIONARY_ENTRY_LIST.subject,
        {"oid": oid, "after": page["result"]["next_cursor"], "limit": 2},
    )
    assert [e["code"] for e in page["result"]["items"] + rest["result"]["items"]] == [
        "1",
        "109",
        "110",
    ]
    [event] = await events_about(as_, oid, 1)
    assert event["type"] == "ru.egisz.registry.dictionary.version_loaded.v1"
    assert event["data"]["entries"] == 3


async def test_a_new_version_reports_what_it_changes(as_: As) -> None:
    oid = fresh_oid()
    await load(as_, rest_file(oid=oid))
    rows = [*ROWS[:2], {"ID": "111", "PARENT": "1", "NAME": "врач-педиатр"}]
    newer = await load(as_, rest_file(rows, oid=oid, version="9.2", published="01.06.2025"))
    report = newer["result"]
    assert (report["previous"], report["added"], report["retired"]) == ("9.1", ["111"], ["110"])
    dictionary = await as_.anonymous()(subjects.DICTIONARY_GET.subject, {"oid": oid})
    assert [v["version"] for v in dictionary["result"]["versions"]] == ["9.1", "9.2"]


async def test_each_refusal_has_its_code(as_: As) -> None:
    oid = fresh_oid()
    worker = as_.worker(fresh_snils())
    refused = await upload(worker, rest_file(oid=oid), "a.json", UPLOAD)
    assert refused["error"]["code"] == "forbidden"
    not_json = await upload(as_.role(Role.REGISTRY_OPERATOR), b"%PDF-1.7", "a.pdf", UPLOAD)
    assert not_json["error"]["code"] == "dictionary_file_invalid"
    assert not_json["error"]["fields"][0]["field"] == "data"
    unknown = await as_.anonymous()(subjects.DICTIONARY_GET.subject, {"oid": oid})
    assert unknown["error"]["code"] == "dictionary_not_found"
    await load(as_, rest_file(oid=oid))
    other = [*ROWS, {"ID": "111", "PARENT": "1", "NAME": "врач-педиатр"}]
    changed = await load(as_, rest_file(other, oid=oid))
    assert changed["error"]["code"] == "dictionary_version_changed"
    missing = await as_.anonymous()(
        subjects.DICTIONARY_ENTRY_GET.subject, {"oid": oid, "code": "nope"}
    )
    assert missing["error"]["code"] == "dictionary_entry_not_found"
    no_file = await as_.role(Role.REGISTRY_OPERATOR)(
        subjects.DICTIONARY_LOAD.subject, {"file_id": uuid.uuid4().hex}
    )
    assert no_file["error"]["fields"][0]["field"] == "file_id"
