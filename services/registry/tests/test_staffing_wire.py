"""Staffing tables over real NATS and MongoDB: an organization's officer sets posts by position
code and imports a file of them, the table reads as of a day, each change is an event; who may
not is refused with its own code."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.registry.domain.coding import POSITIONS

from .conftest import As
from .frmo_wire import approved_organization
from .test_coded_fields import starter_loaded
from .test_import import reported, run_import
from .workers_wire import events_about, fields

pytestmark = pytest.mark.integration


async def staffed(as_: As) -> tuple[str, Any, str]:
    """An approved organization, its officer with access, and a subdivision of it."""
    oid, officer, ward, _ = await staffed_by(as_)
    return oid, officer, ward


async def staffed_by(as_: As) -> tuple[str, Any, str, str]:
    """`staffed`, and the officer's SNILS."""
    await starter_loaded(as_, POSITIONS)
    oid, _, body = await approved_organization(as_, f"ГБУЗ «ГКБ {uuid.uuid4().hex[:6]}»")
    snils = body["employees"][0]["snils"]
    officer = as_.officer(oid, snils=snils)
    added = await officer(
        subjects.SUBDIVISION_ADD.subject, {"name": "Терапевтическое отделение", "kind": "отделение"}
    )
    return oid, officer, added["result"]["subdivisions"][0]["oid"], snils


async def test_an_officer_sets_posts_by_code_and_the_table_reads_as_of_a_day(as_: As) -> None:
    oid, officer, ward = await staffed(as_)
    post = {"subdivision_oid": ward, "position_code": "109", "effective_from": "2025-01-01"}
    first = await officer(subjects.STAFFING_SET.subject, post | {"fte": "2.5"})
    assert first["ok"], first
    [line] = first["result"]["lines"]
    assert (line["position"], line["fte"]) == ("врач-терапевт", "2.50")
    more = await officer(
        subjects.STAFFING_SET.subject, post | {"fte": 3, "effective_from": "2026-01-01"}
    )
    assert more["result"]["fte"] == "3.00"
    then = await officer(subjects.STAFFING_GET.subject, {"on": "2025-06-01"})
    assert (then["result"]["fte"], then["result"]["subdivisions"][0]["fte"]) == ("2.50", "2.50")
    history = await officer(subjects.STAFFING_GET.subject, {"history": True})
    assert [(x["effective_from"], x["effective_until"]) for x in history["result"]["lines"]] == [
        ("2025-01-01", "2025-12-31"),
        ("2026-01-01", None),
    ]
    changed = await events_about(as_, oid, 2)
    data = [e["data"] for e in changed if e["type"].endswith("staffing.changed.v1")]
    assert [(d["fte"], d["previous_fte"]) for d in data] == [("2.50", "0.00"), ("3.00", "2.50")]
    desk = await as_.role(Role.REGISTRY_OPERATOR)(
        subjects.STAFFING_GET.subject, {"organization_oid": oid}
    )
    assert desk["result"]["fte"] == "3.00"


async def test_what_is_not_a_staffing_change_is_refused_with_its_own_code(as_: As) -> None:
    oid, officer, ward = await staffed(as_)
    post = {"subdivision_oid": ward, "position_code": "109", "effective_from": "2025-01-01"}
    assert fields(await officer(subjects.STAFFING_SET.subject, post | {"fte": "0.3"})) == {
        "fte": "value_error"
    }
    unknown = await officer(
        subjects.STAFFING_SET.subject, post | {"fte": 1, "position_code": "нет-такого"}
    )
    assert fields(unknown) == {"position_code": "unknown_code"}
    elsewhere = await officer(
        subjects.STAFFING_SET.subject, post | {"fte": 1, "subdivision_oid": f"{oid}.0.999"}
    )
    assert fields(elsewhere) == {"subdivision_oid": "not_open"}
    assert (await officer(subjects.STAFFING_SET.subject, post | {"fte": 1}))["ok"]
    earlier = await officer(
        subjects.STAFFING_SET.subject, post | {"fte": 2, "effective_from": "2024-01-01"}
    )
    assert earlier["error"]["code"] == "staffing_change_out_of_order"
    stranger = as_.officer(oid, snils="12345678964")  # no access grant for this organization
    refused = await stranger(subjects.STAFFING_SET.subject, post | {"fte": 3})
    assert refused["error"]["code"] == "no_access_grant"
    _, other_officer, _ = await staffed(as_)
    peeking = await other_officer(subjects.STAFFING_GET.subject, {"organization_oid": oid})
    assert peeking["error"]["code"] == "forbidden"
    worker = await as_.worker("12345678964")(
        subjects.STAFFING_GET.subject, {"organization_oid": oid}
    )
    assert worker["error"]["code"] == "forbidden"


async def test_an_import_answers_each_row_and_the_same_file_again_changes_nothing(
    as_: As,
) -> None:
    _, officer, ward = await staffed(as_)
    rows = [
        {"row": 2, "subdivision_oid": ward, "position_code": "109", "fte": "2", "effective_from": "2025-01-01"},
        {"row": 3, "subdivision_oid": ward, "position_code": "110", "fte": "1.5", "effective_from": "2025-01-01"},
        {"row": 4, "subdivision_oid": ward, "position_code": "нет", "fte": "1", "effective_from": "2025-01-01"},
    ]  # fmt: skip
    first = await officer(subjects.STAFFING_IMPORT.subject, {"rows": rows})
    assert [r["outcome"] for r in first["result"]["rows"]] == ["changed", "changed", "failed"]
    assert first["result"]["rows"][2]["errors"][0]["field"] == "position_code"
    again = await officer(subjects.STAFFING_IMPORT.subject, {"rows": rows})
    assert [r["outcome"] for r in again["result"]["rows"]] == ["unchanged", "unchanged", "failed"]
    assert again["result"]["version"] == first["result"]["version"]
    table = await officer(subjects.STAFFING_GET.subject, {})
    assert table["result"]["fte"] == "3.50"


async def test_an_officer_loads_a_staffing_file_from_the_command_line(
    as_: As, nats_url: str, dev_keys: tuple[Path, Path], tmp_path: Path
) -> None:
    oid, officer, ward, snils = await staffed_by(as_)
    file = tmp_path / "штатное.csv"
    file.write_text(
        "OID подразделения;Код должности;Штатные единицы;Действует с\n"
        f"{ward};109;2,5;01.01.2025\n"
        f"{ward};нет-такого;1;01.01.2025\n",
        encoding="utf-8",
    )
    code, out = await run_import(nats_url, dev_keys[0], file, oid, snils, command="staffing")
    assert code == 1 and "changed: 1" in out and "failed: 1" in out, out
    assert reported(file) == {3: {"position_code"}}
    table = await officer(subjects.STAFFING_GET.subject, {})
    assert table["result"]["fte"] == "2.50"
