"""The register of students and graduates over real NATS and MongoDB: an educational
organization's import, row by row; who may send it and who may read a record; the event each
change publishes."""

from __future__ import annotations

from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role

from .conftest import As, fresh_snils
from .workers_wire import events_about, fields

pytestmark = pytest.mark.integration

UNIVERSITY = {"ogrn": "1027739054420", "name": "Первый МГМУ им. И. М. Сеченова"}
COLLEGE = {"ogrn": "1027700132195", "name": "Медицинский колледж № 1"}


def graduate_row(row: int, snils: str, **changes: Any) -> dict[str, Any]:
    return {
        "row": row,
        "snils": snils,
        "last_name": "Смирнова",
        "first_name": "Дарья",
        "middle_name": "Олеговна",
        "birth_date": "2000-03-14",
        "programme_code": "31.05.01",
        "speciality": "Лечебное дело",
        "level": "specialist",
        "status": "graduated",
        "started_on": "2018-09-01",
        "graduated_on": "2024-06-28",
        "diploma_number": "107704 0012345",
        **changes,
    }


def outcomes(reply: dict[str, Any]) -> list[str]:
    assert reply["ok"], reply
    return [r["outcome"] for r in reply["result"]["rows"]]


async def test_a_university_imports_its_graduates_and_a_file_sent_again_changes_nothing(
    as_: As,
) -> None:
    university = as_.system("system:university", org=UNIVERSITY["ogrn"])
    first, second, bad = fresh_snils(), fresh_snils(), fresh_snils()
    body = {
        "organization": UNIVERSITY,
        "rows": [
            graduate_row(1, first),
            graduate_row(2, second, status="studying", graduated_on=None, diploma_number=None),
            graduate_row(3, bad, status="graduated", graduated_on=None, last_name="Смирн0ва"),
        ],
    }
    reply = await university(subjects.LEARNER_IMPORT.subject, body)
    assert outcomes(reply) == ["created", "created", "failed"]
    errors = {e["field"]: e["code"] for e in reply["result"]["rows"][2]["errors"]}
    assert errors == {"graduated_on": "missing", "last_name": "format"}
    assert outcomes(await university(subjects.LEARNER_IMPORT.subject, body)) == [
        "unchanged",
        "unchanged",
        "failed",
    ]

    learner = await as_.role(Role.FAC_OPERATOR)(subjects.LEARNER_GET.subject, {"snils": first})
    assert learner["ok"], learner
    [study] = learner["result"]["studies"]
    assert (study["speciality"], study["status"], study["graduated_on"]) == (
        "Лечебное дело",
        "graduated",
        "2024-06-28",
    )
    [event] = await events_about(as_, learner["result"]["learner_id"], 1)
    assert event["type"] == "ru.egisz.registry.learner.recorded.v1"
    assert event["data"]["studies"][0]["diploma_number"] == "107704 0012345"
    missing = await as_.role(Role.FAC_OPERATOR)(subjects.LEARNER_GET.subject, {"snils": bad})
    assert missing["error"]["code"] == "learner_not_found"


async def test_a_residency_from_another_organization_joins_the_record_with_one_event(
    as_: As,
) -> None:
    snils = fresh_snils()
    university = as_.system("system:university", org=UNIVERSITY["ogrn"])
    created = await university(
        subjects.LEARNER_IMPORT.subject,
        {"organization": UNIVERSITY, "rows": [graduate_row(1, snils)]},
    )
    learner_id = created["result"]["rows"][0]["learner_id"]
    residency = graduate_row(
        7,
        snils,
        programme_code="31.08.49",
        speciality="Терапия",
        level="residency",
        status="studying",
        started_on="2024-09-01",
        graduated_on=None,
        diploma_number=None,
    )
    support = as_.role(Role.REGISTRY_OPERATOR)  # the desk loads a file the college sent
    reply = await support(
        subjects.LEARNER_IMPORT.subject, {"organization": COLLEGE, "rows": [residency]}
    )
    assert outcomes(reply) == ["updated"]
    other_birth = await support(
        subjects.LEARNER_IMPORT.subject,
        {"organization": COLLEGE, "rows": [graduate_row(8, snils, birth_date="2001-01-01")]},
    )
    # Held for the desk without a reason: «the birth date differs» would be an oracle.
    assert other_birth["result"]["rows"][0] == {
        "row": 8,
        "outcome": "held",
        "learner_id": None,
        "errors": [],
    }
    queue = (await support(subjects.LEARNER_REVIEW_QUEUE.subject, {"limit": 100}))["result"]
    [held] = [h for h in queue["items"] if h["row"]["snils"] == snils]
    assert (held["row"]["birth_date"], held["organization"]["ogrn"]) == (
        "2001-01-01",
        COLLEGE["ogrn"],
    )
    refused = await as_.system("system:university", org=COLLEGE["ogrn"])(
        subjects.LEARNER_REVIEW_QUEUE.subject, {}
    )
    assert refused["error"]["code"] == "forbidden"
    events = await events_about(as_, learner_id, 2)
    assert [len(e["data"]["studies"]) for e in events] == [1, 2]
    own = await as_.worker(snils)(subjects.LEARNER_GET.subject, {"snils": snils})
    assert {s["speciality"] for s in own["result"]["studies"]} == {"Лечебное дело", "Терапия"}


