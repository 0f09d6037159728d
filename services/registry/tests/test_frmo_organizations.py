"""An organization in FRMO over real NATS and MongoDB: its scans read by the support desk only,
found by anyone, named in public verification, maintained by its officers."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.testsupport.harness import pdf_bytes

from .conftest import As, Caller, fresh_snils
from .frmo_wire import applicant, approved_organization
from .workers_wire import fields

pytestmark = pytest.mark.integration


async def test_the_support_desk_reads_the_scans_and_no_one_else_does(as_: As) -> None:
    _, me, body = await approved_organization(as_)
    charter = body["scans"][0]["file_id"]
    operator = as_.role(Role.REGISTRY_OPERATOR)
    part = (await operator(subjects.FILE_READ.subject, {"file_id": charter}))["result"]
    assert base64.b64decode(part["data"]) == pdf_bytes(b"charter")
    assert (part["last"], part["content_type"]) == (True, "application/pdf")
    own = await me(subjects.FILE_READ.subject, {"file_id": charter})
    assert own["ok"]
    other = await applicant(as_)(subjects.FILE_READ.subject, {"file_id": charter})
    assert other["error"]["code"] == "file_not_found"


async def test_public_verification_names_the_frmo_employer(as_: As) -> None:
    oid, _, body = await approved_organization(as_)
    last = f"Сверкина{'абвгд'[uuid.uuid4().int % 5]}{'еёжзи'[uuid.uuid4().int % 5]}"
    officer = as_.officer(oid)
    worker = (
        await officer(
            subjects.WORKER_REGISTER.subject,
            {
                "snils": fresh_snils(),
                "last_name": last,
                "first_name": "Вера",
                "birth_date": "1981-02-03",
            },
        )
    )["result"]
    await officer(
        subjects.EMPLOYMENT_START.subject,
        {
            "worker_id": worker["worker_id"],
            "position": "Врач-кардиолог",
            "start_date": "2022-02-01",
        },
    )
    found = await as_.anonymous()(
        subjects.PRACTITIONER_VERIFY.subject, {"last_name": last, "first_name": "Вера"}
    )
    [practitioner] = found["result"]["practitioners"]
    assert practitioner["employers"] == [
        {"oid": oid, "name": body["requisites"]["name"], "positions": ["Врач-кардиолог"]}
    ]
    nothing = await as_.anonymous()(subjects.PRACTITIONER_VERIFY.subject, {})
    assert fields(nothing) == {"last_name": "missing"}


async def test_anyone_finds_an_organization_by_inn_ogrn_or_words_of_its_name(as_: As) -> None:
    marker = f"поиск{uuid.uuid4().hex[:8]}"
    oid, _, body = await approved_organization(as_, f"ГБУЗ «ГКБ № 1 {marker.upper()}» ДЗМ")
    other, _, _ = await approved_organization(as_, f"ГБУЗ «ГКБ № 2 {marker}» ДЗМ")
    public, officer = as_.anonymous(), as_.officer(oid)

    async def oids(caller: Caller, **query: Any) -> list[str]:
        reply = await caller(subjects.ORGANIZATION_SEARCH.subject, query)
        assert reply["ok"], reply
        return [o["oid"] for o in reply["result"]["items"]]

    assert await oids(public, name=f"гкб 1 {marker}") == [oid]
    assert await oids(public, name=f"{marker} ГКБ") == sorted([oid, other])
    assert await oids(public, inn=body["requisites"]["inn"]) == [oid]
    assert oid in await oids(public, ogrn=body["requisites"]["ogrn"], name=marker)
    assert await oids(public, name=f"{marker} 3") == []
    first = await public(subjects.ORGANIZATION_SEARCH.subject, {"name": marker, "limit": 1})
    rest = await public(
        subjects.ORGANIZATION_SEARCH.subject,
        {"name": marker, "limit": 1, "after": first["result"]["next_cursor"]},
    )
    assert [o["oid"] for o in first["result"]["items"] + rest["result"]["items"]] == sorted(
        [oid, other]
    )
    [seen] = (await public(subjects.ORGANIZATION_SEARCH.subject, {"name": f"1 {marker}"}))[
        "result"
    ]["items"]
    assert (seen["inn"], seen["phone"], seen["email"]) == (body["requisites"]["inn"], None, None)
    [staff] = (await officer(subjects.ORGANIZATION_SEARCH.subject, {"name": f"1 {marker}"}))[
        "result"
    ]["items"]
    assert staff["email"] == "info@clinic.ru", "staff see the contacts"
    nothing = await public(subjects.ORGANIZATION_SEARCH.subject, {"name": " «» "})
    assert fields(nothing) == {"name": "missing"}
    letters = await public(subjects.ORGANIZATION_SEARCH.subject, {"inn": "77O7"})
    assert fields(letters) == {"inn": "string_pattern_mismatch"}


async def test_an_officer_adds_a_licence_checked_like_the_requests(as_: As) -> None:
    oid, _, body = await approved_organization(as_)
    officer = as_.officer(oid, snils=body["employees"][0]["snils"])
    licence = {
        "number": "Л041-01137-77/00368420",
        "issued_on": "2023-02-01",
        "activities": ["стоматология"],
    }
    backwards = await officer(
        subjects.ORGANIZATION_UPDATE.subject,
        {"add_licence": {**licence, "valid_until": "2022-01-01"}},
    )
    assert "add_licence.valid_until" in fields(backwards)
    added = await officer(subjects.ORGANIZATION_UPDATE.subject, {"add_licence": licence})
    assert [lic["number"] for lic in added["result"]["licences"]] == [
        "ЛО-77-01-000001",
        "Л041-01137-77/00368420",
    ]
    stranger = await as_.officer(oid, snils=fresh_snils())(  # names the organization, no grant
        subjects.ORGANIZATION_UPDATE.subject, {"add_licence": licence}
    )
    assert stranger["error"]["code"] == "no_access_grant"


async def test_an_officer_edits_closes_and_removes_parts_of_the_organization(as_: As) -> None:
    oid, _, body = await approved_organization(as_)
    officer = as_.officer(oid, snils=body["employees"][0]["snils"])
    sub = (
        await officer(subjects.SUBDIVISION_ADD.subject, {"name": "Хирургия", "kind": "отделение"})
    )["result"]["subdivisions"][0]["oid"]
    renamed = await officer(
        subjects.SUBDIVISION_UPDATE.subject,
        {"subdivision_oid": sub, "name": "Хирургическое отделение", "kind": "отделение"},
    )
    assert renamed["result"]["subdivisions"][0]["name"] == "Хирургическое отделение"
    unknown = await officer(
        subjects.SUBDIVISION_UPDATE.subject,
        {"subdivision_oid": f"{oid}.0.99", "name": "X", "kind": "отделение"},
    )
    assert fields(unknown) == {"subdivision_oid": "not_found"}
    worker = (await officer(subjects.WORKER_REGISTER.subject, {
        "snils": fresh_snils(), "last_name": "Резникова", "first_name": "Ирина",
        "birth_date": "1984-04-04",
    }))["result"]  # fmt: skip
    job = {"worker_id": worker["worker_id"], "position": "Хирург", "start_date": "2024-01-01"}
    elsewhere = await officer(
        subjects.EMPLOYMENT_START.subject, {**job, "subdivision_oid": f"{oid}.0.77"}
    )
    assert fields(elsewhere) == {"subdivision_oid": "not_found"}
    closed = await officer(
        subjects.SUBDIVISION_CLOSE.subject, {"subdivision_oid": sub, "closed_on": "2023-12-31"}
    )
    assert closed["result"]["subdivisions"][0]["closed_on"] == "2023-12-31"
    twice = await officer(
        subjects.SUBDIVISION_CLOSE.subject, {"subdivision_oid": sub, "closed_on": "2024-01-31"}
    )
    assert fields(twice) == {"subdivision_oid": "already_closed"}
    after_closing = await officer(
        subjects.EMPLOYMENT_START.subject, {**job, "subdivision_oid": sub}
    )
    assert fields(after_closing) == {"subdivision_oid": "not_found"}
    beds = await officer(
        subjects.SUBDIVISION_SET_BEDS.subject,
        {"subdivision_oid": sub, "profile": "хирургические", "count": 10},
    )
    assert beds["error"]["code"] == "subdivision_not_found"

    mri = {
        "kind": "МРТ",
        "model": "Magnetom",
        "serial_number": "SN-1",
        "commissioned_on": "2021-03-01",
    }
    added = await officer(subjects.EQUIPMENT_ADD.subject, mri)
    item = added["result"]["equipment"][0]["equipment_id"]
    fixed = await officer(
        subjects.EQUIPMENT_UPDATE.subject, {**mri, "equipment_id": item, "model": "Magnetom Vida"}
    )
    assert fixed["result"]["equipment"][0]["model"] == "Magnetom Vida"
    gone = await officer(subjects.EQUIPMENT_REMOVE.subject, {"equipment_id": item})
    assert gone["result"]["equipment"] == []
    twice = await officer(subjects.EQUIPMENT_REMOVE.subject, {"equipment_id": item})
    assert (twice["error"]["code"], twice["error"]["kind"]) == ("equipment_not_found", "not_found")

    number = body["licences"][0]["number"]
    removed = await officer(subjects.LICENCE_REMOVE.subject, {"number": number})
    assert removed["result"]["licences"] == []
    stranger = await as_.officer(oid, snils=fresh_snils())(
        subjects.LICENCE_REMOVE.subject, {"number": number}
    )
    assert stranger["error"]["code"] == "no_access_grant"
