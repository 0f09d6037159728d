"""Accreditation's entry points on the in-memory broker: a worker FRMR announced becomes a known
applicant, who sees only themself — the runtime's whole path over the fake unit of work, no
server."""

from __future__ import annotations

from typing import Any

from egisz.accreditation import handlers
from egisz.accreditation.domain.submission import Rules
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.accreditation.gateways import FakeSpecialityBook
from egisz.accreditation.repository import FakeAccreditationUnitOfWork
from egisz.accreditation.settings import AccreditationSettings
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import WorkerRegistered
from egisz.testsupport.inmemory import InMemoryService

SNILS = "11223344595"


def accreditation_service(uow: FakeAccreditationUnitOfWork) -> InMemoryService:
    settings = AccreditationSettings()

    def unused() -> Any:
        raise AssertionError("not in these tests")

    deps = handlers.Dependencies(
        units=lambda origin=None: uow,
        rules=Rules(settings.documents_max_bytes, settings.earliest_months_before_expiry),
        terms=ReviewTerms(),
        portfolio=unused,
        specialities=FakeSpecialityBook(),
        center=unused,
        documents=unused,
        extracts=unused,
        signer=None,
        render=unused,
    )
    return InMemoryService(settings, handlers.ROUTERS, deps, inbox_of=uow)


async def test_a_worker_frmr_announced_is_a_known_applicant_who_sees_only_themself() -> None:
    uow = FakeAccreditationUnitOfWork()
    worker = WorkerRegistered(
        worker_id="w1",
        snils=SNILS,
        record_version=1,
        last_name="Петрова",
        first_name="Анна",
        birth_date="1985-04-12",  # type: ignore[arg-type]
    )
    async with accreditation_service(uow) as svc:
        await svc.publish(subjects.WORKER_REGISTERED, worker)
        own = await svc.command(subjects.APPLICANT_GET, {}, role=Role.WORKER, snils=SNILS)
        other = await svc.command(
            subjects.APPLICANT_GET, {"worker_id": "w1"}, role=Role.WORKER, snils="12345678964"
        )
    assert own["result"]["worker_id"] == "w1" and own["result"]["in_frmr"] is True
    assert other["result"]["in_frmr"] is False  # their own record, not the one they named


async def test_an_application_by_its_speciality_code_takes_the_books_name() -> None:
    uow = FakeAccreditationUnitOfWork()
    form = {"kind": "periodic", "education_level": "higher", "consent": True}
    async with accreditation_service(uow) as svc:
        formed = await svc.command(
            subjects.APPLICATION_FORM,
            form | {"speciality_code": "76"},
            role=Role.WORKER,
            snils=SNILS,
        )
        unknown = await svc.command(
            subjects.APPLICATION_FORM,
            form | {"speciality_code": "no"},
            role=Role.WORKER,
            snils=SNILS,
        )
    assert (formed["result"]["speciality"], formed["result"]["speciality_code"]) == (
        "Терапия",
        "76",
    )
    assert unknown["error"]["fields"][0] == {
        "field": "speciality_code",
        "message": "Кода «no» нет",
        "code": "unknown_code",
        "fixable_by": None,
    }
