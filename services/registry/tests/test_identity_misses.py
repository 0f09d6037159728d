"""No oracle: an officer learns nothing about a person their organization does not maintain
beyond that the SNILS is in FRMR (issue 28, row 4). 500 birth dates for one SNILS — the right
one among them — are answered exactly as the same 500 for a SNILS nobody has, every miss is
journaled, and a caller stops after five misses a day, whatever they send next."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.registry.domain.identity_check import MISSES_PER_DAY
from egisz.registry.storage import IDENTITY_MISSES
from egisz.runtime.app import ServiceRuntime

from .conftest import ORG_B, As, fresh_snils
from .workers_wire import registered

pytestmark = pytest.mark.integration

JOB = {"position": "Врач УЗИ", "rate": "0.5", "kind": "part_time", "start_date": "2024-01-01"}


def guesses(right: str) -> list[str]:
    """500 birth dates, the right one at the middle."""
    dates = [(date(1950, 1, 1) + timedelta(days=29 * i)).isoformat() for i in range(500)]
    dates = [d for d in dates if d != right][:499]
    return [*dates[:250], right, *dates[250:]]


async def a_guesser(as_: As, registry_access: Any) -> tuple[str, Any]:
    snils = fresh_snils()
    await registry_access(ORG_B, snils)
    return snils, as_.officer(ORG_B, snils=snils)


def answers(replies: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r["error"]["code"], r["error"]["message"]) for r in replies]


async def test_500_birth_dates_to_hire_by_teach_an_officer_nothing(
    as_: As, registry_access: Any, registry: ServiceRuntime
) -> None:
    anna = await registered(as_)  # employed by organization A only
    tries = guesses(anna["birth_date"])
    guesser, officer = await a_guesser(as_, registry_access)
    known = [
        await officer(
            subjects.WORKER_HIRE.subject, {"snils": anna["snils"], "birth_date": d, **JOB}
        )
        for d in tries
    ]
    _, other = await a_guesser(as_, registry_access)
    nobody = fresh_snils()
    unknown = [
        await other(subjects.WORKER_HIRE.subject, {"snils": nobody, "birth_date": d, **JOB})
        for d in tries
    ]
    assert answers(known) == answers(unknown)
    assert {c for c, _ in answers(known)[:MISSES_PER_DAY]} == {"worker_not_found"}
    assert {c for c, _ in answers(known)[MISSES_PER_DAY:]} == {"too_many_identity_misses"}
    assert anna["snils"] not in str(known)
    seen = await officer(subjects.WORKER_GET.subject, {"worker_id": anna["worker_id"]})
    assert seen["error"]["code"] == "worker_not_found", "still not theirs to see"
    journal = registry.mongo[IDENTITY_MISSES]
    assert await journal.count_documents({"caller": guesser}) == MISSES_PER_DAY
    entry = await journal.find_one({"caller": guesser})
    assert entry is not None and anna["snils"] not in str(entry), "the journal holds a digest"
    assert (entry["organization"], entry["command"]) == (ORG_B, "worker.hire")


async def test_500_birth_dates_in_one_import_teach_an_officer_nothing(
    as_: As, registry_access: Any
) -> None:
    anna = await registered(as_)
    tries = guesses(anna["birth_date"])
    _, officer = await a_guesser(as_, registry_access)
    rows = [
        {
            "row": i + 1,
            "snils": anna["snils"],
            "last_name": anna["last_name"],
            "first_name": anna["first_name"],
            "birth_date": d,
            **JOB,
        }
        for i, d in enumerate(tries)
    ]
    reply = await officer(subjects.WORKER_IMPORT.subject, {"rows": rows})
    outcomes = reply["result"]["rows"]
    assert {o["outcome"] for o in outcomes} == {"failed"}, "the right birth date hires no one"
    codes = [(o["errors"][0]["code"], o["errors"][0]["message"]) for o in outcomes]
    registered_again = await officer(
        subjects.WORKER_REGISTER.subject,
        {k: rows[0][k] for k in ("snils", "last_name", "first_name", "birth_date")},
    )
    # A wrong birth date reads as any SNILS already in FRMR: nothing about the date.
    first = {(registered_again["error"]["code"], registered_again["error"]["message"])}
    assert set(codes[:MISSES_PER_DAY]) == first
    assert {c for c, _ in codes[MISSES_PER_DAY:]} == {"too_many_identity_misses"}


async def test_a_universitys_wrong_birth_dates_are_held_and_counted(as_: As) -> None:
    from .test_learners import graduate_row

    body12 = "10277" + str(uuid.uuid4().int % 10**7).zfill(7)  # an ОГРН of its own: its budget
    school = {"ogrn": body12 + str(int(body12) % 11 % 10), "name": "Университет проверки"}
    snils = fresh_snils()
    university = as_.system("system:university", org=school["ogrn"])
    body = {"organization": school, "rows": [graduate_row(1, snils)]}
    assert (await university(subjects.LEARNER_IMPORT.subject, body))["ok"]
    wrong = [
        graduate_row(i + 2, snils, birth_date=f"19{70 + i}-02-03") for i in range(MISSES_PER_DAY)
    ]
    held = await university(
        subjects.LEARNER_IMPORT.subject, {"organization": school, "rows": wrong}
    )
    assert {r["outcome"] for r in held["result"]["rows"]} == {"held"}
    again = await university(subjects.LEARNER_IMPORT.subject, body)  # even the right one now
    assert again["result"]["rows"][0]["errors"][0]["code"] == "too_many_identity_misses"
