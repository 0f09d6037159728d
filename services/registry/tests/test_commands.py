"""Every registry command over real NATS request/reply against real MongoDB: results, events,
each refusal with its code and field, and who may do what."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.contracts import subjects
from egisz.contracts.accreditation import AccreditationPassed
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.runtime.app import ServiceRuntime

from .conftest import ORG_A, ORG_B, As, Caller, eventually, fresh_snils

pytestmark = pytest.mark.integration


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


# --- registration ---------------------------------------------------------------------------
async def test_an_officer_registers_a_worker_and_the_change_feed_carries_the_event(as_: As) -> None:
    worker = await registered(as_, email="Anna@Clinic.ru", phone="+7 495 123-45-67")
    assert worker["review"] == "active"
    assert worker["contacts"] == {"email": "anna@clinic.ru", "phone": "4951234567"}
    [event] = await events_about(as_, worker["worker_id"], 1)
    assert event["type"] == "ru.egisz.registry.worker.registered.v1"
    assert event["data"]["registered_by_org"] == ORG_A
    assert event["actor"].startswith("org_officer:")


async def test_bad_fields_are_named_with_their_fix_and_nothing_is_stored(as_: As) -> None:
    snils = fresh_snils()
    reply = await as_.officer()(
        subjects.WORKER_REGISTER.subject,
        person(snils[:-2] + f"{(int(snils[-2:]) + 1) % 100:02d}", last_name="Ив4нов", phone="12"),
    )
    assert fields(reply) == {"snils": "checksum", "last_name": "format", "phone": "format"}
    assert reply["error"]["code"] == "validation_failed"
    assert all(f["message"] for f in reply["error"]["fields"])
    body = person()
    body["birthdate"] = body.pop("birth_date")
    typo = await as_.officer()(subjects.WORKER_REGISTER.subject, body)
    assert fields(typo) == {"birthdate": "extra_forbidden", "birth_date": "missing"}
    lookup = await as_.officer()(subjects.WORKER_GET.subject, {"snils": body["snils"]})
    assert lookup["error"]["code"] == "worker_not_found"


async def test_one_record_per_snils_and_a_likely_duplicate_waits_for_an_officer(as_: As) -> None:
    first = await registered(as_)
    again = await as_.officer()(subjects.WORKER_REGISTER.subject, person(first["snils"]))
    assert again["error"]["code"] == "worker_already_registered"
    twin = await registered(as_, birth_date=first["birth_date"])
    assert twin["review"] == "in_review"
    assert twin["possible_duplicate_of"] == [first["worker_id"]]
    busy = await as_.officer()(
        subjects.EDUCATION_ADD.subject,
        {
            "worker_id": twin["worker_id"],
            "level": "higher",
            "institution": "МГУ",
            "speciality": "лечебное дело",
            "document_number": "1",
            "document_date": "2008-06-30",
        },
    )
    assert busy["error"]["code"] == "worker_in_review"
    resolved = await as_.officer()(
        subjects.WORKER_RESOLVE_DUPLICATE.subject,
        {"worker_id": twin["worker_id"], "decision": "distinct", "comment": "разные паспорта"},
    )
    assert resolved["result"]["worker"]["review"] == "active"
    kinds = [e["type"].split(".")[-2] for e in await events_about(as_, twin["worker_id"], 3)]
    assert kinds == ["flagged", "duplicate_resolved", "registered"]


# --- who may do what ------------------------------------------------------------------------
async def test_an_officer_of_another_organization_cannot_see_or_touch_the_worker(as_: As) -> None:
    worker = await registered(as_)
    other = as_.officer(ORG_B)
    seen = await other(subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]})
    assert seen["error"]["code"] == "worker_not_found"
    edit = await other(
        subjects.WORKER_UPDATE.subject,
        {"worker_id": worker["worker_id"], "contacts": {"email": "x@y.ru"}},
    )
    assert edit["error"]["code"] == "worker_not_found"
    hire_elsewhere = await other(
        subjects.EMPLOYMENT_START.subject,
        {
            "worker_id": worker["worker_id"],
            "organization_oid": ORG_A,
            "position": "Врач",
            "start_date": "2024-01-01",
        },
    )
    assert hire_elsewhere["error"]["code"] == "not_your_organization"


async def test_a_worker_reads_only_their_own_record_and_keeps_their_contacts_current(
    as_: As,
) -> None:
    mine, theirs = await registered(as_), await registered(as_)
    me = as_.worker(mine["snils"])
    assert (await me(subjects.WORKER_GET.subject, {}))["result"]["worker_id"] == mine["worker_id"]
    other = await me(subjects.WORKER_GET.subject, {"worker_id": theirs["worker_id"]})
    assert other["error"]["code"] == "forbidden"
    theirs_too = await me(
        subjects.WORKER_UPDATE.subject,
        {"worker_id": theirs["worker_id"], "contacts": {"email": "me@mail.ru"}},
    )
    assert theirs_too["error"]["code"] == "forbidden"
    contacts = await me(
        subjects.WORKER_UPDATE.subject,
        {"contacts": {"email": "Me@Mail.ru", "phone": "+7 (912) 345-67-89"}},
    )
    assert contacts["result"]["contacts"] == {"email": "me@mail.ru", "phone": "9123456789"}
    bad = await me(subjects.WORKER_UPDATE.subject, {"contacts": {"email": "me@", "phone": "12"}})
    assert fields(bad) == {"email": "format", "phone": "format"}
    moved = await me(
        subjects.WORKER_UPDATE.subject,
        {"actual_address": {"postcode": "190000", "text": "Санкт-Петербург, Невский, 1"}},
    )
    assert moved["result"]["actual_address"]["postcode"] == "190000"
    register = await me(subjects.WORKER_REGISTER.subject, person())
    assert register["error"]["code"] == "forbidden"
    events = await events_about(as_, mine["worker_id"], 3)
    assert [e["type"].split(".")[-2] for e in events] == ["registered", "updated", "updated"]
    assert events[1]["data"]["sections"] == ["contacts"]
    assert events[1]["data"]["email"] == "me@mail.ru", "notify learns the new address"


async def test_the_passport_birth_place_and_addresses_travel_over_the_wire_and_come_back(
    as_: As,
) -> None:
    passport = {
        "kind": "passport_rf",
        "series": "45 06",
        "number": "123456",
        "issued_on": "2005-05-05",
        "issuer": "ОВД Тверского района г. Москвы",
    }
    body = person(
        birth_place="г.  Калуга",
        identity_document=passport,
        registration_address={"postcode": "101000", "text": "Москва, Мясницкая, 1"},
        citizenship="RU",
    )
    bad = await as_.officer()(
        subjects.WORKER_REGISTER.subject,
        {**body, "identity_document": {**passport, "series": "45", "number": "12-34"}},
    )
    assert fields(bad) == {
        "identity_document.series": "format",
        "identity_document.number": "format",
    }
    worker = (await as_.officer()(subjects.WORKER_REGISTER.subject, body))["result"]
    read = (await as_.officer()(subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]}))[
        "result"
    ]
    assert read["identity_document"] == passport
    assert read["birth_place"] == "г. Калуга"
    assert read["registration_address"]["postcode"] == "101000"
    own = (await as_.worker(body["snils"])(subjects.WORKER_GET.subject, {}))["result"]
    assert own["identity_document"]["number"] == "123456"
    stranger = await as_.officer(ORG_B)(
        subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]}
    )
    assert stranger["error"]["code"] == "worker_not_found"


# --- the record -----------------------------------------------------------------------------
async def test_jobs_education_certificates_and_categories_enter_the_record_with_events(
    as_: As,
) -> None:
    officer = as_.officer()
    worker = await registered(as_)
    wid = worker["worker_id"]
    hired = await officer(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": wid, "position": "Врач-терапевт", "rate": "1.0", "start_date": "2020-01-01"},
    )
    [job] = hired["result"]["employments"]
    overlap = await officer(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": wid, "position": "Врач", "start_date": "2022-01-01"},
    )
    assert overlap["error"]["code"] == "overlapping_main_job"
    early = await officer(
        subjects.EMPLOYMENT_END.subject,
        {
            "worker_id": wid,
            "employment_id": job["employment_id"],
            "end_date": "2019-01-01",
            "dismissal_reason": "по собственному желанию",
        },
    )
    assert fields(early) == {"end_date": "before_start"}
    leaves_on = (date.today() + timedelta(days=30)).isoformat()
    ended = await officer(
        subjects.EMPLOYMENT_END.subject,
        {
            "worker_id": wid,
            "employment_id": job["employment_id"],
            "end_date": leaves_on,
            "dismissal_reason": "по собственному желанию",
        },
    )
    # Leaving next month: the organization maintains the record until then.
    assert ended["result"]["employments"][0]["end_date"] == leaves_on
    course = {
        "worker_id": wid,
        "level": "advanced_training",
        "institution": "РМАНПО",
        "speciality": "терапия",
        "document_number": "ПК-1",
        "document_date": "2024-03-01",
    }
    assert fields(await officer(subjects.EDUCATION_ADD.subject, course)) == {"hours": "missing"}
    assert (await officer(subjects.EDUCATION_ADD.subject, {**course, "hours": 144}))["ok"]
    cert = {
        "worker_id": wid,
        "number": f"0177 {uuid.uuid4().int % 10**7}",
        "issuer": "Первый МГМУ",
        "speciality": "терапия",
        "issued_on": "2020-01-01",
        "valid_until": "2025-01-01",
    }
    assert (await officer(subjects.CERTIFICATE_ADD.subject, cert))["ok"]
    someone_else = await registered(as_)
    taken = await officer(
        subjects.CERTIFICATE_ADD.subject, {**cert, "worker_id": someone_else["worker_id"]}
    )
    assert taken["error"]["code"] == "certificate_already_recorded"
    other = someone_else["worker_id"]
    lapsed = {**cert, "number": f"0177 {uuid.uuid4().int % 10**7}", "worker_id": other}
    assert (await officer(subjects.CERTIFICATE_ADD.subject, lapsed))["ok"]
    valid = {**lapsed, "number": f"0177 {uuid.uuid4().int % 10**7}", "speciality": "кардиология"}
    recorded = await officer(
        subjects.CERTIFICATE_ADD.subject, {**valid, "valid_until": "2099-01-01"}
    )
    assert recorded["result"]["specialities"] == ["кардиология"], "a lapsed certificate drops"
    category = await officer(
        subjects.CATEGORY_ASSIGN.subject,
        {
            "worker_id": wid,
            "category": "highest",
            "speciality": "терапия",
            "assigned_on": "2023-05-05",
        },
    )
    assert category["result"]["categories"][0]["category"] == "highest"
    events = await events_about(as_, wid, 6)
    versions = [e["data"]["record_version"] for e in events]
    assert versions == sorted(set(versions)), "each change carries the record's next version"
    kinds = [e["type"].split(".")[-3:-1] for e in events]
    assert kinds == [
        ["worker", "registered"],
        ["employment", "started"],
        ["employment", "ended"],
        ["education", "added"],
        ["certificate", "added"],
        ["category", "assigned"],
    ]


async def test_a_reported_inaccuracy_goes_to_the_organization_that_resolves_it(as_: As) -> None:
    worker = await registered(as_)
    me = as_.worker(worker["snils"])
    wrong_org = await me(
        subjects.CORRECTION_REPORT.subject,
        {"organization_oid": ORG_B, "section": "personal", "description": "Опечатка"},
    )
    assert fields(wrong_org) == {"organization_oid": "not_linked"}
    report = await me(
        subjects.CORRECTION_REPORT.subject,
        {"organization_oid": ORG_A, "section": "personal", "description": "Опечатка в отчестве"},
    )
    correction_id = report["result"]["correction_id"]
    page = await as_.officer()(subjects.CORRECTION_LIST.subject, {"status": "open"})
    assert correction_id in [c["correction_id"] for c in page["result"]["items"]]
    others = await as_.officer(ORG_B)(subjects.CORRECTION_LIST.subject, {})
    assert correction_id not in [c["correction_id"] for c in others["result"]["items"]]
    stolen = await as_.officer(ORG_B)(
        subjects.CORRECTION_RESOLVE.subject, {"correction_id": correction_id, "status": "declined"}
    )
    assert stolen["error"]["code"] == "correction_not_found"
    declined = await as_.officer()(
        subjects.CORRECTION_RESOLVE.subject, {"correction_id": correction_id, "status": "declined"}
    )
    assert fields(declined) == {"comment": "missing"}
    said = await as_.officer()(
        subjects.CORRECTION_RESOLVE.subject, {"correction_id": correction_id, "status": "corrected"}
    )
    assert said["error"]["code"] == "correction_fix_required"
    assert fields(said) == {"status": "fix_required"}
    fixed = await as_.officer()(
        subjects.WORKER_UPDATE.subject,
        {
            "worker_id": worker["worker_id"],
            "personal": {
                "last_name": worker["last_name"],
                "first_name": worker["first_name"],
                "middle_name": "Семёновна",
                "birth_date": worker["birth_date"],
            },
            "correction_id": correction_id,
        },
    )
    assert fixed["result"]["middle_name"] == "Семёновна"
    [done] = (await me(subjects.CORRECTION_LIST.subject, {"status": "corrected"}))["result"][
        "items"
    ]
    assert done["correction_id"] == correction_id
    assert done["fix"] == {"sections": ["personal"], "entry_id": None, "revision": None}
    again = await as_.officer()(
        subjects.CORRECTION_RESOLVE.subject,
        {"correction_id": correction_id, "status": "declined", "comment": "Поздно"},
    )
    assert again["error"]["code"] == "correction_already_resolved"


async def test_an_officer_corrects_and_annuls_entries_with_a_reason_kept_in_the_history(
    as_: As,
) -> None:
    worker = await registered(as_)
    wid, officer = worker["worker_id"], as_.officer()
    diploma = {
        "worker_id": wid,
        "level": "higher",
        "institution": "РНИМУ",
        "speciality": "Лечебное дело",
        "document_number": "107724 0001",
        "document_date": "2005-06-30",
    }
    added = await officer(subjects.EDUCATION_ADD.subject, diploma)
    education_id = added["result"]["education"][0]["education_id"]
    job = await officer(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": wid, "position": "Врач-терапевт", "start_date": "2020-01-01"},
    )
    employment_id = job["result"]["employments"][0]["employment_id"]
    request = await as_.worker(worker["snils"])(
        subjects.CORRECTION_REPORT.subject,
        {"organization_oid": ORG_A, "section": "education", "description": "Номер 107724 0010"},
    )
    correction_id = request["result"]["correction_id"]

    fix = {**diploma, "education_id": education_id, "document_number": "107724 0010"}
    unexplained = await officer(subjects.EDUCATION_CORRECT.subject, {**fix, "reason": " "})
    assert fields(unexplained) == {"reason": "missing"}
    same = await officer(
        subjects.EDUCATION_CORRECT.subject, {**diploma, "education_id": education_id, "reason": "x"}
    )
    assert fields(same) == {"entry_id": "unchanged"}
    wrong = await officer(
        subjects.EDUCATION_CORRECT.subject, {**fix, "education_id": "nope", "reason": "Опечатка"}
    )
    assert wrong["error"]["code"] == "entry_not_found"
    stranger = await as_.officer(ORG_B)(
        subjects.EDUCATION_CORRECT.subject, {**fix, "reason": "Опечатка"}
    )
    assert stranger["error"]["code"] == "worker_not_found"
    corrected = await officer(
        subjects.EDUCATION_CORRECT.subject,
        {**fix, "reason": "Номер по диплому", "correction_id": correction_id},
    )
    record = corrected["result"]
    assert record["education"][0]["document_number"] == "107724 0010"
    [revision] = record["history"]
    assert revision["action"] == "corrected" and revision["revision"] == 1
    assert revision["education"]["document_number"] == "107724 0001"
    assert revision["correction_id"] == correction_id and revision["by_org"] == ORG_A

    annulled = await officer(
        subjects.ENTRY_ANNUL.subject,
        {
            "worker_id": wid,
            "kind": "employment",
            "entry_id": employment_id,
            "reason": "Запись внесена не тому работнику",
        },
    )
    assert annulled["result"]["employments"] == []
    assert [r["action"] for r in annulled["result"]["history"]] == ["corrected", "annulled"]
    events = await events_about(as_, wid, 5)
    revised = [e for e in events if e["type"].split(".")[-3] == "entry"]
    assert [e["type"] for e in revised] == [
        "ru.egisz.registry.entry.corrected.v1",
        "ru.egisz.registry.entry.annulled.v1",
    ]
    assert revised[0]["data"]["education"]["document_number"] == "107724 0010"
    assert revised[0]["data"]["correction_id"] == correction_id
    assert revised[1]["data"]["kind"] == "employment"
    assert revised[1]["data"]["entry_id"] == employment_id


async def test_a_person_already_in_frmr_is_hired_not_registered_again(as_: As) -> None:
    anna = await registered(as_, email="anna@clinic.ru")
    again = await as_.officer(ORG_B)(subjects.WORKER_REGISTER.subject, person(anna["snils"]))
    assert again["error"]["code"] == "worker_already_registered"
    assert "worker.hire" in again["error"]["message"], "the refusal says what to do instead"
    job = {"position": "Врач УЗИ", "rate": "0.5", "kind": "part_time", "start_date": "2024-01-01"}
    wrong = await as_.officer(ORG_B)(
        subjects.WORKER_HIRE.subject, {"snils": anna["snils"], "birth_date": "1950-01-01", **job}
    )
    assert wrong["error"]["code"] == "worker_not_found"
    missing = await as_.officer(ORG_B)(
        subjects.WORKER_HIRE.subject, {"snils": anna["snils"], **job}
    )
    assert fields(missing) == {"birth_date": "missing"}
    hired = await as_.officer(ORG_B)(
        subjects.WORKER_HIRE.subject,
        {"snils": anna["snils"], "birth_date": anna["birth_date"], **job},
    )
    record = hired["result"]
    assert record["worker_id"] == anna["worker_id"]
    assert [e["organization_oid"] for e in record["employments"]] == [ORG_B]
    assert record["contacts"]["email"] == "anna@clinic.ru", "the employer now sees the contacts"
    foreign = await as_.officer(ORG_B)(
        subjects.WORKER_HIRE.subject,
        {
            "snils": anna["snils"],
            "birth_date": anna["birth_date"],
            **job,
            "organization_oid": ORG_A,
        },
    )
    assert foreign["error"]["code"] == "not_your_organization"


async def test_a_request_is_answered_only_by_a_change_to_that_worker_and_section(
    as_: As,
) -> None:
    anna, other = await registered(as_), await registered(as_)
    request = await as_.worker(anna["snils"])(
        subjects.CORRECTION_REPORT.subject,
        {"organization_oid": ORG_A, "section": "personal", "description": "Отчество: Семёновна"},
    )
    cid, officer = request["result"]["correction_id"], as_.officer()
    contacts = await officer(
        subjects.WORKER_UPDATE.subject,
        {"worker_id": anna["worker_id"], "contacts": {"email": "a@b.ru"}, "correction_id": cid},
    )
    assert contacts["error"]["code"] == "correction_mismatch"
    someone_else = await officer(
        subjects.WORKER_UPDATE.subject,
        {"worker_id": other["worker_id"], "contacts": {"email": "c@d.ru"}, "correction_id": cid},
    )
    assert someone_else["error"]["code"] == "correction_mismatch"
    same = {k: anna[k] for k in ("last_name", "first_name", "middle_name", "birth_date")}
    unchanged = await officer(
        subjects.WORKER_UPDATE.subject,
        {"worker_id": anna["worker_id"], "personal": same, "correction_id": cid},
    )
    assert fields(unchanged) == {"correction_id": "unchanged"}
    by_worker = await as_.worker(anna["snils"])(
        subjects.WORKER_UPDATE.subject,
        {"personal": {**same, "middle_name": "Семёновна"}, "correction_id": cid},
    )
    assert by_worker["error"]["code"] == "forbidden", "the organization answers, not the worker"
    still = (await officer(subjects.CORRECTION_LIST.subject, {"status": "open"}))["result"]
    assert cid in [c["correction_id"] for c in still["items"]], "nothing closed it"
    reread = await officer(subjects.WORKER_GET.subject, {"worker_id": other["worker_id"]})
    assert reread["result"]["contacts"]["email"] is None, "the refused change changed nothing"


async def test_a_person_waiting_in_duplicate_review_is_not_hired(as_: As) -> None:
    twin = {"last_name": "Ожидалова", "first_name": "Вера", "birth_date": "1981-08-08"}
    await registered(as_, **twin)
    flagged = await registered(as_, **twin)
    assert flagged["review"] == "in_review"
    hired = await as_.officer(ORG_B)(
        subjects.WORKER_HIRE.subject,
        {
            "snils": flagged["snils"],
            "birth_date": twin["birth_date"],
            "position": "Врач",
            "start_date": "2024-01-01",
        },
    )
    assert hired["error"]["code"] == "worker_in_review"


async def test_certificates_and_categories_are_corrected_and_annulled_over_the_wire(
    as_: As,
) -> None:
    worker = await registered(as_)
    wid, officer = worker["worker_id"], as_.officer()
    cert = {
        "worker_id": wid,
        "number": f"0177 {uuid.uuid4().int % 10**8:08d}",
        "issuer": "Первый МГМУ",
        "speciality": "терапия",
        "issued_on": "2020-01-01",
        "valid_until": "2025-01-01",
    }
    certificate_id = (await officer(subjects.CERTIFICATE_ADD.subject, cert))["result"][
        "certificates"
    ][0]["certificate_id"]
    category = {
        "worker_id": wid,
        "category": "first",
        "speciality": "терапия",
        "assigned_on": "2023-05-05",
    }
    category_id = (await officer(subjects.CATEGORY_ASSIGN.subject, category))["result"][
        "categories"
    ][0]["category_id"]
    backwards = await officer(
        subjects.CERTIFICATE_CORRECT.subject,
        {**cert, "certificate_id": certificate_id, "valid_until": "2019-01-01", "reason": "Срок"},
    )
    assert fields(backwards) == {"valid_until": "before_start"}
    fixed = await officer(
        subjects.CERTIFICATE_CORRECT.subject,
        {
            **cert,
            "certificate_id": certificate_id,
            "valid_until": "2030-01-01",
            "reason": "Срок по сертификату",
        },
    )
    assert fixed["result"]["certificates"][0]["valid_until"] == "2030-01-01"
    highest = await officer(
        subjects.CATEGORY_CORRECT.subject,
        {
            **category,
            "category_id": category_id,
            "category": "highest",
            "reason": "Высшая по приказу",
        },
    )
    assert highest["result"]["categories"][0]["category"] == "highest"
    annulled = await officer(
        subjects.ENTRY_ANNUL.subject,
        {"worker_id": wid, "kind": "certificate", "entry_id": certificate_id, "reason": "Не его"},
    )
    assert annulled["result"]["certificates"] == []
    assert [(r["kind"], r["action"]) for r in annulled["result"]["history"]] == [
        ("certificate", "corrected"),
        ("category", "corrected"),
        ("certificate", "annulled"),
    ]
    someone = await registered(as_)  # the number is free again for the one it belongs to
    moved = await officer(
        subjects.CERTIFICATE_ADD.subject, {**cert, "worker_id": someone["worker_id"]}
    )
    assert moved["ok"], moved


async def test_an_import_hires_a_person_in_frmr_by_snils_and_birth_date_over_the_wire(
    as_: As,
) -> None:
    anna = await registered(as_, last_name="Петрова")
    row = {
        "row": 1,
        "snils": anna["snils"],
        "last_name": "Смирнова",  # married since: the same SNILS and birth date are her
        "first_name": anna["first_name"],
        "birth_date": anna["birth_date"],
        "position": "Врач УЗИ",
        "rate": "0.5",
        "kind": "part_time",
        "start_date": "2024-01-01",
    }
    other_birth = {**row, "row": 2, "birth_date": "1950-01-01"}
    reply = await as_.officer(ORG_B)(subjects.WORKER_IMPORT.subject, {"rows": [row, other_birth]})
    outcomes = reply["result"]["rows"]
    assert [(o["outcome"], o["worker_id"]) for o in outcomes] == [
        ("employed", anna["worker_id"]),
        ("failed", None),
    ]
    assert outcomes[1]["errors"][0]["code"] == "worker_already_registered"
    seen = (
        await as_.officer(ORG_B)(subjects.WORKER_GET.subject, {"worker_id": anna["worker_id"]})
    )["result"]
    assert seen["last_name"] == "Петрова", "the record keeps its own name"
    desk = await as_.role(Role.REGISTRY_OPERATOR)(
        subjects.EMPLOYMENT_START.subject,
        {
            "worker_id": anna["worker_id"],
            "organization_oid": "1.2.643.5.1.13.13.12.2.99.404",
            "position": "Врач",
            "start_date": "2024-01-01",
        },
    )
    assert fields(desk) == {"organization_oid": "not_found"}


async def test_only_the_jobs_organization_corrects_a_job_and_a_worker_corrects_nothing(
    as_: As,
) -> None:
    worker = await registered(as_)
    wid = worker["worker_id"]
    job = await as_.officer()(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": wid, "position": "Врач-терапевт", "start_date": "2020-01-01"},
    )
    employment_id = job["result"]["employments"][0]["employment_id"]
    hired = await as_.officer(ORG_B)(
        subjects.WORKER_HIRE.subject,
        {
            "snils": worker["snils"],
            "birth_date": worker["birth_date"],
            "position": "Врач УЗИ",
            "rate": "0.5",
            "kind": "part_time",
            "start_date": "2021-01-01",
        },
    )
    assert hired["ok"], hired
    correction = {
        "worker_id": wid,
        "employment_id": employment_id,
        "position": "Врач-кардиолог",
        "start_date": "2020-01-01",
        "reason": "По приказу о приёме",
    }
    foreign = await as_.officer(ORG_B)(subjects.EMPLOYMENT_CORRECT.subject, correction)
    assert foreign["error"]["code"] == "not_your_organization"
    own = await as_.worker(worker["snils"])(subjects.EMPLOYMENT_CORRECT.subject, correction)
    assert own["error"]["code"] == "forbidden"
    done = await as_.officer()(subjects.EMPLOYMENT_CORRECT.subject, correction)
    assert [e["position"] for e in done["result"]["employments"]] == ["Врач-кардиолог", "Врач УЗИ"]


async def test_the_duplicate_review_queue_shows_the_oldest_first_to_whom_it_concerns(
    as_: As,
) -> None:
    twin = {"last_name": "Двойникова", "first_name": "Ольга", "birth_date": "1979-09-09"}
    first = await registered(as_, **twin)
    flagged = [(await registered(as_, **twin))["worker_id"] for _ in range(2)]
    assert first["review"] == "active"

    async def queue(caller: Caller) -> list[dict[str, Any]]:
        items, cursor = [], None
        while True:
            page = (
                await caller(subjects.WORKER_REVIEW_QUEUE.subject, {"after": cursor, "limit": 50})
            )["result"]
            items += page["items"]
            if (cursor := page["next_cursor"]) is None:
                return items

    support = [
        i for i in await queue(as_.role(Role.REGISTRY_OPERATOR)) if i["worker_id"] in flagged
    ]
    assert [i["worker_id"] for i in support] == flagged, "oldest first"
    assert support[0]["possible_duplicate_of"] == [first["worker_id"]]
    assert support[0]["waiting_days"] == 0
    mine = [i["worker_id"] for i in await queue(as_.officer())]
    assert set(flagged) <= set(mine)
    assert not set(flagged) & {i["worker_id"] for i in await queue(as_.officer(ORG_B))}
    worker = await as_.worker(first["snils"])(subjects.WORKER_REVIEW_QUEUE.subject, {})
    assert worker["error"]["code"] == "forbidden"


# --- queries --------------------------------------------------------------------------------
async def test_the_staff_list_pages_through_an_organization_with_a_cursor(as_: As) -> None:
    org = f"1.2.643.5.1.13.13.12.2.50.{uuid.uuid4().int % 10**6}"
    ids = sorted([(await registered(as_, org=org))["worker_id"] for _ in range(5)])
    seen: list[str] = []
    cursor = None
    while True:
        page = (await as_.officer(org)(subjects.STAFF_LIST.subject, {"after": cursor, "limit": 2}))[
            "result"
        ]
        seen += [e["worker_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    officer = as_.officer(org)
    await officer(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": ids[0], "position": "Врач-терапевт", "start_date": "2021-01-01"},
    )
    [entry] = [
        e
        for e in (await officer(subjects.STAFF_LIST.subject, {}))["result"]["items"]
        if e["worker_id"] == ids[0]
    ]
    assert [(j["position"], j["organization_oid"]) for j in entry["jobs"]] == [
        ("Врач-терапевт", org)
    ]
    foreign = await as_.officer(org)(subjects.STAFF_LIST.subject, {"organization_oid": ORG_A})
    assert foreign["error"]["code"] == "not_your_organization"
    too_big = await as_.officer(org)(subjects.STAFF_LIST.subject, {"limit": 101})
    assert fields(too_big) == {"limit": "less_than_equal"}


async def test_public_verification_needs_no_token_and_shows_no_personal_data(
    as_: As, nc: NatsClient
) -> None:
    last = f"Проверкина{'абвгд'[uuid.uuid4().int % 5]}"
    worker = await registered(as_, last_name=last, email="v@clinic.ru")
    officer, wid = as_.officer(), worker["worker_id"]
    await officer(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": wid, "position": "Врач", "start_date": "2021-01-01"},
    )
    diploma_number = f"1077 {uuid.uuid4().int % 10**8:08d}"
    await officer(
        subjects.EDUCATION_ADD.subject,
        {
            "worker_id": wid,
            "level": "higher",
            "institution": "РНИМУ",
            "speciality": "Лечебное дело",
            "document_number": diploma_number,
            "document_date": "2005-06-30",
        },
    )
    certificate_number = f"0177 {uuid.uuid4().int % 10**8:08d}"
    await officer(
        subjects.CERTIFICATE_ADD.subject,
        {
            "worker_id": wid,
            "number": certificate_number,
            "issuer": "Первый МГМУ",
            "speciality": "терапия",
            "issued_on": "2019-03-01",
            "valid_until": "2024-03-01",
        },
    )
    msg = await nc.request(
        subjects.PRACTITIONER_VERIFY.subject,
        json.dumps({"last_name": last.upper(), "first_name": "анна"}).encode(),
        timeout=10,
    )
    text = msg.data.decode()
    reply = json.loads(text)
    [found] = reply["result"]["practitioners"]
    assert found["organizations"] == [ORG_A]
    # Seed 002: a patient sees the education and certificates, without their numbers.
    assert found["education"] == [
        {
            "level": "higher",
            "institution": "РНИМУ",
            "speciality": "Лечебное дело",
            "year": 2005,
            "hours": None,
        }
    ]
    assert found["certificates"] == [
        {
            "speciality": "терапия",
            "issuer": "Первый МГМУ",
            "valid_until": "2024-03-01",
            "valid": False,
        }
    ]
    for secret in (
        worker["snils"],
        worker["birth_date"],
        "v@clinic.ru",
        diploma_number,
        certificate_number,
        "2005-06-30",
    ):
        assert secret not in text


async def test_the_change_feed_pages_from_a_cursor(as_: As) -> None:
    for _ in range(2):  # two events at least, whatever ran before
        worker = await registered(as_)
        await events_about(as_, worker["worker_id"], 1)
    service = as_.system("system:directory")
    first = (await service(subjects.CHANGES_LIST.subject, {"after": 0, "limit": 1}))["result"]
    assert len(first["events"]) == 1
    assert first["has_more"] is True
    nxt = (
        await service(subjects.CHANGES_LIST.subject, {"after": first["next_cursor"], "limit": 1})
    )["result"]
    # The next entry of the stream (a test elsewhere publishes one event twice on purpose, so
    # two entries may hold the same event id: the cursor, not the id, says where a page is).
    assert nxt["next_cursor"] > first["next_cursor"] and len(nxt["events"]) == 1
    officer = await as_.officer()(subjects.CHANGES_LIST.subject, {})
    assert officer["error"]["code"] == "forbidden"


async def test_a_reader_that_knows_a_time_reads_the_change_feed_from_it(as_: As) -> None:
    since = datetime.now(UTC)
    worker = await registered(as_)
    page = (
        await as_.system("system:directory")(
            subjects.CHANGES_LIST.subject, {"since": since.isoformat(), "limit": 500}
        )
    )["result"]
    assert worker["worker_id"] in [e.get("subject") for e in page["events"]]
    assert all(e["time"] >= since.isoformat() for e in page["events"])
    naive = await as_.system("system:directory")(
        subjects.CHANGES_LIST.subject, {"since": "2026-01-01"}
    )
    assert fields(naive) == {"since": "timezone_aware"}


# --- accreditation passed → recorded --------------------------------------------------------
async def test_a_passed_accreditation_is_recorded_once_however_often_it_arrives(
    as_: As, registry: ServiceRuntime, nc: NatsClient
) -> None:
    worker = await registered(as_)
    event = CloudEvent[AccreditationPassed](
        id=uuid.uuid4().hex,
        source="/egisz/accreditation",
        type=subjects.ACCREDITATION_PASSED.type,
        time="2026-11-20T10:00:00Z",  # type: ignore[arg-type]
        subject=worker["worker_id"],
        data=AccreditationPassed(
            application_id=uuid.uuid4().hex,
            worker_id=worker["worker_id"],
            snils=worker["snils"],
            kind="periodic",
            speciality="терапия",
            passed_on="2026-11-20",  # type: ignore[arg-type]
            valid_until="2031-11-20",  # type: ignore[arg-type]
            protocol_number="П-17",
        ),
    )
    body = event.model_dump_json().encode()
    for attempt in range(2):  # the second copy has a fresh Nats-Msg-Id: the consumer must dedupe
        await nc.jetstream().publish(  # as accreditation's relay would (the test: the admin)
            subjects.ACCREDITATION_PASSED.subject,
            body,
            headers={"Nats-Msg-Id": f"{event.id}-{attempt}"},
            stream=subjects.ACCREDITATION_PASSED.stream,
        )
    recorded = await events_about(as_, worker["worker_id"], 2)
    assert [e["type"].split(".")[-2] for e in recorded] == ["registered", "recorded"]
    view = await as_.system("system:directory")(
        subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]}
    )
    [accreditation] = view["result"]["accreditations"]
    assert (accreditation["valid_until"], accreditation["protocol_number"]) == (
        "2031-11-20",
        "П-17",
    )


async def test_the_remaining_refusals_each_have_their_code(as_: As) -> None:
    officer = as_.officer()
    worker = await registered(as_)
    wid = worker["worker_id"]
    not_flagged = await officer(
        subjects.WORKER_RESOLVE_DUPLICATE.subject, {"worker_id": wid, "decision": "distinct"}
    )
    assert not_flagged["error"]["code"] == "worker_not_in_review"
    no_job = await officer(
        subjects.EMPLOYMENT_END.subject,
        {
            "worker_id": wid,
            "employment_id": "nope",
            "end_date": "2025-01-01",
            "dismissal_reason": "x",
        },
    )
    assert no_job["error"]["code"] == "employment_not_found"
    report = await as_.worker(worker["snils"])(
        subjects.CORRECTION_REPORT.subject,
        {"organization_oid": ORG_A, "section": "contacts", "description": "Старый телефон"},
    )
    cid = report["result"]["correction_id"]
    resolve = {"correction_id": cid, "status": "declined", "comment": "Телефон верный"}
    assert (await officer(subjects.CORRECTION_RESOLVE.subject, resolve))["ok"]
    twice = await officer(subjects.CORRECTION_RESOLVE.subject, resolve)
    assert twice["error"]["code"] == "correction_already_resolved"
    no_org = await officer(
        subjects.ORGANIZATION_GET.subject, {"oid": "1.2.643.5.1.13.13.12.2.99.404"}
    )
    assert no_org["error"]["code"] == "organization_not_found"
    out_of_order = await officer(
        subjects.FILE_UPLOAD.subject,
        {"upload_id": uuid.uuid4().hex, "part": 1, "data": "JVBERi0=", "filename": "a.pdf"},
    )
    assert fields(out_of_order) == {"part": "order"}
    not_base64 = await officer(
        subjects.FILE_UPLOAD.subject,
        {"upload_id": uuid.uuid4().hex, "part": 0, "data": "%%%", "filename": "a.pdf"},
    )
    assert fields(not_base64) == {"data": "base64"}
    not_ascii = await officer(  # found by schemathesis: was a 500
        subjects.FILE_UPLOAD.subject,
        {"upload_id": uuid.uuid4().hex, "part": 0, "data": ")©Ö·½", "filename": "a.png"},
    )
    assert fields(not_ascii) == {"data": "base64"}
    unauthenticated = await as_.anonymous()(subjects.WORKER_GET.subject, {"worker_id": wid})
    assert unauthenticated["error"]["code"] == "unauthenticated"