async def test_only_the_organization_itself_or_the_desk_sends_its_learners(as_: As) -> None:
    snils = fresh_snils()
    body = {"organization": UNIVERSITY, "rows": [graduate_row(1, snils)]}
    college = as_.system("system:university", org=COLLEGE["ogrn"])
    refused = await college(subjects.LEARNER_IMPORT.subject, body)
    assert refused["error"]["code"] == "not_your_educational_organization"
    assert refused["error"]["kind"] == "forbidden"  # what an HTTP edge maps to 403
    nameless = await as_.system("system:university")(subjects.LEARNER_IMPORT.subject, body)
    assert nameless["error"]["code"] == "identity_not_allowed"  # a university's token names it
    for caller in (
        as_.worker(snils),
        as_.officer(),
        as_.role(Role.FAC_OPERATOR),
        as_.manager("1.2.643.5.1.13.13.12.2.77.101", "Главный врач"),
    ):
        reply = await caller(subjects.LEARNER_IMPORT.subject, body)
        assert reply["error"]["code"] == "forbidden", reply
    last = int(UNIVERSITY["ogrn"][-1])
    bad_ogrn = {**UNIVERSITY, "ogrn": UNIVERSITY["ogrn"][:-1] + str((last + 1) % 10)}
    reply = await as_.role(Role.REGISTRY_OPERATOR)(
        subjects.LEARNER_IMPORT.subject,
        {"organization": bad_ogrn, "rows": [graduate_row(1, snils)]},
    )
    assert "organization.ogrn" in fields(reply)
    stranger = await as_.worker(fresh_snils())(subjects.LEARNER_GET.subject, {"snils": snils})
    assert (stranger["error"]["code"], stranger["error"]["kind"]) == (
        "learner_not_found",
        "not_found",
    )
    officer = await as_.officer()(subjects.LEARNER_GET.subject, {"snils": snils})
    assert officer["error"]["code"] == "forbidden"


async def test_a_programme_by_its_speciality_code_takes_the_books_name_on_graduation(
    as_: As,
) -> None:
    from egisz.registry.domain.coding import SPECIALITIES

    from .test_coded_fields import starter_loaded

    await starter_loaded(as_, SPECIALITIES)
    university = as_.system("system:university", org=UNIVERSITY["ogrn"])
    coded, unknown = fresh_snils(), fresh_snils()
    body = {
        "organization": UNIVERSITY,
        "rows": [
            graduate_row(1, coded, speciality="лечебное дело (специалитет)", speciality_code="27"),
            graduate_row(2, unknown, speciality_code="нет-такого"),
        ],
    }
    reply = await university(subjects.LEARNER_IMPORT.subject, body)
    assert outcomes(reply) == ["created", "failed"]
    assert fields_of(reply["result"]["rows"][1]) == {"speciality_code": "unknown_code"}
    learner = await as_.role(Role.FAC_OPERATOR)(subjects.LEARNER_GET.subject, {"snils": coded})
    [study] = learner["result"]["studies"]
    assert (study["speciality_code"], study["speciality"]) == ("27", "Лечебное дело")
    [event] = await events_about(as_, learner["result"]["learner_id"], 1)
    assert event["data"]["studies"][0]["speciality_code"] == "27"


def fields_of(row: dict[str, Any]) -> dict[str, str]:
    return {e["field"]: e["code"] for e in row["errors"]}


async def test_a_learners_contacts_come_with_a_row_and_a_row_without_them_keeps_them(
    as_: As,
) -> None:
    university = as_.system("system:university", org=UNIVERSITY["ogrn"])
    snils, bad = fresh_snils(), fresh_snils()
    reply = await university(
        subjects.LEARNER_IMPORT.subject,
        {
            "organization": UNIVERSITY,
            "rows": [
                graduate_row(
                    1, snils, email="Darya.Smirnova@Example.RU", phone="+7 (916) 123-45-67"
                ),
                graduate_row(2, bad, email="не адрес", phone="12"),
            ],
        },
    )
    assert outcomes(reply) == ["created", "failed"]
    assert fields_of(reply["result"]["rows"][1]) == {"email": "format", "phone": "format"}
    residency = graduate_row(
        3, snils, programme_code="31.08.49", speciality="Терапия", level="residency"
    )
    support = as_.role(Role.REGISTRY_OPERATOR)
    assert outcomes(
        await support(
            subjects.LEARNER_IMPORT.subject, {"organization": COLLEGE, "rows": [residency]}
        )
    ) == ["updated"]
    own = (await as_.worker(snils)(subjects.LEARNER_GET.subject, {"snils": snils}))["result"]
    assert (own["email"], own["phone"]) == ("darya.smirnova@example.ru", "9161234567")
    events = await events_about(as_, own["learner_id"], 2)
    assert [e["data"]["email"] for e in events] == ["darya.smirnova@example.ru"] * 2
    moved = graduate_row(1, snils, email="d.smirnova@example.ru")
    assert outcomes(
        await university(
            subjects.LEARNER_IMPORT.subject, {"organization": UNIVERSITY, "rows": [moved]}
        )
    ) == ["updated"]
    own = (await as_.worker(snils)(subjects.LEARNER_GET.subject, {"snils": snils}))["result"]
    assert (own["email"], own["phone"]) == ("d.smirnova@example.ru", "9161234567")
