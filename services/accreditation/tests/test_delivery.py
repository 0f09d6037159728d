"""Delivery to the accreditation center, on fakes: only the center's receipt makes an application
delivered; silence is retried until the last attempt, which records «Не доставлено»."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from egisz.accreditation import usecases
from egisz.accreditation.calendar import ProductionCalendar
from egisz.accreditation.domain.model import Applicant
from egisz.accreditation.domain.status import Kind, Status
from egisz.accreditation.domain.submission import Rules
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.accreditation.gateways import FakeApplicationCenter, FakePortfolioGateway
from egisz.accreditation.repository import FakeAccreditationUnitOfWork
from egisz.accreditation.settings import Consumer
from egisz.runtime.handling import handling
from egisz.runtime.remote import RemoteUnavailableError

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SNILS = "11223344595"


async def submitted() -> tuple[FakeAccreditationUnitOfWork, str]:
    uow = FakeAccreditationUnitOfWork()
    uow.applicants["w1"] = Applicant("w1", SNILS, NOW)
    formed = await usecases.form_application(
        uow,
        snils=SNILS,
        actor="worker:w1",
        kind=Kind.PERIODIC,
        speciality="терапия",
        education_level="higher",
        consent=True,
        comment=None,
        clock=lambda: NOW,
    )
    await usecases.submit_application(
        uow,
        FakePortfolioGateway(),
        application_id=formed.id,
        snils=SNILS,
        rules=Rules(),
        clock=lambda: NOW,
    )
    return uow, formed.id


async def deliver(
    uow: FakeAccreditationUnitOfWork, center: FakeApplicationCenter, aid: str, attempt: int
) -> None:
    with handling(Consumer.DELIVERY, "e1"):
        await usecases.deliver_application(
            lambda: uow,
            center,
            application_id=aid,
            attempt=attempt,
            last_attempt=3,
            terms=ReviewTerms(calendar=ProductionCalendar("RU")),
            clock=lambda: NOW,
        )


async def test_the_centers_receipt_puts_the_application_under_review_under_its_number() -> None:
    uow, aid = await submitted()
    center = FakeApplicationCenter()
    await deliver(uow, center, aid, attempt=1)
    application = uow.applications_store[aid]
    assert center.received == [aid]
    assert application.status is Status.UNDER_REVIEW
    assert application.intake_number == "ФАЦ-TEST-000001"
    assert uow.processed == {(Consumer.DELIVERY, "e1")}


async def test_a_silent_center_is_asked_again_and_the_last_attempt_records_not_delivered() -> None:
    uow, aid = await submitted()
    silent = FakeApplicationCenter(answers=False)
    with pytest.raises(RemoteUnavailableError):
        await deliver(uow, silent, aid, attempt=2)
    assert uow.applications_store[aid].status is Status.FORMED
    await deliver(uow, silent, aid, attempt=3)
    application = uow.applications_store[aid]
    assert application.status is Status.NOT_DELIVERED
    assert "после 3 попыток" in (application.history[-1].reason or "")


async def test_a_receipt_delivered_twice_settles_the_application_once() -> None:
    uow, aid = await submitted()
    center = FakeApplicationCenter()
    await deliver(uow, center, aid, attempt=1)
    steps = len(uow.applications_store[aid].history)
    await deliver(uow, center, aid, attempt=1)
    assert len(uow.applications_store[aid].history) == steps
