"""The worker record's rules, on the aggregate and through the use cases on the in-memory fake."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from egisz.contracts.envelope import Role
from egisz.kernel.errors import ForbiddenError, InvalidInputError
from egisz.registry.domain.people import Address, Contacts, FullName, IdentityDocument, PersonalData
from egisz.registry.frmr import corrections, usecases
from egisz.registry.frmr.domain.correction import CorrectionRequest, CorrectionStatus
from egisz.registry.frmr.domain.errors import (
    CertificateAlreadyRecordedError,
    CorrectionAlreadyResolvedError,
    NotYourOrganizationError,
    OverlappingMainJobError,
    WorkerAlreadyRegisteredError,
    WorkerInReviewError,
    WorkerNotFoundError,
)
from egisz.registry.frmr.domain.events import (
    AccreditationRecorded,
    DuplicateResolved,
    EmploymentEnded,
    EmploymentStarted,
    WorkerFlaggedAsDuplicate,
    WorkerRegistered,
    WorkerUpdated,
)
from egisz.registry.frmr.domain.likeness import Likeness
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import (
    AccreditationRecord,
    Certificate,
    DuplicateDecision,
    Education,
    EducationLevel,
    EmploymentKind,
    EmploymentRecord,
    ReviewStatus,
)
from egisz.registry.repository import FakeRegistryUnitOfWork

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
ORG_A, ORG_B = "1.2.643.5.1.13.13.12.2.77.1", "1.2.643.5.1.13.13.12.2.78.2"
PERSON = PersonalData(FullName("Салтыков-Щедрин", "Михаил", "Евграфович"), date(1980, 1, 2))


def clock() -> datetime:
    return NOW


def register(**changes: Any) -> Worker:
    fields: dict[str, Any] = {"snils": "112-233-445 95", "personal": PERSON, **changes}
    return Worker.register(worker_id="w1", today=TODAY, now=NOW, registered_by_org=ORG_A, **fields)


def job(
    start: date, end: date | None = None, kind: str = "main", org: str = ORG_A, **changes: Any
) -> EmploymentRecord:
    return EmploymentRecord(
        id=changes.pop("id", f"e{start.isoformat()}"),
        organization_oid=org,
        subdivision_oid=None,
        position=changes.pop("position", "Врач-терапевт"),
        rate=changes.pop("rate", Decimal("1.0")),
        kind=EmploymentKind(kind),
        start_date=start,
        end_date=end,
        dismissal_reason=changes.pop(
            "dismissal_reason", "по собственному желанию" if end else None
        ),
    )


def problems(caught: pytest.ExceptionInfo[InvalidInputError]) -> dict[str, str]:
    return {p.field: p.code for p in caught.value.fields}


# --- registration ---------------------------------------------------------------------------
def test_a_valid_worker_enters_frmr_with_a_normalized_snils_phone_and_email() -> None:
    worker = register(contacts=Contacts("Doctor@Clinic.RU", "+7 (495) 123-45-67"))
    worker.enter([])
    assert worker.snils == "11223344595"
    assert worker.contacts == Contacts("doctor@clinic.ru", "4951234567")
    assert worker.events == [WorkerRegistered(worker.state())]


def test_an_event_keeps_the_record_as_its_change_left_it() -> None:
    worker = register(contacts=Contacts("a@clinic.ru", None))
    worker.enter([])
    [registered] = worker.events
    worker.update(contacts=Contacts("b@clinic.ru", None), today=date(2026, 11, 1))
    assert registered.record.contacts == Contacts("a@clinic.ru", None)  # not the later change
    assert registered.record.record_version == 1  # the version its save makes


async def test_every_event_a_save_publishes_carries_the_version_that_save_made() -> None:
    uow = FakeRegistryUnitOfWork()
    worker = register()
    worker.enter([])
    async with uow:
        await uow.workers.add(worker)
        await uow.commit()
    worker.update(contacts=Contacts("b@clinic.ru", None), today=date(2026, 11, 1))
    async with uow:
        await uow.workers.save(worker)
        await uow.commit()
    versions = [(type(e).__name__, e.record.record_version) for e in uow.published]
    assert versions == [("WorkerRegistered", 1), ("WorkerUpdated", 2)]
    assert worker.version == 2


def test_every_wrong_field_is_named_in_one_answer() -> None:
    with pytest.raises(InvalidInputError) as caught:
        register(
            snils="112-233-445 96",
            personal=PersonalData(
                FullName("Ив4нов", " "), date(2030, 1, 1), inn="500100732258", citizenship="rus"
            ),
            identity_document=IdentityDocument(
                "passport_rf", "45 0", "12345", date(2010, 1, 1), ""
            ),
            registration_address=Address("1234", "Москва"),
            contacts=Contacts("not-an-email", "12345"),
        )
    assert problems(caught) == {
        "snils": "checksum",
        "last_name": "format",
        "first_name": "missing",
        "birth_date": "future",
        "inn": "checksum",
        "citizenship": "format",
        "identity_document.series": "format",
        "identity_document.number": "format",
        "identity_document.issuer": "missing",
        "registration_address.postcode": "format",
        "email": "format",
        "phone": "format",
    }


@pytest.mark.parametrize("name", ["O'Brien", "Анна-Мария", "Ёлкина", "Д’Артаньян"])
def test_real_names_with_hyphens_and_apostrophes_pass(name: str) -> None:
    assert (
        register(personal=PersonalData(FullName(name, "Анна"), date(1990, 1, 1))).name.last == name
    )


@pytest.mark.parametrize("name", ["Иванов1", "Петров!", "--", "Сидоров_"])
def test_names_with_digits_or_symbols_are_refused(name: str) -> None:
    with pytest.raises(InvalidInputError):
        register(personal=PersonalData(FullName(name, "Анна"), date(1990, 1, 1)))


def test_a_likely_duplicate_waits_in_review_and_an_officer_lets_it_in_with_its_jobs() -> None:
    worker = register()
    worker.enter([("w0", Likeness(("фамилия отличается окончанием",)))])
    worker.start_employment(job(date(2020, 1, 1)), today=TODAY)
    assert worker.review is ReviewStatus.IN_REVIEW
    why = ("Совпадает дата рождения; фамилия отличается окончанием",)
    flagged = WorkerFlaggedAsDuplicate(worker.state(), ("w0",), why)
    assert worker.events == [flagged]  # no job news yet
    worker.events.clear()
    worker.resolve_duplicate(
        DuplicateDecision.DISTINCT, "другой человек, сверили паспорт", today=TODAY
    )
    assert worker.review is ReviewStatus.ACTIVE
    assert [type(e) for e in worker.events] == [
        DuplicateResolved,
        WorkerRegistered,
        EmploymentStarted,
    ]


# --- edits ----------------------------------------------------------------------------------
def test_an_update_records_only_the_sections_that_changed() -> None:
    worker = register()
    same = worker.update(today=TODAY, personal=PERSON)
    changed = worker.update(today=TODAY, actual_address=Address("101000", "Москва, Мясницкая, 1"))
    assert same == ()
    assert changed == ("actual_address",)
    assert worker.events == [WorkerUpdated(worker.state(), ("actual_address",))]


# --- employment -----------------------------------------------------------------------------
def test_two_overlapping_main_jobs_are_refused_but_a_part_time_job_may_overlap() -> None:
    worker = register()
    worker.start_employment(job(date(2020, 1, 1)), today=TODAY)
    with pytest.raises(OverlappingMainJobError, match="пересекается"):
        worker.start_employment(job(date(2021, 1, 1), org=ORG_B), today=TODAY)
    worker.start_employment(
        job(date(2021, 1, 1), kind="part_time", rate=Decimal("0.5")), today=TODAY
    )
    assert len(worker.employments) == 2


def test_a_closed_main_job_does_not_block_the_next_one() -> None:
    worker = register()
    worker.start_employment(job(date(2015, 1, 1), date(2019, 12, 31)), today=TODAY)
    worker.start_employment(job(date(2020, 1, 1)), today=TODAY)
    assert len(worker.employments) == 2


def test_employment_dates_and_rate_are_checked() -> None:
    worker = register()
    with pytest.raises(InvalidInputError) as caught:
        worker.start_employment(
            job(date(2020, 1, 1), date(2019, 1, 1), rate=Decimal("0"), position=" "), today=TODAY
        )
    assert problems(caught) == {"end_date": "before_start", "rate": "range", "position": "missing"}


def test_a_dismissal_closes_the_job_with_its_reason_once() -> None:
    worker = register()
    started = worker.start_employment(job(date(2020, 1, 1)), today=TODAY)
    ended = worker.end_employment(
        started.id, end_date=date(2026, 6, 30), reason="сокращение", today=TODAY
    )
    assert (ended.end_date, ended.dismissal_reason) == (date(2026, 6, 30), "сокращение")
    assert isinstance(worker.events[-1], EmploymentEnded)
    with pytest.raises(InvalidInputError) as caught:
        worker.end_employment(started.id, end_date=date(2026, 7, 1), reason="x", today=TODAY)
    assert problems(caught) == {"employment_id": "already_ended"}


def test_a_dismissal_before_the_start_is_refused() -> None:
    worker = register()
    started = worker.start_employment(job(date(2020, 1, 1)), today=TODAY)
    with pytest.raises(InvalidInputError) as caught:
        worker.end_employment(started.id, end_date=date(2019, 1, 1), reason="x", today=TODAY)
    assert problems(caught) == {"end_date": "before_start"}


# --- education, certificates, accreditation -------------------------------------------------
def test_additional_education_needs_its_hours() -> None:
    worker = register()
    course = Education(
        "ed1", EducationLevel.ADVANCED_TRAINING, "РМАНПО", "терапия", "N1", date(2024, 3, 1)
    )
    with pytest.raises(InvalidInputError) as caught:
        worker.add_education(course, today=TODAY)
    assert problems(caught) == {"hours": "missing"}
    worker.add_education(Education(**{**course.__dict__, "hours": 144}), today=TODAY)
    assert worker.education[0].hours == 144


def test_a_certificate_is_unique_by_number_and_issuer_and_valid_after_its_issue() -> None:
    worker = register()
    cert = Certificate(
        "c1", "0177 1234567", "Первый МГМУ", "терапия", date(2020, 1, 1), date(2025, 1, 1)
    )
    worker.add_certificate(cert, today=TODAY)
    with pytest.raises(CertificateAlreadyRecordedError):
        worker.add_certificate(
            Certificate(**{**cert.__dict__, "id": "c2", "issuer": " первый мгму"}), today=TODAY
        )
    worker.add_certificate(
        Certificate(**{**cert.__dict__, "id": "c3", "issuer": "РНИМУ"}), today=TODAY
    )
    with pytest.raises(InvalidInputError) as caught:
        worker.add_certificate(
            Certificate("c4", "9", "РНИМУ", "хирургия", date(2020, 1, 1), date(2019, 1, 1)),
            today=TODAY,
        )
    assert problems(caught) == {"valid_until": "before_start"}


def test_an_accreditation_is_recorded_once() -> None:
    worker = register()
    record = AccreditationRecord("app-1", "periodic", "терапия", date(2026, 5, 1), date(2031, 5, 1))
    assert worker.record_accreditation(record) is True
    assert worker.record_accreditation(record) is False
    assert [type(e) for e in worker.events] == [AccreditationRecorded]


# --- corrections ----------------------------------------------------------------------------
def test_a_correction_is_resolved_once_and_a_refusal_says_why() -> None:
    request = CorrectionRequest.report(
        request_id="c1",
        worker_id="w1",
        organization_oid=ORG_A,
        section="employments",
        description="Неверная дата приёма",
        now=NOW,
    )
    with pytest.raises(InvalidInputError) as caught:
        request.resolve(CorrectionStatus.DECLINED, comment=None, by="officer", now=NOW)
    assert problems(caught) == {"comment": "missing"}
    with pytest.raises(InvalidInputError) as caught:
        request.resolve(CorrectionStatus.CORRECTED, comment=None, by="officer", now=NOW)
    assert problems(caught) == {"status": "fix_required"}
    request.resolve(CorrectionStatus.DECLINED, comment="Дата верна по приказу", by="o", now=NOW)
    with pytest.raises(CorrectionAlreadyResolvedError):
        request.resolve(CorrectionStatus.DECLINED, comment="нет", by="officer", now=NOW)


# --- use cases: scope by role ---------------------------------------------------------------
OFFICER_A = usecases.Caller(Role.ORG_OFFICER, "officer-a", org=ORG_A, snils="12345678964")
OFFICER_B = usecases.Caller(Role.ORG_OFFICER, "officer-b", org=ORG_B, snils="11223344595")
ANNA_SNILS = "11223344595"
ANNA = usecases.NewWorker(ANNA_SNILS, PersonalData(FullName("Петрова", "Анна"), date(1985, 4, 12)))
SELF = usecases.Caller(Role.WORKER, "anna", snils=ANNA_SNILS)


def fake() -> FakeRegistryUnitOfWork:
    """A fake register where officer A holds access to ORG_A and officer B to ORG_B."""
    from egisz.registry.frmo.domain.requisites import ResponsibleEmployee
    from egisz.testsupport.seeding import placeholder_organization

    uow = FakeRegistryUnitOfWork()
    for officer in (OFFICER_A, OFFICER_B):
        assert officer.org and officer.snils
        person = ResponsibleEmployee(FullName("Кадрова", "Ольга"), officer.snils, "hr@x.ru")
        uow.organizations.access[(officer.org, officer.snils)] = {person.email: person}
        uow.organizations_store[officer.org] = placeholder_organization(officer.org)
    return uow


async def registered(uow: FakeRegistryUnitOfWork, new: usecases.NewWorker = ANNA) -> Worker:
    return await usecases.register_worker(uow, new, caller=OFFICER_A, clock=clock)


async def test_a_second_registration_of_the_same_snils_is_a_conflict() -> None:
    uow = fake()
    await registered(uow)
    with pytest.raises(WorkerAlreadyRegisteredError):
        await registered(uow)
    assert len(uow.published) == 1


async def test_the_same_name_and_birth_date_under_another_snils_is_flagged_not_entered() -> None:
    uow = fake()
    first = await registered(uow)
    twin = await registered(uow, usecases.NewWorker("12345678964", ANNA.personal))
    assert twin.review is ReviewStatus.IN_REVIEW
    assert twin.similar_to == (first.id,)
    with pytest.raises(WorkerInReviewError):
        await usecases.add_education(
            uow,
            OFFICER_A,
            worker_id=twin.id,
            clock=clock,
            item=usecases.NewEducation(
                EducationLevel.HIGHER, "МГУ", "лечебное дело", "D1", date(2008, 6, 30)
            ),
        )
    assert (
        await usecases.resolve_duplicate(
            uow,
            OFFICER_A,
            worker_id=twin.id,
            decision=DuplicateDecision.DUPLICATE,
            comment="опечатка",
        )
        is None
    )
    assert twin.id not in uow.store


async def test_an_officer_of_another_organization_neither_sees_nor_touches_the_worker() -> None:
    uow = fake()
    anna = await registered(uow)
    with pytest.raises(WorkerNotFoundError):
        await usecases.read_worker(uow, OFFICER_B, worker_id=anna.id, snils=None)
    with pytest.raises(WorkerNotFoundError):
        await usecases.update_worker(
            uow,
            OFFICER_B,
            worker_id=anna.id,
            sections=usecases.Sections(contacts=Contacts("a@b.ru")),
        )
    with pytest.raises(NotYourOrganizationError):
        await usecases.start_employment(
            uow,
            OFFICER_B,
            worker_id=anna.id,
            clock=clock,
            job=usecases.NewEmployment(
                ORG_A, None, "Врач", Decimal(1), EmploymentKind.MAIN, date(2024, 1, 1)
            ),
        )
    assert len(uow.published) == 1


PART_TIME = usecases.NewEmployment(
    None, None, "Врач", Decimal(1), EmploymentKind.PART_TIME, date(2024, 1, 1)
)


async def test_hiring_someone_in_frmr_names_them_by_snils_and_birth_date() -> None:
    uow = fake()
    anna = await registered(uow)
    hire = usecases.Hire(ANNA_SNILS, date(1985, 4, 12))
    await usecases.hire_worker(uow, OFFICER_B, hire=hire, clock=clock, job=PART_TIME)
    seen = await usecases.read_worker(uow, OFFICER_B, worker_id=anna.id, snils=None, clock=clock)
    assert [e.organization_oid for e in seen.employments] == [ORG_B]


async def test_an_id_or_a_wrong_birth_date_hires_no_one() -> None:
    uow = fake()
    anna = await registered(uow)
    with pytest.raises(WorkerNotFoundError):  # an id learned from public verification
        await usecases.start_employment(
            uow, OFFICER_B, worker_id=anna.id, clock=clock, job=PART_TIME
        )
    with pytest.raises(WorkerNotFoundError):
        await usecases.hire_worker(
            uow,
            OFFICER_B,
            hire=usecases.Hire(ANNA_SNILS, date(1985, 4, 13)),
            clock=clock,
            job=PART_TIME,
        )
    assert len(uow.published) == 1


async def test_a_job_entered_already_ended_gives_no_sight_of_personal_data() -> None:
    uow = fake()
    anna = await registered(uow)
    await usecases.hire_worker(
        uow,
        OFFICER_B,
        hire=usecases.Hire(ANNA_SNILS, date(1985, 4, 12)),
        clock=clock,
        job=usecases.NewEmployment(
            None,
            None,
            "Врач",
            Decimal(1),
            EmploymentKind.PART_TIME,
            date(2001, 1, 1),
            end_date=date(2001, 1, 2),
            dismissal_reason="по собственному желанию",
        ),
    )
    with pytest.raises(WorkerNotFoundError):
        await usecases.read_worker(uow, OFFICER_B, worker_id=anna.id, snils=None, clock=clock)


async def test_an_officer_without_an_access_grant_is_refused() -> None:
    from egisz.registry.domain.errors import NoAccessGrantError

    uow = fake()
    stranger = usecases.Caller(
        Role.ORG_OFFICER, "x", org="1.2.643.5.1.13.13.12.2.99.9", snils="11223344595"
    )
    with pytest.raises(NoAccessGrantError):
        await usecases.register_worker(uow, ANNA, caller=stranger, clock=clock)
    claims_b = usecases.Caller(Role.ORG_OFFICER, "officer-a", org=ORG_B, snils=OFFICER_A.snils)
    with pytest.raises(NoAccessGrantError):  # a token naming another organization
        await usecases.register_worker(uow, ANNA, caller=claims_b, clock=clock)
    assert uow.published == []


async def test_a_worker_reads_and_edits_only_their_own_record_contacts_included() -> None:
    uow = fake()
    anna = await registered(uow)
    other = await registered(uow, usecases.NewWorker("12345678964", PERSON))
    assert (await usecases.read_worker(uow, SELF, worker_id=None, snils=None)).id == anna.id
    with pytest.raises(ForbiddenError):
        await usecases.read_worker(uow, SELF, worker_id=other.id, snils=None)
    with pytest.raises(ForbiddenError):
        await usecases.update_worker(
            uow,
            SELF,
            worker_id=other.id,
            sections=usecases.Sections(contacts=Contacts("a@b.ru")),
        )
    mine = await usecases.update_worker(
        uow, SELF, worker_id=None, sections=usecases.Sections(contacts=Contacts("A@B.ru", None))
    )
    assert mine.contacts == Contacts("a@b.ru", None), "a worker keeps their contacts current"
    updated = await usecases.update_worker(
        uow,
        SELF,
        worker_id=None,
        clock=clock,
        sections=usecases.Sections(registration_address=Address("101000", "Москва")),
    )
    assert updated.registration_address == Address("101000", "Москва")


async def test_a_reported_inaccuracy_reaches_only_the_organization_named() -> None:
    uow = fake()
    await registered(uow)
    request = await corrections.report_inaccuracy(
        uow,
        SELF,
        organization_oid=ORG_A,
        section="personal",
        description="Опечатка в отчестве",
        clock=clock,
    )
    with pytest.raises(InvalidInputError) as caught:
        await corrections.report_inaccuracy(
            uow, SELF, organization_oid=ORG_B, section="personal", description="x", clock=clock
        )
    assert problems(caught) == {"organization_oid": "not_linked"}
    assert [
        c.id
        for c in await corrections.list_corrections(
            uow, OFFICER_B, status=None, after=None, limit=10
        )
    ] == []
    resolved = await corrections.resolve_correction(
        uow,
        OFFICER_A,
        correction_id=request.id,
        status=CorrectionStatus.DECLINED,
        comment="Отчество записано по паспорту",
        clock=clock,
    )
    assert resolved.status is CorrectionStatus.DECLINED


async def test_a_certificate_number_of_one_issuer_belongs_to_one_worker() -> None:
    uow = fake()
    anna = await registered(uow)
    other = await registered(uow, usecases.NewWorker("12345678964", PERSON))
    cert = usecases.NewCertificate("77 123", "РНИМУ", "терапия", date(2020, 1, 1), date(2025, 1, 1))
    await usecases.add_certificate(uow, OFFICER_A, worker_id=anna.id, item=cert, clock=clock)
    with pytest.raises(CertificateAlreadyRecordedError):
        await usecases.add_certificate(uow, OFFICER_A, worker_id=other.id, item=cert, clock=clock)


async def test_a_job_names_an_organization_in_frmo_and_one_of_its_open_subdivisions() -> None:
    from egisz.registry.domain.errors import OrganizationNotFoundError
    from egisz.registry.frmo.domain.errors import SubdivisionNotFoundError

    uow = fake()
    anna = await registered(uow)
    desk = usecases.Caller(Role.REGISTRY_OPERATOR, "stp")
    nowhere = replace(PART_TIME, organization_oid="1.2.643.5.1.13.13.12.2.99.404")
    with pytest.raises(OrganizationNotFoundError) as missing:
        await usecases.start_employment(uow, desk, worker_id=anna.id, job=nowhere, clock=clock)
    assert [f.field for f in missing.value.fields] == ["organization_oid"]
    surgery = uow.organizations_store[ORG_A].add_subdivision(name="Хирургия", kind="отделение")
    uow.organizations_store[ORG_A].close_subdivision(
        surgery.oid, closed_on=date(2023, 12, 31), today=TODAY
    )
    closed = replace(PART_TIME, subdivision_oid=surgery.oid)  # the job starts 2024-01-01
    with pytest.raises(SubdivisionNotFoundError) as gone:
        await usecases.start_employment(uow, OFFICER_A, worker_id=anna.id, job=closed, clock=clock)
    assert [f.field for f in gone.value.fields] == ["subdivision_oid"]
    before = replace(closed, start_date=date(2023, 6, 1))
    hired = await usecases.start_employment(
        uow, OFFICER_A, worker_id=anna.id, job=before, clock=clock
    )
    assert hired.employments[0].subdivision_oid == surgery.oid


def test_who_sees_the_personal_data_follows_the_job_not_the_token() -> None:
    from egisz.registry.frmr.domain.visibility import Sight, found_by_officer, sight

    worker = register()
    started = worker.start_employment(job(date(2020, 1, 1)), today=TODAY)

    def seen_by(org: str | None, *, system: bool = False) -> Sight:
        return sight(worker, officer_of=org, system=system, today=TODAY)

    assert seen_by(ORG_A) is Sight.PERSONAL  # the employer now
    assert seen_by(None) is Sight.PERSONAL  # the person, the desk, the center
    assert seen_by(None, system=True) is Sight.RECORD  # a directory, whatever it asks
    assert seen_by(ORG_B) is Sight.RECORD  # another organization
    worker.end_employment(started.id, end_date=TODAY - timedelta(days=1), reason="x", today=TODAY)
    assert seen_by(ORG_A) is Sight.RECORD  # the job is in the past
    assert not found_by_officer(worker, ORG_A, TODAY)
