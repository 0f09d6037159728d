"""A worker's record over real NATS and MongoDB: jobs, education, certificates, categories,
reported inaccuracies, corrections and annulments, imports and the duplicate review queue."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role

from .conftest import ORG_A, ORG_B, As, Caller
from .workers_wire import events_about, fields, registered

pytestmark = pytest.mark.integration


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
