"""The reporting service over real NATS (under the deployed users.conf), MongoDB and its DuckDB
file: the registry's events published on its stream reach the facts through the durable
consumers; reports answer each audience as the register says; the rebuild replays the stream
by direct get."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.auth import issue_token
from egisz.testsupport.harness import (
    As,
    Caller,
    eventually,
    publish_event,
    read_all_parts,
    snils_for,
)

from .country import ON, ORG_A, ORG_B, ORG_C, Country, country

pytestmark = pytest.mark.integration


async def told(rt: ServiceRuntime, c: Country) -> None:
    for spec, data in c.events:
        await publish_event(rt, spec, data)


async def counted(desk: Caller, oid: str, heads: int) -> dict[str, Any]:
    """The occupancy of one organization once its facts have all arrived."""

    async def probe() -> dict[str, Any]:
        return await desk(
            subjects.OCCUPANCY_GET.subject, {"on": ON.isoformat(), "organization_oid": oid}
        )

    return await eventually(probe, lambda r: r["ok"] and r["result"]["total"]["headcount"] == heads)


@pytest.fixture
async def known(reporting: ServiceRuntime, as_: As) -> Country:
    """The synthetic country, its ids this test's own, told and counted."""
    c = country(str(uuid.uuid4().int % 10**12))  # digits: an OID arc
    await told(reporting, c)
    desk = as_.role(Role.REGISTRY_OPERATOR)
    for oid, heads in ((ORG_A, 8), (ORG_B, 2), (ORG_C, 6)):
        await counted(desk, c.oid(oid), heads)
    return c


async def test_the_registrys_events_become_the_organizations_figures(
    known: Country, as_: As
) -> None:
    desk = as_.role(Role.REGISTRY_OPERATOR)
    reply = await desk(
        subjects.OCCUPANCY_GET.subject,
        {"on": ON.isoformat(), "organization_oid": known.oid(ORG_A), "by": "position"},
    )
    rows = {r["key"]: r for r in reply["result"]["rows"]}
    assert (rows["27"]["staffed_fte"], rows["27"]["occupied_fte"], rows["27"]["vacant_fte"]) == (
        "10.00",
        "7.00",
        "3.00",
    )
    assert rows["41"]["vacant_fte"] == "3.50"
    moves = await desk(
        subjects.MOVEMENT_GET.subject,
        {"from_month": "2025-06", "to_month": "2025-07", "organization_oid": known.oid(ORG_B)},
    )
    assert [(m["dismissals"], m["moves_out"]) for m in moves["result"]["months"]] == [
        (1, 1),
        (0, 0),
    ]
    structure = await desk(
        subjects.STRUCTURE_GET.subject, {"on": ON.isoformat(), "organization_oid": known.oid(ORG_A)}
    )
    assert structure["result"]["accreditation_expires_12_months"] == 2


async def test_a_regional_regulator_is_refused_another_region_over_the_wire(
    known: Country, as_: As, nc: Any, dev_keys: Any
) -> None:
    desk = as_.role(Role.REGISTRY_OPERATOR)
    authority = f"dzm-{known.u}"
    snils = snils_for(f"regulator|{known.u}")
    made = await desk(
        subjects.AUTHORITY_REGISTER.subject,
        {"authority_id": authority, "name": "Департамент", "level": "regional", "region": "50"},
    )
    assert made["ok"], made
    added = await desk(
        subjects.AUTHORITY_ADD_MEMBER.subject, {"authority_id": authority, "snils": snils}
    )
    assert added["result"]["members"] == 1
    token = issue_token(dev_keys[0].read_text(), role=Role.REGULATOR, snils=snils, sub=snils)
    official = Caller(nc, token)
    mine = await official(
        subjects.OCCUPANCY_GET.subject,
        {"on": ON.isoformat(), "organization_oid": known.oid(ORG_C)},
    )
    assert mine["ok"], mine
    assert mine["result"]["where"] == {"region": "50", "organization_oid": known.oid(ORG_C)}
    assert mine["result"]["total"]["headcount"] == 6
    other = await official(
        subjects.OCCUPANCY_GET.subject,
        {"on": ON.isoformat(), "organization_oid": known.oid(ORG_A)},
    )
    assert other["error"]["code"] == "outside_authority"
    region = await official(subjects.OCCUPANCY_GET.subject, {"region": "77"})
    assert region["error"]["code"] == "outside_authority"
    unknown = await Caller(
        nc, issue_token(dev_keys[0].read_text(), role=Role.REGULATOR, snils="12345678964")
    )(subjects.OCCUPANCY_GET.subject, {})
    assert unknown["error"]["code"] == "not_an_authority"


