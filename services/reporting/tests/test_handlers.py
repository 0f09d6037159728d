"""The reporting service's entry points on the in-memory broker: the runtime's whole path
(envelope, token, roles, reply, consumers) over the fake register and facts in DuckDB's memory."""

from __future__ import annotations

import base64
import json
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from egisz.contracts import registry as registry_wire, subjects
from egisz.contracts.envelope import Role
from egisz.reporting import handlers
from egisz.reporting.facts_store import Facts
from egisz.reporting.intake import facts_of_stored
from egisz.reporting.open_data import OpenDataFiles
from egisz.reporting.repository import FakeReportingUnitOfWork
from egisz.reporting.settings import ReportingSettings
from egisz.reporting.usecases.rebuild import Page, Rebuild, Stream
from egisz.reporting.wire import to_wire
from egisz.runtime.events import Cause
from egisz.runtime.memory import InMemoryFileStore
from egisz.testsupport.inmemory import InMemoryService

from .country import ON, ORG_A, ORG_B, ORG_C, Country, country

OFFICIAL, OFFICER, STRANGER = "11223344595", "12345678964", "14725836911"


def stored(c: Country) -> list[dict[str, Any]]:
    """The country as the registry's stream stores it: CloudEvents' JSON, in order."""
    return [
        {
            "id": uuid.uuid4().hex,
            "type": spec.type,
            "time": datetime(2026, 1, 1, tzinfo=UTC).isoformat(),
            "data": json.loads(data.model_dump_json()),
        }
        for spec, data in c.events
    ]


def memory_stream(events: list[dict[str, Any]]) -> Stream:
    async def bounds() -> tuple[int, int]:
        return 1, len(events)

    async def page(after: int, limit: int) -> Page:
        found = events[after : after + limit]
        return Page(found, after + len(found), after + len(found) < len(events))

    return Stream(bounds, page)


def service(uow: FakeReportingUnitOfWork, facts: Facts, rebuild_from: Stream | None = None):
    files = InMemoryFileStore()
    deps = handlers.Dependencies(
        units=lambda origin=None: uow,
        facts=facts,
        rebuild=Rebuild(facts, rebuild_from or memory_stream([]), batch=7),
        exports=lambda: files,
        open_data=OpenDataFiles(Path(tempfile.mkdtemp(prefix="open-data-"))),
    )
    return InMemoryService(ReportingSettings(), handlers.ROUTERS, deps, inbox_of=uow)


async def told(svc: InMemoryService, c: Country) -> None:
    for spec, data in c.events:
        await svc.publish(spec, data)


async def desk(svc: InMemoryService, spec, body: dict[str, Any]) -> dict[str, Any]:
    reply = await svc.command(spec, body, role=Role.REGISTRY_OPERATOR, sub="desk")
    assert reply["ok"], reply
    return reply["result"]


async def test_a_regional_regulator_reads_their_region_and_is_refused_another() -> None:
    uow = FakeReportingUnitOfWork()
    async with service(uow, Facts()) as svc:
        await told(svc, country())
        await desk(
            svc,
            subjects.AUTHORITY_REGISTER,
            {"authority_id": "dzm", "name": "ДЗМ", "level": "regional", "region": "77"},
        )
        view = await desk(
            svc, subjects.AUTHORITY_ADD_MEMBER, {"authority_id": "dzm", "snils": OFFICIAL}
        )
        assert view["members"] == 1
        ask = {"on": ON.isoformat(), "by": "organization"}
        mine = await svc.command(
            subjects.OCCUPANCY_GET, ask, role=Role.REGULATOR, sub="u1", snils=OFFICIAL
        )
        other = await svc.command(
            subjects.OCCUPANCY_GET, ask | {"region": "50"}, role=Role.REGULATOR, snils=OFFICIAL
        )
        stranger = await svc.command(
            subjects.OCCUPANCY_GET, ask, role=Role.REGULATOR, sub="u2", snils=STRANGER
        )
    report = mine["result"]
    assert report["where"] == {"region": "77", "organization_oid": None}
    assert {r["key"]: r["headcount"] for r in report["rows"]} == {ORG_A: 8, ORG_B: 2}
    assert report["small_cell"] is None
    assert other["error"]["code"] == "outside_authority"
    assert other["error"]["fields"][0]["field"] == "region"
    assert stranger["error"]["code"] == "not_an_authority"


