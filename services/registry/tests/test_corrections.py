"""Correcting a record: entries corrected or annulled with the reason kept in the history, and
the worker's correction request closed by the change that fixed it — on the aggregate and through
the use cases on the in-memory fake."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from egisz.kernel.errors import ForbiddenError, InvalidInputError
from egisz.registry.domain.people import PersonalData
from egisz.registry.frmr import corrections, usecases
from egisz.registry.frmr.domain.correction import CorrectionStatus
from egisz.registry.frmr.domain.errors import (
    CertificateAlreadyRecordedError,
    CorrectionAlreadyResolvedError,
    CorrectionMismatchError,
    CorrectionNotFoundError,
    EntryNotFoundError,
    NotYourOrganizationError,
    OverlappingMainJobError,
    WorkerNotFoundError,
)
from egisz.registry.frmr.domain.events import EntryAnnulled, EntryCorrected
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import (
    Education,
    EducationLevel,
    EmploymentKind,
    EntryKind,
    RevisionAction,
)

from .test_worker import (
    NOW,
    OFFICER_A,
    OFFICER_B,
    ORG_A,
    ORG_B,
    PERSON,
    SELF,
    TODAY,
    clock,
    fake,
    job,
    problems,
    register,
    registered,
)

DIPLOMA = Education(
    "d1", EducationLevel.HIGHER, "РНИМУ", "Лечебное дело", "107724 0001", date(2005, 6, 30)
)


def worker_with_diploma() -> Worker:
    worker = register()
    worker.enter([])
    worker.add_education(DIPLOMA, today=TODAY)
    worker.events.clear()
    return worker


def correct(worker: Worker, entry: Any, reason: str = "Опечатка в номере", **kw: Any) -> Any:
    return worker.correct_entry(entry, reason=reason, by_org=ORG_A, today=TODAY, now=NOW, **kw)


# --- the aggregate --------------------------------------------------------------------------
def test_a_corrected_entry_reads_anew_and_the_history_keeps_what_it_said() -> None:
    worker = worker_with_diploma()
    fixed = replace(DIPLOMA, document_number="107724 0010")
    revision = correct(worker, fixed)
    assert worker.education == [fixed]
    assert revision.number == 1
    assert revision.action is RevisionAction.CORRECTED
    assert revision.previous == DIPLOMA
    assert (revision.reason, revision.by_org, revision.at) == ("Опечатка в номере", ORG_A, NOW)
    assert worker.events == [EntryCorrected(worker.state(), revision, fixed)]


def test_a_correction_is_checked_as_the_entry_was_and_needs_a_reason_and_a_change() -> None:
    worker = worker_with_diploma()
    with pytest.raises(InvalidInputError) as caught:
        correct(worker, replace(DIPLOMA, institution=" ", document_date=date(2999, 1, 1)))
    assert problems(caught) == {"institution": "missing", "document_date": "future"}
    with pytest.raises(InvalidInputError) as caught:
        correct(worker, replace(DIPLOMA, institution="МГМУ"), reason="  ")
    assert problems(caught) == {"reason": "missing"}
    with pytest.raises(InvalidInputError) as caught:
        correct(worker, DIPLOMA)
    assert problems(caught) == {"entry_id": "unchanged"}
    with pytest.raises(EntryNotFoundError):
        correct(worker, replace(DIPLOMA, id="nope"))
    assert worker.education == [DIPLOMA] and worker.history == [] and worker.events == []


def test_a_corrected_main_job_may_not_overlap_another_but_may_overlap_what_it_was() -> None:
    worker = register()
    worker.enter([])
    first = worker.start_employment(job(date(2010, 1, 1), date(2015, 1, 1)), today=TODAY)
    second = worker.start_employment(job(date(2016, 1, 1)), today=TODAY)
    correct(worker, replace(second, start_date=date(2015, 6, 1)), reason="Дата приёма по приказу")
    with pytest.raises(OverlappingMainJobError):
        correct(worker, replace(second, start_date=date(2014, 6, 1)))
    assert worker.employments[0] == first
    assert worker.employments[1].start_date == date(2015, 6, 1)


def test_an_annulled_entry_leaves_the_record_and_the_history_keeps_it() -> None:
    worker = worker_with_diploma()
    revision = worker.annul_entry(
        EntryKind.EDUCATION, "d1", reason="Внесено по ошибке", by_org=ORG_A, now=NOW
    )
    assert worker.education == []
    assert (revision.action, revision.previous) == (RevisionAction.ANNULLED, DIPLOMA)
    assert worker.events == [EntryAnnulled(worker.state(), revision)]
    with pytest.raises(EntryNotFoundError):
        worker.annul_entry(EntryKind.EDUCATION, "d1", reason="ещё раз", by_org=ORG_A, now=NOW)
    assert [r.number for r in worker.history] == [1]


# --- use cases ------------------------------------------------------------------------------
CERT = usecases.NewCertificate("77 123", "РНИМУ", "терапия", date(2020, 1, 1), date(2025, 1, 1))


async def test_an_annulled_certificate_frees_its_number_for_the_person_it_belongs_to() -> None:
    uow = fake()
    anna = await registered(uow)
    other = await registered(uow, usecases.NewWorker("12345678964", PERSON))
    anna = await usecases.add_certificate(uow, OFFICER_A, worker_id=anna.id, item=CERT, clock=clock)
    [cert] = anna.certificates
    with pytest.raises(CertificateAlreadyRecordedError):
        await usecases.add_certificate(uow, OFFICER_A, worker_id=other.id, item=CERT, clock=clock)
    await corrections.annul_entry(
        uow,
        OFFICER_A,
        worker_id=anna.id,
        kind=EntryKind.CERTIFICATE,
        entry_id=cert.id,
        revision=corrections.Revision("Сертификат другого работника"),
        clock=clock,
    )
    other = await usecases.add_certificate(
        uow, OFFICER_A, worker_id=other.id, item=CERT, clock=clock
    )
    assert [c.number for c in other.certificates] == ["77 123"]


async def test_a_corrected_certificate_stays_unique_by_number_and_issuer() -> None:
    uow = fake()
    anna = await registered(uow)
    other = await registered(uow, usecases.NewWorker("12345678964", PERSON))
    await usecases.add_certificate(uow, OFFICER_A, worker_id=anna.id, item=CERT, clock=clock)
    mine = replace(CERT, number="77 124")
    other = await usecases.add_certificate(
        uow, OFFICER_A, worker_id=other.id, item=mine, clock=clock
    )
    [cert] = other.certificates
    with pytest.raises(CertificateAlreadyRecordedError):
        await corrections.correct_entry(
            uow,
            OFFICER_A,
            worker_id=other.id,
            kind=EntryKind.CERTIFICATE,
            entry_id=cert.id,
            fields={"number": "77 123"},
            revision=corrections.Revision("Номер"),
            clock=clock,
        )


async def test_only_the_jobs_own_organization_corrects_or_annuls_a_job() -> None:
    uow = fake()
    anna = await registered(uow)
    anna = await usecases.start_employment(
        uow,
        OFFICER_A,
        worker_id=anna.id,
        job=usecases.NewEmployment(
            ORG_A, None, "Врач-терапевт", Decimal("1.0"), EmploymentKind.MAIN, date(2020, 1, 1)
        ),
        clock=clock,
    )
    [main] = anna.employments
    anna = await usecases.hire_worker(
        uow,
        OFFICER_B,
        hire=usecases.Hire(anna.snils, anna.personal.birth_date),
        job=usecases.NewEmployment(
            ORG_B, None, "Врач УЗИ", Decimal("0.5"), EmploymentKind.PART_TIME, date(2021, 1, 1)
        ),
        clock=clock,
    )
    with pytest.raises(NotYourOrganizationError):
        await corrections.annul_entry(
            uow,
            OFFICER_B,
            worker_id=anna.id,
            kind=EntryKind.EMPLOYMENT,
            entry_id=main.id,
            revision=corrections.Revision("Не наш сотрудник"),
            clock=clock,
        )
    fixed = await corrections.correct_entry(
        uow,
        OFFICER_A,
        worker_id=anna.id,
        kind=EntryKind.EMPLOYMENT,
        entry_id=main.id,
        fields={"position": "Врач-кардиолог"},
        revision=corrections.Revision("Должность по приказу о приёме"),
        clock=clock,
    )
    assert [e.position for e in fixed.employments] == ["Врач-кардиолог", "Врач УЗИ"]


async def test_a_request_is_closed_by_the_change_that_fixed_it_in_the_same_transaction() -> None:
    uow = fake()
    anna = await registered(uow)
    anna = await usecases.add_education(
        uow,
        OFFICER_A,
        worker_id=anna.id,
        item=usecases.NewEducation(**{k: v for k, v in DIPLOMA.__dict__.items() if k != "id"}),
        clock=clock,
    )
    [diploma] = anna.education
    request = await corrections.report_inaccuracy(
        uow,
        SELF,
        organization_oid=ORG_A,
        section="education",
        description="Номер диплома 107724 0010",
        clock=clock,
    )

    async def fix(by: Any = OFFICER_A, correction_id: str = request.id, **fields: Any) -> Worker:
        return await corrections.correct_entry(
            uow,
            by,
            worker_id=anna.id,
            kind=EntryKind.EDUCATION,
            entry_id=diploma.id,
            fields=fields or {"document_number": "107724 0010"},
            revision=corrections.Revision("Номер по диплому", correction_id),
            clock=clock,
        )

    with pytest.raises(WorkerNotFoundError):  # B neither maintains the record nor got the request
        await fix(OFFICER_B)
    with pytest.raises(CorrectionNotFoundError):
        await fix(correction_id="no-such-request")
    other = await registered(uow, usecases.NewWorker("12345678964", PERSON))
    with pytest.raises(CorrectionMismatchError):  # another worker's record
        await _update_contacts(uow, other.id, request.id)
    fixed = await fix()
    assert fixed.education[0].document_number == "107724 0010"
    assert fixed.history[0].correction_id == request.id
    [closed] = await corrections.list_corrections(
        uow, OFFICER_A, status=CorrectionStatus.CORRECTED, after=None, limit=10
    )
    assert closed.fix is not None
    assert (closed.fix.sections, closed.fix.entry_id, closed.fix.revision) == (
        ("education",),
        diploma.id,
        1,
    )
    assert closed.resolution_comment == "Номер по диплому"
    with pytest.raises(CorrectionAlreadyResolvedError):
        await fix(document_number="107724 0011")
    assert (await usecases.find_worker(uow, worker_id=anna.id, snils=None)).history == (
        fixed.history
    ), "the refused second fix changed nothing"


async def _update_contacts(uow: Any, worker_id: str, correction_id: str) -> Worker:
    return await usecases.update_worker(
        uow,
        OFFICER_A,
        worker_id=worker_id,
        sections=usecases.Sections(contacts=usecases.Contacts(email="a@b.ru")),
        correction_id=correction_id,
        clock=clock,
    )


async def test_a_section_update_answers_a_request_about_that_section_only() -> None:
    uow = fake()
    anna = await registered(uow)
    request = await corrections.report_inaccuracy(
        uow,
        SELF,
        organization_oid=ORG_A,
        section="personal",
        description="Отчество: Сергеевна",
        clock=clock,
    )
    with pytest.raises(CorrectionMismatchError):
        await _update_contacts(uow, anna.id, request.id)
    with pytest.raises(ForbiddenError):  # the worker edits, but the organization answers
        await usecases.update_worker(
            uow,
            SELF,
            worker_id=None,
            sections=usecases.Sections(personal=_with_middle(anna.personal, "Сергеевна")),
            correction_id=request.id,
            clock=clock,
        )
    with pytest.raises(InvalidInputError) as caught:  # nothing changed: nothing to answer with
        await usecases.update_worker(
            uow,
            OFFICER_A,
            worker_id=anna.id,
            sections=usecases.Sections(personal=anna.personal),
            correction_id=request.id,
            clock=clock,
        )
    assert problems(caught) == {"correction_id": "unchanged"}
    await usecases.update_worker(
        uow,
        OFFICER_A,
        worker_id=anna.id,
        sections=usecases.Sections(personal=_with_middle(anna.personal, "Сергеевна")),
        correction_id=request.id,
        clock=clock,
    )
    [closed] = await corrections.list_corrections(
        uow, OFFICER_A, status=CorrectionStatus.CORRECTED, after=None, limit=10
    )
    assert closed.fix is not None and closed.fix.sections == ("personal",)


def _with_middle(p: PersonalData, middle: str) -> PersonalData:
    return replace(p, name=replace(p.name, middle=middle))


def test_an_entry_kind_answers_the_section_of_its_name() -> None:
    assert [k.section for k in EntryKind] == [
        "education",
        "certificates",
        "categories",
        "employments",
    ]