async def test_the_anonymous_public_gets_small_cells_withheld(known: Country, as_: As) -> None:
    reply = await as_.anonymous()(
        subjects.OCCUPANCY_GET.subject,
        {"on": ON.isoformat(), "organization_oid": known.oid(ORG_B), "by": "position"},
    )
    assert reply["result"]["small_cell"] == 5
    assert reply["result"]["total"]["headcount"] is None
    assert reply["result"]["total"]["staffed_fte"] == "3.00"


async def test_a_rebuild_replays_the_registrys_stream_and_reports_agree(
    known: Country, as_: As
) -> None:
    desk = as_.role(Role.REGISTRY_OPERATOR)
    ask = {"on": ON.isoformat(), "organization_oid": known.oid(ORG_A), "by": "position"}
    before = await desk(subjects.OCCUPANCY_GET.subject, ask)
    started = await desk(subjects.REBUILD_START.subject, {"confirm": True})
    assert started["ok"], started

    async def progress() -> dict[str, Any]:
        return (await desk(subjects.REBUILD_GET.subject, {}))["result"]

    done = await eventually(progress, lambda p: p["state"] != "running", timeout=120)
    assert done["state"] == "done", done
    assert done["stream_sequence"] >= done["stream_last"] > 0
    assert done["events_applied"] >= len(known.events)
    after = await desk(subjects.OCCUPANCY_GET.subject, ask)
    assert after["result"] == before["result"]


async def test_an_export_is_made_stored_in_gridfs_and_downloaded_by_its_maker(
    known: Country, as_: As
) -> None:
    desk = as_.role(Role.REGISTRY_OPERATOR)
    made = await desk(
        subjects.REPORT_EXPORT.subject,
        {
            "report": "summary",
            "format": "pdf",
            "on": ON.isoformat(),
            "organization_oid": known.oid(ORG_A),
        },
    )
    assert made["ok"], made
    content = await read_all_parts(
        desk, subjects.REPORT_DOWNLOAD.subject, {"file_id": made["result"]["file_id"]}
    )
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == made["result"]["sha256"]
    other = await as_.anonymous()(
        subjects.REPORT_DOWNLOAD.subject, {"file_id": made["result"]["file_id"]}
    )
    assert other["error"]["code"] == "file_not_found"


async def test_open_data_is_published_and_read_back_whole_by_anyone(
    known: Country, as_: As, tmp_path: Any
) -> None:
    made = await as_.role(Role.REGISTRY_OPERATOR)(subjects.OPEN_DATA_PUBLISH.subject, {})
    assert made["ok"], made
    listed = await as_.anonymous()(subjects.OPEN_DATA_LIST.subject, {})
    full = next(r for r in listed["result"]["releases"] if r["kind"] == "full")
    for meta in full["files"]:
        content = await read_all_parts(
            as_.anonymous(),
            subjects.OPEN_DATA_DOWNLOAD.subject,
            {"release": full["release"], "kind": "full", "name": meta["name"]},
        )
        assert hashlib.sha256(content).hexdigest() == meta["sha256"]
        if meta["format"] == "parquet":
            path = tmp_path / meta["name"]
            path.write_bytes(content)
            assert pq.read_table(path).num_rows == meta["rows"]
            counted = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{path}')")
            assert counted.fetchall() == [(meta["rows"],)]
    practitioners = pq.read_table(tmp_path / "practitioners.parquet").to_pylist()
    mine = {r["worker_id"]: r for r in practitioners if r["worker_id"].startswith(known.u)}
    assert len(mine) == 17
    assert mine[known.u + "p14"]["organizations"] == [known.oid(ORG_A)]


async def test_exports_are_removed_once_their_day_is_over(
    reporting: ServiceRuntime, as_: As
) -> None:
    from datetime import timedelta

    from egisz.kernel.clock import utcnow
    from egisz.reporting.app import EXPORTS_BUCKET
    from egisz.runtime.gridfs import GridFsFileStore

    desk = as_.role(Role.REGISTRY_OPERATOR)
    made = await desk(subjects.REPORT_EXPORT.subject, {"report": "structure", "format": "csv"})
    exports = GridFsFileStore(reporting.mongo.db, EXPORTS_BUCKET)
    assert await exports.remove_stored_before(utcnow() - timedelta(hours=24)) == 0
    assert await exports.remove_stored_before(utcnow() + timedelta(seconds=1)) >= 1
    gone = await desk(subjects.REPORT_DOWNLOAD.subject, {"file_id": made["result"]["file_id"]})
    assert gone["error"]["code"] == "file_not_found"
