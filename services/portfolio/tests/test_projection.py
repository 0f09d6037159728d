"""The professional part on real NATS and MongoDB: registry events delivered twice and out of
order still give the right projection; the worker's own lines; refusals name the field."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import (
    EmploymentEnded,
    EmploymentRecord,
    EmploymentStarted,
    WorkerRegistered,
)
from egisz.kernel.snils import snils_check_number
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, eventually, publish_event as publish

pytestmark = pytest.mark.integration

ORG = "1.2.643.5.1.13.13.12.2.77.101"


def fresh_snils() -> str:
    """A SNILS with its check number, as the registry issues them (the NMO import checks it)."""
    first = f"{uuid.uuid4().int % 10**9:09d}"
    return f"{first}{snils_check_number(first):02d}"


async def test_redelivered_and_out_of_order_employment_events_give_the_latest_job(
    portfolio: ServiceRuntime, as_: As
) -> None:
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    job = EmploymentRecord(
        employment_id="job-1",
        organization_oid=ORG,
        position="Врач-терапевт",
        rate="1.0",  # type: ignore[arg-type]
        kind="main",
        start_date="2019-02-01",  # type: ignore[arg-type]
    )
    ended = EmploymentRecord.model_validate(
        {**job.model_dump(), "end_date": "2025-06-30", "dismissal_reason": "сокращение"}
    )
    ended_id, started_id = uuid.uuid4().hex, uuid.uuid4().hex
    # The dismissal (record version 3) arrives first, then the hiring (version 2), then the
    # dismissal again (a redelivery with another message id), then worker.registered.
    await publish(
        portfolio,
        subjects.EMPLOYMENT_ENDED,
        EmploymentEnded(worker_id=worker_id, snils=snils, record_version=3, employment=ended),
        event_id=ended_id,
    )
    await publish(
        portfolio,
        subjects.EMPLOYMENT_STARTED,
        EmploymentStarted(worker_id=worker_id, snils=snils, record_version=2, employment=job),
        event_id=started_id,
    )
    await publish(
        portfolio,
        subjects.EMPLOYMENT_ENDED,
        EmploymentEnded(worker_id=worker_id, snils=snils, record_version=3, employment=ended),
        event_id=ended_id,
        msg_id=f"{ended_id}-again",
    )
    await publish(
        portfolio,
        subjects.WORKER_REGISTERED,
        WorkerRegistered(
            worker_id=worker_id,
            snils=snils,
            record_version=1,
            last_name="Петрова",
            first_name="Анна",
            birth_date="1985-04-12",  # type: ignore[arg-type]
        ),
        event_id=uuid.uuid4().hex,
    )
    me = as_.worker(snils)

    async def view() -> dict[str, Any]:
        return await me(subjects.PORTFOLIO_GET.subject, {})

    await eventually(view, lambda r: r["ok"] and r["result"]["professional"]["experience"])
    delivered = await eventually(
        lambda: portfolio.mongo["processed_events"].count_documents(
            {"_id": {"$in": [f"employment-ended|{ended_id}", f"employment-started|{started_id}"]}}
        ),
        lambda n: n == 2,
    )
    assert delivered == 2
    professional = (await view())["result"]["professional"]
    [entry] = professional["experience"]
    assert (entry["end_date"], entry["dismissal_reason"]) == ("2025-06-30", "сокращение")
    # The two subjects have their own consumers, so the start may land first (then the
    # dismissal changes the report once more) or last (then it changes nothing); the repeated
    # dismissal never changes anything.
    assert professional["version"] in (1, 2)
    assert professional["report_period"] == {
        "start": "2020-06-30",
        "end": "2025-06-30",
        "employed_now": False,
        "declared": False,
    }
    assert entry["tenure"] == {"years": 6, "months": 4, "days": 29}


async def test_the_worker_writes_their_own_lines_and_bad_ones_are_named(
    portfolio: ServiceRuntime, as_: As
) -> None:
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    await publish(
        portfolio,
        subjects.WORKER_REGISTERED,
        WorkerRegistered(
            worker_id=worker_id,
            snils=snils,
            last_name="Иванов",
            first_name="Иван",
            birth_date="1980-01-01",  # type: ignore[arg-type]
        ),
        event_id=uuid.uuid4().hex,
    )
    me = as_.worker(snils)
    await eventually(lambda: me(subjects.PORTFOLIO_GET.subject, {}), lambda r: r["ok"])
    too_many = await me(
        subjects.PROFESSIONAL_PART_UPDATE.subject, {"key_skills": [f"навык {i}" for i in range(31)]}
    )
    assert {f["field"]: f["code"] for f in too_many["error"]["fields"]} == {
        "key_skills": "too_many"
    }
    done = await me(
        subjects.PROFESSIONAL_PART_UPDATE.subject,
        {"key_skills": ["ЭКГ", "УЗИ"], "experience_notes": "Наставник ординаторов"},
    )
    professional = done["result"]["professional"]
    assert (professional["key_skills"], professional["version"]) == (["ЭКГ", "УЗИ"], 1)
    assert professional["report_period"] is None  # no job in FRMR yet
    officer = await as_.officer(ORG)(subjects.PROFESSIONAL_PART_UPDATE.subject, {})
    assert officer["error"]["code"] == "forbidden"


async def test_frmr_education_is_confirmed_and_readiness_says_what_is_left(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from egisz.contracts.registry import Education, EducationAdded

    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    diploma = Education(
        education_id=uuid.uuid4().hex,
        level="higher",
        institution="РНИМУ им. Пирогова",
        speciality="лечебное дело",
        document_number="107724 0000001",
        document_date="2008-06-30",  # type: ignore[arg-type]
    )
    event_id = uuid.uuid4().hex
    for attempt in range(2):  # delivered twice
        await publish(
            portfolio,
            subjects.EDUCATION_ADDED,
            EducationAdded(worker_id=worker_id, snils=snils, record_version=2, education=diploma),
            event_id=event_id,
            msg_id=f"{event_id}-{attempt}",
        )
    me = as_.worker(snils)
    view = await eventually(
        lambda: me(subjects.PORTFOLIO_GET.subject, {}),
        lambda r: r["ok"] and r["result"]["education"],
    )
    [item] = view["result"]["education"]
    assert (item["kind"], item["registry_confirmed"]) == ("higher", True)

    declared = await me(
        subjects.EDUCATION_DECLARE.subject,
        {
            "kind": "nmo_program",
            "title": "Актуальные вопросы терапии",
            "speciality": "терапия",
            "issued_on": "2025-03-01",
            "hours": 144,
        },
    )
    assert [i["registry_confirmed"] for i in declared["result"]["education"]] == [True, False]
    no_hours = await me(
        subjects.EDUCATION_DECLARE.subject,
        {"kind": "advanced_training", "title": "Курс", "issued_on": "2025-03-01"},
    )
    assert [(f["field"], f["code"]) for f in no_hours["error"]["fields"]] == [("hours", "missing")]
    huge = await me(
        subjects.EDUCATION_DECLARE.subject,
        {"kind": "nmo_program", "title": "t" * 800_000, "issued_on": "2025-03-01", "hours": 36},
    )
    assert [(f["field"], f["code"]) for f in huge["error"]["fields"]] == [
        ("title", "string_too_long")
    ]

    short = await me(
        subjects.EDUCATION_DECLARE.subject,
        {"kind": "retraining", "title": "Переподготовка", "issued_on": "2025-04-01", "hours": 200},
    )
    assert short["ok"], "kept in the portfolio, but not counted"

    readiness = (await me(subjects.READINESS_GET.subject, {"speciality": "терапия"}))["result"]
    assert [(n["title"], n["reason"]) for n in readiness["hours"]["not_counted"]] == [
        ("Переподготовка", "переподготовка короче 250 ч (200 ч) не засчитывается")
    ]
    assert readiness["ready"] is False
    assert [o["code"] for o in readiness["obstacles"]] == [
        "no_organization_data",
        "portfolio_not_approved",
    ]
    assert readiness["hours"]["total"] == 144
    fac = await as_.role(Role.FAC_OPERATOR)(
        subjects.READINESS_GET.subject, {"worker_id": worker_id, "speciality": "терапия"}
    )
    assert fac["result"]["obstacles"] == readiness["obstacles"]


async def test_hours_in_frmr_are_counted_in_the_speciality_by_its_code(
    portfolio: ServiceRuntime, as_: As
) -> None:
    """FRMR's course in speciality 76 under an older name counts for an application in 76."""
    from egisz.contracts.registry import Education, EducationAdded

    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    course = Education(
        education_id=uuid.uuid4().hex,
        level="advanced_training",
        institution="РНИМУ им. Пирогова",
        speciality="Терапия (прежнее наименование)",
        speciality_code="76",
        document_number="ПК-1",
        document_date=date(2025, 3, 1),
        hours=144,
    )
    await publish(
        portfolio,
        subjects.EDUCATION_ADDED,
        EducationAdded(worker_id=worker_id, snils=snils, record_version=2, education=course),
    )
    me = as_.worker(snils)
    view = await eventually(
        lambda: me(subjects.PORTFOLIO_GET.subject, {}),
        lambda r: r["ok"] and r["result"]["education"],
    )
    assert view["result"]["education"][0]["speciality_code"] == "76"

    async def advanced(**asked: str) -> int:
        reply = await me(subjects.READINESS_GET.subject, {"speciality": "Терапия", **asked})
        return int(reply["result"]["hours"]["advanced_in_speciality"])

    assert await advanced(speciality_code="76") == 144
    assert await advanced() == 0, "by name alone the older name is another speciality"
    assert await advanced(speciality_code="27") == 0