async def test_the_public_sees_aggregates_with_small_cells_withheld() -> None:
    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        await told(svc, country())
        reply = await svc.command(
            subjects.OCCUPANCY_GET,
            {"on": ON.isoformat(), "by": "organization", "region": "77"},
            role=None,
        )
        structure = await svc.command(
            subjects.STRUCTURE_GET, {"on": ON.isoformat()}, role=Role.WORKER, snils=OFFICER
        )
    report = reply["result"]
    assert report["small_cell"] == 5
    # B has 2 people: withheld, and A with it, or the total would give B away
    assert [(r["key"], r["headcount"], r["suppressed"]) for r in report["rows"]] == [
        (ORG_A, None, True),
        (ORG_B, None, True),
    ]
    assert report["total"]["headcount"] == 10
    assert report["rows"][0]["staffed_fte"] == "14.00"
    bands = {b["band"]: b for b in structure["result"]["bands"]}
    assert bands["65+"]["female"] == 6
    assert bands["35-44"]["male"] is None
    assert structure["result"]["accreditation_expires_6_months"] is None


async def test_an_officer_with_access_reads_their_organization_and_only_it() -> None:
    uow = FakeReportingUnitOfWork()
    async with service(uow, Facts()) as svc:
        await told(svc, country())
        employee = registry_wire.ResponsibleEmployee(
            last_name="Петров", first_name="Пётр", snils=OFFICER, email="p@example.ru"
        )
        await svc.publish(
            subjects.ACCESS_GRANTED,
            registry_wire.AccessGranted(organization_oid=ORG_C, employees=[employee]),
        )
        as_officer = {"role": Role.ORG_OFFICER, "snils": OFFICER, "org": ORG_C}
        mine = await svc.command(
            subjects.MOVEMENT_GET, {"from_month": "2025-09", "to_month": "2025-10"}, **as_officer
        )
        other = await svc.command(subjects.OCCUPANCY_GET, {"organization_oid": ORG_A}, **as_officer)
    months = mine["result"]["months"]
    assert mine["result"]["where"]["organization_oid"] == ORG_C
    assert [(m["month"], m["dismissals"], m["headcount_end"]) for m in months] == [
        ("2025-09", 1, 7),
        ("2025-10", 0, 6),
    ]
    assert other["error"]["code"] == "outside_authority"


async def test_bad_input_is_refused_naming_the_field() -> None:
    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        backwards = await svc.command(
            subjects.MOVEMENT_GET, {"from_month": "2025-09", "to_month": "2025-01"}, role=None
        )
        too_long = await svc.command(
            subjects.MOVEMENT_GET, {"from_month": "2000-01", "to_month": "2025-01"}, role=None
        )
        bad_region = await svc.command(subjects.OCCUPANCY_GET, {"region": "7"}, role=None)
        federal_with_region = await svc.command(
            subjects.AUTHORITY_REGISTER,
            {"authority_id": "m", "name": "Минздрав", "level": "federal", "region": "77"},
            role=Role.REGISTRY_OPERATOR,
        )
    for reply, field in (
        (backwards, "to_month"),
        (too_long, "to_month"),
        (bad_region, "region"),
        (federal_with_region, "region"),
    ):
        assert reply["error"]["code"] == "validation_failed", reply
        assert reply["error"]["fields"][0]["field"] == field


async def test_the_register_and_the_rebuild_are_the_desks_alone() -> None:
    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        body = {"authority_id": "dzm", "name": "ДЗМ", "level": "regional", "region": "77"}
        as_regulator = await svc.command(
            subjects.AUTHORITY_REGISTER, body, role=Role.REGULATOR, snils=OFFICIAL
        )
        anonymous = await svc.command(subjects.REBUILD_START, {"confirm": True}, role=None)
        await desk(svc, subjects.AUTHORITY_REGISTER, body)
        again = await svc.command(subjects.AUTHORITY_REGISTER, body, role=Role.REGISTRY_OPERATOR)
        listed = await desk(svc, subjects.AUTHORITY_LIST, {})
    assert as_regulator["error"]["code"] == "forbidden"
    assert anonymous["error"]["code"] == "unauthenticated"
    assert again["error"]["code"] == "authority_exists"
    assert [a["authority_id"] for a in listed["authorities"]] == ["dzm"]


async def test_each_change_of_the_register_publishes_the_authority_whole() -> None:
    uow = FakeReportingUnitOfWork()
    async with service(uow, Facts()) as svc:
        federal = {"authority_id": "mz", "name": "Минздрав", "level": "federal"}
        await desk(svc, subjects.AUTHORITY_REGISTER, federal)
        await desk(svc, subjects.AUTHORITY_ADD_MEMBER, {"authority_id": "mz", "snils": OFFICIAL})
        await desk(svc, subjects.AUTHORITY_ADD_MEMBER, {"authority_id": "mz", "snils": OFFICER})
        await desk(svc, subjects.AUTHORITY_REMOVE_MEMBER, {"authority_id": "mz", "snils": OFFICIAL})
    sent = [to_wire(e, Cause()) for e in uow.published]
    assert {o.subject for o in sent} == {subjects.AUTHORITY_CHANGED.subject}
    states = [json.loads(o.body)["data"] for o in sent]
    assert [(d["version"], [m["snils"] for m in d["members"]]) for d in states] == [
        (1, []),
        (2, [OFFICIAL]),
        (3, sorted([OFFICIAL, OFFICER])),
        (4, [OFFICER]),
    ]
    assert (states[0]["level"], states[0].get("region")) == ("federal", None)


