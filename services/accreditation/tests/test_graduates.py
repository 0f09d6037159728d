"""A graduate's primary application (seed 001: «в ФРМР или Регистр Обучающихся») on real NATS
and MongoDB: the university's import reaches accreditation through the registry's event; the
graduate applies from the cabinet before any employer has entered them in FRMR, only in what they
completed; the pass enters FRMR when they are hired."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, eventually

from .conftest import fresh_snils, passes_and_enters_frmr

pytestmark = pytest.mark.integration

UNIVERSITY = {"ogrn": "1027739054420", "name": "Первый МГМУ им. И. М. Сеченова"}
CLINIC = "1.2.643.5.1.13.13.12.2.77.557"
TODAY = datetime.now(UTC).date()


def rows(snils: str, birth: str) -> list[dict[str, Any]]:
    person = {
        "snils": snils,
        "last_name": "Выпускова",
        "first_name": "Дарья",
        "birth_date": birth,
    }
    return [
        person
        | {
            "row": 1,
            "programme_code": "31.05.01",
            "speciality": "Лечебное дело",
            "level": "specialist",
            "status": "graduated",
            "started_on": "2018-09-01",
            "graduated_on": "2024-06-28",
            "diploma_number": "107704 0012345",
        },
        person
        | {
            "row": 2,
            "programme_code": "31.08.49",
            "speciality": "Терапия",
            "level": "residency",
            "status": "studying",
            "started_on": "2024-09-01",
        },
    ]


async def form(me: Caller, kind: str, speciality: str) -> str:
    body = {"kind": kind, "speciality": speciality, "education_level": "higher", "consent": True}
    reply = await me(subjects.APPLICATION_FORM.subject, body)
    assert reply["ok"], reply
    return str(reply["result"]["application_id"])


def obstacles(reply: dict[str, Any]) -> list[str]:
    assert reply["error"]["code"] == "application_not_ready", reply
    return [f["code"] for f in reply["error"]["fields"]]


async def test_a_graduate_not_in_frmr_applies_for_primary_accreditation_and_the_pass_waits(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As
) -> None:
    snils = fresh_snils()
    birth = f"200{uuid.uuid4().int % 3}-03-1{uuid.uuid4().int % 9}"
    university = as_.system("system:university", org=UNIVERSITY["ogrn"])
    imported = await university(
        subjects.LEARNER_IMPORT.subject,
        {"organization": UNIVERSITY, "rows": rows(snils, birth)},
    )
    assert [r["outcome"] for r in imported["result"]["rows"]] == ["created", "updated"]

    me = as_.worker(snils)
    aid = await form(me, "primary", "лечебное дело")
    submitted = await eventually(  # once accreditation has the registry's event
        lambda: me(subjects.APPLICATION_SUBMIT.subject, {"application_id": aid}),
        lambda r: r["ok"],
    )
    assert submitted["result"]["applicant"]["last_name"] == "Выпускова"

    residency = await form(me, "primary_specialized", "Терапия")
    refused = await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": residency})
    assert obstacles(refused) == ["not_graduated"]
    other = await form(me, "primary", "Педиатрия")
    refused = await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": other})
    assert obstacles(refused) == ["speciality_not_studied"]
    stranger = as_.worker(fresh_snils())
    refused = await stranger(
        subjects.APPLICATION_SUBMIT.subject,
        {"application_id": await form(stranger, "primary", "Лечебное дело")},
    )
    assert obstacles(refused) == ["worker_not_in_frmr"]

    ref = {"application_id": aid}
    await eventually(
        lambda: me(subjects.APPLICATION_GET.subject, ref),
        lambda r: r["result"]["status"] == "under_review",
    )
    # The center passes her; a clinic hires her: she enters FRMR and the pass goes into her record.
    person = {"snils": snils, "last_name": "Выпускова", "first_name": "Дарья", "birth_date": birth}
    _, entry = await passes_and_enters_frmr(as_, aid, "П-В-1", CLINIC, person)
    assert (entry["speciality"], entry["protocol_number"]) == ("лечебное дело", "П-В-1")


async def test_an_application_carries_contacts_for_the_center_the_records_unless_given(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As
) -> None:
    snils = fresh_snils()
    birth = f"200{uuid.uuid4().int % 3}-04-1{uuid.uuid4().int % 9}"
    university = as_.system("system:university", org=UNIVERSITY["ogrn"])
    [graduated, _] = rows(snils, birth)
    contacts = {"email": "Vypuskova@Example.org", "phone": "8 (916) 765-43-21"}
    imported = await university(
        subjects.LEARNER_IMPORT.subject,
        {"organization": UNIVERSITY, "rows": [graduated | contacts]},
    )
    assert [r["outcome"] for r in imported["result"]["rows"]] == ["created"]
    me = as_.worker(snils)
    body = {"kind": "primary", "speciality": "Лечебное дело", "education_level": "higher"}

    async def formed_with_the_records_contacts() -> dict[str, Any]:
        reply = await me(subjects.APPLICATION_FORM.subject, body | {"consent": True})
        assert reply["ok"], reply
        if reply["result"]["contacts"]["email"] is None:  # the learner's event not here yet
            ref = {"application_id": reply["result"]["application_id"]}
            assert (await me(subjects.APPLICATION_CANCEL.subject, ref))["ok"]
        return reply

    formed = await eventually(
        formed_with_the_records_contacts, lambda r: r["result"]["contacts"]["email"] is not None
    )
    assert formed["result"]["contacts"] == {"email": "vypuskova@example.org", "phone": "9167654321"}
    ref = {"application_id": formed["result"]["application_id"]}
    assert (await me(subjects.APPLICATION_CANCEL.subject, ref))["ok"]

    bad = await me(
        subjects.APPLICATION_FORM.subject,
        body | {"consent": True, "email": "нет собаки", "phone": "12-34"},
    )
    assert bad["error"]["code"] == "validation_failed"
    assert {f["field"]: f["code"] for f in bad["error"]["fields"]} == {
        "email": "format",
        "phone": "format",
    }
    given = await me(
        subjects.APPLICATION_FORM.subject, body | {"consent": True, "email": "d@example.org"}
    )
    # The e-mail typed for this application; the phone the record's.
    assert given["result"]["contacts"] == {"email": "d@example.org", "phone": "9167654321"}
    ref = {"application_id": given["result"]["application_id"]}
    assert (await me(subjects.APPLICATION_SUBMIT.subject, ref))["ok"]
    center = as_.role(Role.FAC_OPERATOR)
    seen = await eventually(
        lambda: center(subjects.APPLICATION_GET.subject, ref),
        lambda r: r["ok"] and r["result"]["status"] == "under_review",
    )
    assert seen["result"]["contacts"]["email"] == "d@example.org"
