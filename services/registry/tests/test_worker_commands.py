"""FRMR's registration over real NATS and MongoDB: a worker registered, refused with the field
and the fix, found again as a duplicate or hired; who may see and touch a record."""

from __future__ import annotations

from typing import Any

import pytest

from egisz.contracts import subjects

from .conftest import ORG_A, ORG_B, As, fresh_snils
from .workers_wire import events_about, fields, person, registered

pytestmark = pytest.mark.integration


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
    assert read["identity_document"] == passport | {"kind_code": None}  # text: no book code
    assert read["birth_place"] == "г. Калуга"
    assert read["registration_address"]["postcode"] == "101000"
    own = (await as_.worker(body["snils"])(subjects.WORKER_GET.subject, {}))["result"]
    assert own["identity_document"]["number"] == "123456"
    stranger = await as_.officer(ORG_B)(
        subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]}
    )
    assert stranger["error"]["code"] == "worker_not_found"


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


async def test_a_near_duplicate_waits_for_an_officer_naming_whom_and_why(as_: As) -> None:
    """Issue 34: «Семенова Анна» (no patronymic), «Семенова Ана Петровна» and «Семёнов Анна
    Петровна» were entered as new people beside «Семёнова Анна Петровна» born the same day."""
    first = await registered(as_, last_name="Семёнова", first_name="Анна", middle_name="Петровна")
    born = first["birth_date"]
    for last, given, middle, why in (
        ("Семенова", "Анна", None, "отчество указано только в одной записи"),
        ("Семенова", "Ана", "Петровна", "имя — на одну букву (Ана / Анна)"),
        ("Семёнов", "Анна", "Петровна", "фамилия отличается окончанием (Семёнов / Семёнова)"),
    ):
        near = await registered(
            as_, last_name=last, first_name=given, middle_name=middle, birth_date=born
        )
        assert near["review"] == "in_review", (last, given, middle)
        assert first["worker_id"] in near["possible_duplicate_of"]
        item = await in_review_queue(as_, near["worker_id"])
        assert any(why in reason for reason in item["why"]), item["why"]
    other = await registered(
        as_, last_name="Семёнова", first_name="Вера", middle_name="Петровна", birth_date=born
    )
    assert other["review"] == "active", "another person born the same day"


async def in_review_queue(as_: As, worker_id: str) -> dict[str, Any]:
    """The officer's review queue's item for a record (paged: the queue is oldest first)."""
    after = None
    while True:
        body = {"limit": 100} | ({"after": after} if after else {})
        page = (await as_.officer()(subjects.WORKER_REVIEW_QUEUE.subject, body))["result"]
        found = [i for i in page["items"] if i["worker_id"] == worker_id]
        if found or not page.get("next_cursor"):
            assert found, f"{worker_id} is not in the review queue"
            return found[0]  # type: ignore[no-any-return]
        after = page["next_cursor"]