async def test_a_rebuild_replays_the_stream_into_fresh_facts_and_says_how_far_it_got() -> None:
    facts = Facts()
    facts.store  # noqa: B018 — opened, and empty: as if the old facts were lost
    async with service(FakeReportingUnitOfWork(), facts, memory_stream(stored(country()))) as svc:
        before = await svc.command(subjects.OCCUPANCY_GET, {"on": ON.isoformat()}, role=None)
        started = await desk(svc, subjects.REBUILD_START, {"confirm": True})
        refused = await svc.command(subjects.REBUILD_START, {}, role=Role.REGISTRY_OPERATOR)
        done = await _finished(svc)
        after = await svc.command(
            subjects.OCCUPANCY_GET, {"on": ON.isoformat()}, role=Role.REGISTRY_OPERATOR
        )
    assert before["result"]["total"]["headcount"] == 0
    assert started["state"] == "running"
    assert refused["error"]["fields"][0]["field"] == "confirm"
    events = len(country().events)
    assert (done["state"], done["percent"], done["events_applied"]) == ("done", "100.0", events)
    assert done["stream_sequence"] == done["stream_last"] == events
    assert after["result"]["total"]["headcount"] == 16


def newer(events: list[dict[str, Any]], by: int) -> list[dict[str, Any]]:
    """The events again, each record's version `by` higher: each of them changes its rows."""
    return [
        {**e, "data": {**e["data"], "record_version": e["data"]["record_version"] + by}}
        if "record_version" in e["data"]
        else e
        for e in events
    ]


async def test_a_rebuild_finishes_while_live_events_change_the_same_rows() -> None:
    # DuckDB fails the later of two transactions at once that change one row: the replay's
    # batches and the live writes must take turns.
    import asyncio

    events = stored(country())
    replayed = [e for n in range(8) for e in newer(events, 2 * n * 100)]
    facts = Facts()
    async with service(FakeReportingUnitOfWork(), facts, memory_stream(replayed)) as svc:
        await desk(svc, subjects.REBUILD_START, {"confirm": True})
        n = 0
        while (progress := await desk(svc, subjects.REBUILD_GET, {}))["state"] == "running":
            n += 1
            live = [f for e in newer(events, (2 * n + 1) * 100) for f in facts_of_stored(e)]
            await asyncio.gather(*(facts.apply([f]) for f in live))
    assert (progress["state"], progress["error"]) == ("done", None)
    assert progress["events_applied"] == len(replayed)


async def _finished(svc: InMemoryService) -> dict[str, Any]:
    import asyncio

    for _ in range(200):
        progress = await desk(svc, subjects.REBUILD_GET, {})
        if progress["state"] != "running":
            return progress
        await asyncio.sleep(0.02)
    raise AssertionError("the rebuild did not finish")


async def test_anyone_downloads_todays_open_data_the_desk_made() -> None:
    import io

    import pyarrow.parquet as pq

    async with service(FakeReportingUnitOfWork(), Facts()) as svc:
        await told(svc, country())
        refused = await svc.command(subjects.OPEN_DATA_PUBLISH, {}, role=None)
        made = await desk(svc, subjects.OPEN_DATA_PUBLISH, {})
        listed = await svc.command(subjects.OPEN_DATA_LIST, {}, role=None)
        full = next(r for r in listed["result"]["releases"] if r["kind"] == "full")
        ask = {"release": full["release"], "kind": full["kind"], "name": "practitioners.parquet"}
        part = await svc.command(subjects.OPEN_DATA_DOWNLOAD, ask, role=None)
        missing = await svc.command(
            subjects.OPEN_DATA_DOWNLOAD, ask | {"release": "2001-01-01"}, role=None
        )
    assert refused["error"]["code"] == "unauthenticated"
    assert [r["kind"] for r in made["releases"]] == ["full", "increment"]
    content = base64.b64decode(part["result"]["data"])
    assert part["result"]["last"] and len(content) == part["result"]["size"]
    assert pq.read_table(io.BytesIO(content)).num_rows == 17
    assert missing["error"]["code"] == "open_data_file_not_found"
