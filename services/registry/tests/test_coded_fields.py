"""Coded fields over real NATS and MongoDB: a job's position and dismissal reason by their codes
in the reference books — the book's name kept with the code, an unknown or retired code refused
naming the book, text still allowed where no code is given."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.registry.domain.coding import (
    BED_PROFILES,
    CERTIFICATE_KINDS,
    DISMISSAL_REASONS,
    EQUIPMENT_KINDS,
    IDENTITY_DOCUMENTS,
    POSITIONS,
    REGIONS,
    SPECIALITIES,
    SUBDIVISION_KINDS,
)
from egisz.registry.nsi.starter import starter_files

from .conftest import ORG_A, As, eventually
from .frmo_wire import approved_organization, upload
from .nsi_files import rest_file
from .workers_wire import events_about, person, registered

pytestmark = pytest.mark.integration


async def starter_loaded(as_: As, oid: str) -> None:
    """The registry loads its starter set as it starts: wait for the book."""

    async def probe() -> dict[str, Any]:
        return await as_.anonymous()(subjects.DICTIONARY_GET.subject, {"oid": oid})

    await eventually(probe, lambda reply: bool(reply.get("ok")))


def job(worker_id: str, **terms: Any) -> dict[str, Any]:
    return {"worker_id": worker_id, "rate": "1.0", "start_date": "2024-09-01", **terms}


async def test_a_job_by_its_position_code_keeps_the_books_name(as_: As) -> None:
    await starter_loaded(as_, POSITIONS)
    officer = as_.officer(ORG_A)
    worker = await registered(as_)
    started = await officer(
        subjects.EMPLOYMENT_START.subject, job(worker["worker_id"], position_code="109")
    )
    assert started["ok"], started
    [employment] = started["result"]["employments"]
    assert (employment["position_code"], employment["position"]) == ("109", "врач-терапевт")
    events = await events_about(as_, worker["worker_id"], 2)
    data = next(e["data"] for e in events if e["type"].endswith("employment.started.v1"))
    assert data["employment"]["position_code"] == "109"
    uncoded = await officer(
        subjects.EMPLOYMENT_START.subject,
        job(worker["worker_id"], position="врач-консультант", kind="part_time", rate="0.25"),
    )
    assert uncoded["ok"], uncoded  # text where no code fits: an uncoded entry


async def test_an_unknown_code_is_refused_naming_the_book_and_nothing_changes(as_: As) -> None:
    await starter_loaded(as_, POSITIONS)
    officer = as_.officer(ORG_A)
    worker = await registered(as_)
    refused = await officer(
        subjects.EMPLOYMENT_START.subject, job(worker["worker_id"], position_code="no-such")
    )
    [problem] = refused["error"]["fields"]
    assert (problem["field"], problem["code"]) == ("position_code", "unknown_code")
    assert POSITIONS in problem["message"]
    missing = await officer(subjects.EMPLOYMENT_START.subject, job(worker["worker_id"]))
    assert missing["error"]["fields"][0]["field"] == "position_code"
    record = await officer(subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]})
    assert record["result"]["employments"] == []


async def test_a_code_retired_on_the_day_that_matters_is_refused(as_: As) -> None:
    """A newer version of the positions' book (the starter's entries and one more, retired at
    the end of 2010): a job started in 2005 takes that code, one started in 2011 is refused."""
    await starter_loaded(as_, POSITIONS)
    code = f"t{uuid.uuid4().hex[:8]}"
    starter = dict(starter_files())["positions.json"]
    rows = [{c["column"]: c["value"] for c in row} for row in json.loads(starter)["list"]] + [
        {"ID": code, "PARENT": "1", "NAME": "врач-проверочный", "DATEEND": "31.12.2010"}
    ]
    content = rest_file(rows, version=f"test-{code}", published="02.01.2000")
    desk = as_.role(Role.REGISTRY_OPERATOR)
    stored = await upload(desk, content, "newer.json", subjects.DICTIONARY_FILE_UPLOAD.subject)
    loaded = await desk(
        subjects.DICTIONARY_LOAD.subject, {"file_id": stored["result"]["file"]["file_id"]}
    )
    assert loaded["ok"], loaded
    officer = as_.officer(ORG_A)
    worker = await registered(as_)

    async def start(day: str) -> dict[str, Any]:
        terms = job(worker["worker_id"], position_code=code, start_date=day)
        return await officer(subjects.EMPLOYMENT_START.subject, terms | {"kind": "part_time"})

    taken = await eventually(lambda: start("2005-03-01"), lambda r: bool(r.get("ok")))
    assert taken["result"]["employments"][0]["position"] == "врач-проверочный"
    retired = await start("2011-03-01")
    assert retired["error"]["fields"][0]["code"] == "retired_code"
    assert "не действует на 01.03.2011" in retired["error"]["fields"][0]["message"]


async def test_a_dismissal_by_its_reason_code(as_: As) -> None:
    await starter_loaded(as_, DISMISSAL_REASONS)
    officer = as_.officer(ORG_A)
    worker = await registered(as_)
    started = await officer(
        subjects.EMPLOYMENT_START.subject, job(worker["worker_id"], position_code="109")
    )
    assert started["ok"], started
    employment_id = started["result"]["employments"][0]["employment_id"]
    ended = await officer(
        subjects.EMPLOYMENT_END.subject,
        {
            "worker_id": worker["worker_id"],
            "employment_id": employment_id,
            "end_date": "2025-01-31",
            "dismissal_reason_code": "own_wish",
        },
    )
    assert ended["ok"], ended
    job_ended = ended["result"]["employments"][0]
    assert job_ended["dismissal_reason_code"] == "own_wish"
    assert job_ended["dismissal_reason"] == "По инициативе работника (ст. 80 ТК РФ)"


async def test_the_desk_maps_stored_text_and_codes_what_no_name_matched(as_: As) -> None:
    await starter_loaded(as_, POSITIONS)
    await starter_loaded(as_, SPECIALITIES)
    officer, desk = as_.officer(ORG_A), as_.role(Role.REGISTRY_OPERATOR)
    worker = await registered(as_)
    wid = worker["worker_id"]
    odd = f"должность-невидимка {uuid.uuid4().hex[:6]}"
    for position, kind in (("Врач-ТЕРАПЕВТ", "main"), (odd, "part_time")):
        body = job(wid, position=position, kind=kind)
        assert (await officer(subjects.EMPLOYMENT_START.subject, body))["ok"]
    certificate = {
        "worker_id": wid,
        "number": f"0177{uuid.uuid4().hex[:8]}",
        "issuer": "РНИМУ",
        "issued_on": "2022-01-01",
        "valid_until": "2027-01-01",
    }
    for speciality in ("терапия", "терапия взрослых и детей"):
        numbered = certificate | {"number": f"{certificate['number']}{len(speciality)}"}
        added = await officer(
            subjects.CERTIFICATE_ADD.subject, numbered | {"speciality": speciality}
        )
        assert added["ok"], added
    refused = await officer(subjects.UNCODED_MAP.subject, {})
    assert refused["error"]["code"] == "forbidden"
    cursor: str | None = None
    while True:  # a page of records at a time, as the CLI would loop
        page = await desk(subjects.UNCODED_MAP.subject, {"after": cursor, "limit": 500})
        cursor = page["result"]["next_cursor"]
        if cursor is None:
            break
    record = (await officer(subjects.WORKER_GET.subject, {"worker_id": wid}))["result"]
    positions = {e["position"]: e.get("position_code") for e in record["employments"]}
    assert positions == {"врач-терапевт": "109", odd: None}
    specialities = {c["speciality"]: c.get("speciality_code") for c in record["certificates"]}
    assert specialities == {"Терапия": "76", "терапия взрослых и детей": None}
    waiting = await queued(desk, wid)
    assert {(w["entry_kind"], w["field"], w["text"]) for w in waiting} == {
        ("employment", "position", odd),
        ("certificate", "speciality", "терапия взрослых и детей"),
    }
    position = next(w for w in waiting if w["field"] == "position")
    assert position["book"] == POSITIONS
    for w, code in ((position, "110"), (next(w for w in waiting if w is not position), "27")):
        resolved = await desk(
            subjects.UNCODED_RESOLVE.subject,
            {k: w[k] for k in ("worker_id", "entry_kind", "entry_id", "field")} | {"code": code},
        )
        assert resolved["ok"] and resolved["result"]["code"] == code, resolved
    assert resolved["result"]["name"] == "Лечебное дело"
    again = await desk(
        subjects.UNCODED_RESOLVE.subject,
        {k: position[k] for k in ("worker_id", "entry_kind", "entry_id", "field")}
        | {"code": "110"},
    )
    assert again["error"]["fields"][0]["code"] == "not_queued"
    history = (await officer(subjects.WORKER_GET.subject, {"worker_id": wid}))["result"]["history"]
    assert [h["reason"] for h in history] == [
        "Специальность сопоставлена с номенклатурой специальностей НСИ по наименованию",
        "Должность сопоставлена со справочником должностей НСИ по наименованию",
        "Должность: код указан СТП ЕГИСЗ по справочнику должностей НСИ",
        "Специальность: код указан СТП ЕГИСЗ по номенклатуре специальностей НСИ",
    ]
    assert await queued(desk, wid) == []


async def queued(desk: Any, worker_id: str) -> list[dict[str, Any]]:
    """The worker's fields in the desk's queue, read page by page."""
    cursor = None
    while True:
        page = await desk(subjects.UNCODED_LIST.subject, {"after": cursor, "limit": 100})
        found = [i for i in page["result"]["items"] if i["worker_id"] == worker_id]
        if found or page["result"]["next_cursor"] is None:
            return found
        cursor = page["result"]["next_cursor"]


async def test_a_certificate_by_its_speciality_code_keeps_the_books_name(as_: As) -> None:
    await starter_loaded(as_, SPECIALITIES)
    officer = as_.officer(ORG_A)
    worker = await registered(as_)
    certificate = {
        "worker_id": worker["worker_id"],
        "number": f"0177{uuid.uuid4().hex[:8]}",
        "issuer": "РНИМУ",
        "issued_on": "2022-01-01",
        "valid_until": "2027-01-01",
    }
    await starter_loaded(as_, CERTIFICATE_KINDS)
    added = await officer(
        subjects.CERTIFICATE_ADD.subject,
        certificate | {"speciality_code": "76", "kind_code": "medical"},
    )
    [entry] = added["result"]["certificates"]
    assert (entry["speciality_code"], entry["speciality"]) == ("76", "Терапия")
    assert (entry["kind_code"], entry["kind"]) == (
        "medical",
        "Сертификат специалиста — медицинский работник",
    )
    other_kind = await officer(
        subjects.CERTIFICATE_ADD.subject,
        certificate
        | {"number": "x" + certificate["number"], "speciality": "Терапия", "kind_code": "нет"},
    )
    assert other_kind["error"]["fields"][0]["field"] == "kind_code"
    assert other_kind["error"]["fields"][0]["code"] == "unknown_code"
    unknown = await officer(
        subjects.EDUCATION_ADD.subject,
        {
            "worker_id": worker["worker_id"],
            "level": "higher",
            "institution": "РНИМУ",
            "speciality_code": "no-such",
            "document_number": "107718 0000001",
            "document_date": "2012-06-30",
        },
    )
    assert unknown["error"]["fields"][0] == {
        "field": "speciality_code",
        "message": unknown["error"]["fields"][0]["message"],
        "code": "unknown_code",
        "fixable_by": None,
    }
    assert SPECIALITIES in unknown["error"]["fields"][0]["message"]


async def test_bed_profiles_and_equipment_by_their_codes(as_: As) -> None:
    await starter_loaded(as_, BED_PROFILES)
    await starter_loaded(as_, EQUIPMENT_KINDS)
    oid, _, body = await approved_organization(as_)
    officer = as_.officer(oid, snils=body["employees"][0]["snils"])
    added = await officer(
        subjects.SUBDIVISION_ADD.subject, {"name": "Терапия", "kind": "отделение"}
    )
    sub = added["result"]["subdivisions"][0]["oid"]
    beds = await officer(
        subjects.SUBDIVISION_SET_BEDS.subject,
        {"subdivision_oid": sub, "profile_code": "therapeutic", "count": 30},
    )
    [subdivision] = beds["result"]["subdivisions"]
    assert subdivision["beds"] == {"терапевтические": 30}
    assert subdivision["bed_codes"] == {"терапевтические": "therapeutic"}
    mri = {
        "kind_code": "mri",
        "model": "Magnetom",
        "serial_number": "SN-7",
        "commissioned_on": "2021-03-01",
    }
    equipment = await officer(subjects.EQUIPMENT_ADD.subject, mri)
    [item] = equipment["result"]["equipment"]
    assert (item["kind_code"], item["kind"]) == ("mri", "Магнитно-резонансный томограф")
    unknown = await officer(subjects.EQUIPMENT_ADD.subject, mri | {"kind_code": "nope"})
    assert unknown["error"]["fields"][0]["code"] == "unknown_code"
    none = await officer(
        subjects.SUBDIVISION_SET_BEDS.subject, {"subdivision_oid": sub, "count": 1}
    )
    assert none["error"]["fields"][0]["field"] == "profile_code"


async def test_an_identity_document_by_its_kind_code(as_: As) -> None:
    await starter_loaded(as_, IDENTITY_DOCUMENTS)
    passport = {
        "kind_code": "1",
        "series": "4510",
        "number": "123456",
        "issued_on": "2010-05-05",
        "issuer": "ОВД Тверского района",
    }
    worker = await registered(as_, identity_document=passport)
    document = worker["identity_document"]
    assert (document["kind"], document["kind_code"]) == ("passport_rf", "1")
    officer = as_.officer(ORG_A)
    wrong = await officer(
        subjects.WORKER_REGISTER.subject,
        person(identity_document=passport | {"series": "45"}),
    )
    assert wrong["error"]["fields"][0]["field"] == "identity_document.series"  # a passport's rule
    unknown = await officer(
        subjects.WORKER_REGISTER.subject,
        person(identity_document=passport | {"kind_code": "no-such"}),
    )
    assert unknown["error"]["fields"][0] == {
        "field": "identity_document.kind_code",
        "message": unknown["error"]["fields"][0]["message"],
        "code": "unknown_code",
        "fixable_by": None,
    }


async def test_organizations_are_searched_by_the_type_and_region_codes(as_: As) -> None:
    await starter_loaded(as_, REGIONS)
    marker = f"регион{uuid.uuid4().hex[:8]}"
    oid, _, body = await approved_organization(as_, f"ГБУЗ «ГКБ {marker}»")
    public = as_.anonymous()

    async def search(**query: Any) -> dict[str, Any]:
        return await public(subjects.ORGANIZATION_SEARCH.subject, {"name": marker, **query})

    region = body["requisites"]["inn"][:2]
    found = await search(type=body["type"], region=region)
    assert [o["oid"] for o in found["result"]["items"]] == [oid]
    elsewhere = "50" if region != "50" else "77"
    assert (await search(region=elsewhere))["result"]["items"] == []
    unknown = await public(subjects.ORGANIZATION_SEARCH.subject, {"region": "00"})
    [problem] = unknown["error"]["fields"]
    assert (problem["field"], problem["code"]) == ("region", "unknown_code")
    assert REGIONS in problem["message"], "the book is named"
    not_a_type = await public(subjects.ORGANIZATION_SEARCH.subject, {"type": "hospital"})
    assert not_a_type["error"]["fields"][0]["field"] == "type"


async def test_an_import_row_takes_a_position_code_and_a_bad_one_fails_that_row(as_: As) -> None:
    await starter_loaded(as_, POSITIONS)
    officer = as_.officer(ORG_A)
    terms = {"rate": "1.0", "kind": "main", "start_date": "2024-09-01"}
    rows = [
        {"row": 1, **person(), "position_code": "109", **terms},
        {"row": 2, **person(), "position_code": "нет-такого", **terms},
    ]
    reply = await officer(subjects.WORKER_IMPORT.subject, {"rows": rows})
    coded, bad = reply["result"]["rows"]
    assert (coded["outcome"], bad["outcome"]) == ("created", "failed")
    assert [(e["field"], e["code"]) for e in bad["errors"]] == [("position_code", "unknown_code")]
    record = await officer(subjects.WORKER_GET.subject, {"worker_id": coded["worker_id"]})
    [employment] = record["result"]["employments"]
    assert (employment["position_code"], employment["position"]) == ("109", "врач-терапевт")


async def test_an_organizations_staff_is_narrowed_by_a_position_or_speciality_code(
    as_: As,
) -> None:
    await starter_loaded(as_, POSITIONS)
    await starter_loaded(as_, SPECIALITIES)
    officer = as_.officer(ORG_A)
    therapist, nurse = await registered(as_), await registered(as_)
    for worker, code in ((therapist, "109"), (nurse, "110")):
        hired = await officer(
            subjects.EMPLOYMENT_START.subject, job(worker["worker_id"], position_code=code)
        )
        assert hired["ok"], hired
    certificate = {
        "worker_id": therapist["worker_id"],
        "number": f"0177{uuid.uuid4().hex[:8]}",
        "issuer": "РНИМУ",
        "issued_on": "2022-01-01",
        "valid_until": "2099-01-01",
        "speciality_code": "76",
    }
    assert (await officer(subjects.CERTIFICATE_ADD.subject, certificate))["ok"]

    async def staff(**codes: str) -> set[str]:
        found: set[str] = set()
        cursor = None
        while True:
            page = await officer(
                subjects.STAFF_LIST.subject, {"after": cursor, "limit": 100, **codes}
            )
            found |= {p["worker_id"] for p in page["result"]["items"]}
            if (cursor := page["result"]["next_cursor"]) is None:
                return found

    ours = {therapist["worker_id"], nurse["worker_id"]}
    assert await staff(position_code="109") & ours == {therapist["worker_id"]}
    assert await staff(speciality_code="76") & ours == {therapist["worker_id"]}
    assert await staff(position_code="110", speciality_code="76") & ours == set()


async def test_a_subdivision_by_its_kinds_code_keeps_the_books_name(as_: As) -> None:
    await starter_loaded(as_, SUBDIVISION_KINDS)
    oid, _, body = await approved_organization(as_)
    officer = as_.officer(oid, snils=body["employees"][0]["snils"])
    added = await officer(
        subjects.SUBDIVISION_ADD.subject, {"name": "Терапия", "kind_code": "department"}
    )
    [ward] = added["result"]["subdivisions"]
    assert (ward["kind_code"], ward["kind"]) == ("department", "Отделение")
    unknown = await officer(
        subjects.SUBDIVISION_ADD.subject, {"name": "Склад", "kind_code": "warehouse"}
    )
    assert unknown["error"]["fields"][0]["field"] == "kind_code"
    assert SUBDIVISION_KINDS in unknown["error"]["fields"][0]["message"], "the book is named"
    texted = await officer(
        subjects.SUBDIVISION_UPDATE.subject,
        {"subdivision_oid": ward["oid"], "name": "Терапия", "kind": "отделение терапии"},
    )
    assert texted["result"]["subdivisions"][0]["kind_code"] is None, "text: uncoded again"
    neither = await officer(subjects.SUBDIVISION_ADD.subject, {"name": "Без вида"})
    assert neither["error"]["fields"][0] == {
        "field": "kind_code",
        "message": "Укажите вид подразделения: код из справочника или текстом",
        "code": "missing",
        "fixable_by": None,
    }


async def test_the_desk_maps_an_organizations_text_and_codes_what_no_name_matched(as_: As) -> None:
    for book in (SUBDIVISION_KINDS, BED_PROFILES, EQUIPMENT_KINDS):
        await starter_loaded(as_, book)
    oid, _, body = await approved_organization(as_)
    officer = as_.officer(oid, snils=body["employees"][0]["snils"])
    desk = as_.role(Role.REGISTRY_OPERATOR)
    added = await officer(
        subjects.SUBDIVISION_ADD.subject, {"name": "Терапия", "kind": "отделение"}
    )
    ward = added["result"]["subdivisions"][0]["oid"]
    await officer(subjects.SUBDIVISION_ADD.subject, {"name": "Склад", "kind": "склад"})
    beds = {"subdivision_oid": ward, "profile": "Терапевтические", "count": 20}
    assert (await officer(subjects.SUBDIVISION_SET_BEDS.subject, beds))["ok"]
    device = {
        "kind": "Электрокардиограф",
        "model": "ЭК12",
        "serial_number": f"S{uuid.uuid4().hex[:6]}",
        "commissioned_on": "2020-01-01",
    }
    assert (await officer(subjects.EQUIPMENT_ADD.subject, device))["ok"]
    cursor: str | None = None
    while True:
        page = await desk(subjects.UNCODED_STRUCTURE_MAP.subject, {"after": cursor, "limit": 500})
        if (cursor := page["result"]["next_cursor"]) is None:
            break
    record = (await officer(subjects.ORGANIZATION_GET.subject, {"oid": oid}))["result"]
    therapy = next(s for s in record["subdivisions"] if s["oid"] == ward)
    assert (therapy["kind_code"], therapy["kind"]) == ("department", "Отделение")
    assert (therapy["beds"], therapy["bed_codes"]) == (
        {"терапевтические": 20},
        {"терапевтические": "therapeutic"},
    )
    assert record["equipment"][0]["kind_code"] == "ecg"
    [store] = [
        e
        for e in await queued_in(desk, subjects.UNCODED_STRUCTURE_LIST.subject)
        if e["organization_oid"] == oid
    ]
    assert (store["entry_kind"], store["field"], store["text"]) == ("subdivision", "kind", "склад")
    where = {k: store[k] for k in ("organization_oid", "entry_kind", "entry_id")}
    resolve = subjects.UNCODED_STRUCTURE_RESOLVE.subject
    resolved = await desk(resolve, where | {"code": "administration"})
    assert resolved["result"]["name"] == "Административно-управленческое подразделение", resolved
    again = await desk(resolve, where | {"code": "administration"})
    assert again["error"]["code"] == "not_queued"


async def queued_in(desk: Any, subject: str) -> list[dict[str, Any]]:
    """Every entry of one queue, page by page."""
    found, cursor = [], None
    while True:
        page = await desk(subject, {"after": cursor, "limit": 100})
        found += page["result"]["items"]
        if (cursor := page["result"]["next_cursor"]) is None:
            return found