async def test_an_frmo_organization_gives_the_job_its_name_and_organization_data(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from egisz.contracts.registry import OrganizationRegistered

    oid = f"1.2.643.5.1.13.13.12.2.77.{uuid.uuid4().int % 10**6}"
    await publish(
        portfolio,
        subjects.ORGANIZATION_REGISTERED,
        OrganizationRegistered(
            oid=oid,
            type="medical",
            name="ГБУЗ «Поликлиника № 9»",
            inn="7707083893",
            ogrn="1027700132195",
            region="77",
            request_id="r1",
        ),
        event_id=uuid.uuid4().hex,
    )
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    job = EmploymentRecord(
        employment_id=uuid.uuid4().hex,
        organization_oid=oid,
        subdivision_oid=f"{oid}.0.1",
        position="Медицинская сестра",
        rate="1.0",  # type: ignore[arg-type]
        kind="main",
        start_date="2021-09-01",  # type: ignore[arg-type]
    )
    await publish(
        portfolio,
        subjects.EMPLOYMENT_STARTED,
        EmploymentStarted(worker_id=worker_id, snils=snils, record_version=2, employment=job),
        event_id=uuid.uuid4().hex,
    )
    me = as_.worker(snils)
    view = await eventually(
        lambda: me(subjects.PORTFOLIO_GET.subject, {}),
        lambda r: (
            r["ok"]
            and r["result"]["professional"]["experience"]
            and r["result"]["professional"]["experience"][0]["organization_name"]
        ),
    )
    assert view["result"]["professional"]["experience"][0]["organization_name"] == (
        "ГБУЗ «Поликлиника № 9»"
    )
    codes = [
        o["code"] for o in (await me(subjects.READINESS_GET.subject, {}))["result"]["obstacles"]
    ]
    assert "no_organization_data" not in codes


async def test_frmr_corrections_and_annulments_win_whatever_order_they_arrive_in(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from egisz.contracts.registry import (
        Education,
        EducationAdded,
        EntryAnnulled,
        EntryCorrected,
    )

    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    record = {"worker_id": worker_id, "snils": snils}
    diploma = Education(
        education_id="diploma",
        level="higher",
        institution="РНИМУ",
        speciality="лечебное дело",
        document_number="107724 0001",
        document_date="2008-06-30",  # type: ignore[arg-type]
    )
    fixed = diploma.model_copy(update={"document_number": "107724 0010"})
    course = Education(
        education_id="course",
        level="advanced_training",
        institution="РМАНПО",
        speciality="терапия",
        document_number="ПК-1",
        document_date="2024-03-01",  # type: ignore[arg-type]
        hours=144,
    )
    job = EmploymentRecord(
        employment_id="wrong-job",
        organization_oid=ORG,
        position="Врач",
        rate="1.0",  # type: ignore[arg-type]
        kind="main",
        start_date="2019-02-01",  # type: ignore[arg-type]
    )
    revised = {"reason": "Опечатка", "revision": 1}
    handled: list[str] = []  # inbox keys: consumer|event id
    # Each arrives before what it revises: the correction before the diploma's addition, the
    # annulments of the course and the job before they were added.
    for spec, data in [
        (
            subjects.ENTRY_CORRECTED,
            EntryCorrected(
                **record,
                **revised,
                record_version=5,
                kind="education",
                entry_id="diploma",
                education=fixed,
            ),
        ),
        (
            subjects.ENTRY_ANNULLED,
            EntryAnnulled(
                **record, **revised, record_version=6, kind="education", entry_id="course"
            ),
        ),
        (
            subjects.ENTRY_ANNULLED,
            EntryAnnulled(
                **record, **revised, record_version=7, kind="employment", entry_id="wrong-job"
            ),
        ),
        (
            subjects.EDUCATION_ADDED,
            EducationAdded(**record, record_version=2, education=diploma),
        ),
        (
            subjects.EDUCATION_ADDED,
            EducationAdded(**record, record_version=3, education=course),
        ),
        (
            subjects.EMPLOYMENT_STARTED,
            EmploymentStarted(**record, record_version=4, employment=job),
        ),
    ]:
        event_id = uuid.uuid4().hex
        handled.append(f"{spec.subject.split('.')[-2]}-{spec.subject.split('.')[-1]}|{event_id}")
        await publish(portfolio, spec, data, event_id=event_id)
    await eventually(
        lambda: portfolio.mongo["processed_events"].count_documents({"_id": {"$in": handled}}),
        lambda n: n == len(handled),
    )
    view = await as_.worker(snils)(subjects.PORTFOLIO_GET.subject, {})
    [item] = view["result"]["education"]
    assert item["document_number"] == "107724 0010"
    assert view["result"]["professional"]["experience"] == []
