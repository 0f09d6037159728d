"""Bulk import of workers, on the in-memory register: bad rows reported and the rest imported,
the same file again changing nothing, a person already in FRMR hired by SNILS and birth date, a
position named by its code in the positions' book."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from egisz.registry.domain.people import FullName, PersonalData
from egisz.registry.frmr import importing, usecases
from egisz.registry.frmr.domain.parts import EmploymentKind
from egisz.registry.nsi.codebook import CachedCodeBook
from egisz.registry.nsi.starter import load_starter_set
from egisz.registry.repository import FakeRegistryUnitOfWork

from .test_worker import (
    ANNA,
    ANNA_SNILS,
    OFFICER_A,
    OFFICER_B,
    ORG_B,
    PERSON,
    clock,
    fake,
    registered,
)


async def test_an_import_reports_bad_rows_and_a_second_run_changes_nothing() -> None:
    uow = fake()
    job_ = usecases.NewEmployment(
        None, None, "Медсестра", Decimal(1), EmploymentKind.MAIN, date(2022, 1, 1)
    )
    lines = [
        importing.ImportLine(1, ANNA, job_),
        importing.ImportLine(2, usecases.NewWorker("11223344596", PERSON), job_),
        importing.ImportLine(3, usecases.NewWorker("12345678964", PERSON), None),
    ]
    first = await importing.import_workers(
        lambda: uow, OFFICER_A, lines, codes=books(uow), clock=clock
    )
    assert [(o.row, o.outcome) for o in first] == [(1, "created"), (2, "failed"), (3, "created")]
    assert [(p.field, p.code) for p in first[1].problems] == [("snils", "checksum")]
    published = len(uow.published)
    second = await importing.import_workers(
        lambda: uow, OFFICER_A, lines, codes=books(uow), clock=clock
    )
    assert [o.outcome for o in second] == ["unchanged", "failed", "unchanged"]
    assert len(uow.published) == published


def books(uow: FakeRegistryUnitOfWork) -> CachedCodeBook:
    """The reference books as the service reads them, over this unit of work."""
    return CachedCodeBook(lambda: uow)


async def test_an_import_row_names_its_position_by_code_and_a_bad_code_fails_that_row_only() -> (
    None
):
    uow = fake()
    await load_starter_set(lambda: uow)
    by_code = usecases.NewEmployment(
        None, None, "", Decimal(1), EmploymentKind.MAIN, date(2022, 1, 1), position_code="109"
    )
    lines = [
        importing.ImportLine(1, ANNA, by_code),
        importing.ImportLine(
            2, usecases.NewWorker("12345678964", PERSON), replace(by_code, position_code="нет")
        ),
    ]
    outcomes = await importing.import_workers(
        lambda: uow, OFFICER_A, lines, codes=books(uow), clock=clock
    )
    assert [o.outcome for o in outcomes] == ["created", "failed"]
    assert [(p.field, p.code) for p in outcomes[1].problems] == [("position_code", "unknown_code")]
    [job] = uow.store[outcomes[0].worker_id or ""].employments
    assert (job.position_code, job.position) == ("109", "врач-терапевт")


async def test_an_import_hires_a_person_in_frmr_by_snils_and_birth_date_as_worker_hire_does() -> (
    None
):
    uow = fake()
    anna = await registered(uow)
    married = PersonalData(FullName("Смирнова", "Анна"), ANNA.personal.birth_date)
    job_b = usecases.NewEmployment(
        None, None, "Врач УЗИ", Decimal("0.5"), EmploymentKind.PART_TIME, date(2024, 1, 1)
    )
    lines = [
        # The HR file has her new surname: the same SNILS and birth date are the same person.
        importing.ImportLine(1, usecases.NewWorker(ANNA_SNILS, married), job_b),
        # Another birth date under her SNILS is nobody this organization may hire.
        importing.ImportLine(
            2, usecases.NewWorker(ANNA_SNILS, replace(married, birth_date=date(1990, 1, 1))), job_b
        ),
    ]
    outcomes = await importing.import_workers(
        lambda: uow, OFFICER_B, lines, codes=books(uow), clock=clock
    )
    assert [(o.outcome, o.worker_id) for o in outcomes] == [("employed", anna.id), ("failed", None)]
    assert [(p.field, p.code) for p in outcomes[1].problems] == [
        ("snils", "worker_already_registered")
    ]
    hired = await usecases.read_worker(uow, OFFICER_B, worker_id=anna.id, snils=None, clock=clock)
    assert hired.name.last == "Петрова", "the record keeps its own name"
    assert [e.organization_oid for e in hired.employments] == [ORG_B]
