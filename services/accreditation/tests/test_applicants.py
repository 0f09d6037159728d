"""Accreditation's copy of the workers' FRMR data: registered or updated, never rolled back."""

from __future__ import annotations

from datetime import UTC, date, datetime

from egisz.accreditation import usecases
from egisz.accreditation.domain.model import PersonalData
from egisz.accreditation.repository import FakeAccreditationUnitOfWork
from egisz.accreditation.settings import Consumer
from egisz.runtime.handling import handling

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def person(last_name: str) -> PersonalData:
    return PersonalData(last_name, "Ольга", None, date(1985, 3, 4), "o@example.org", None)


async def remember(
    uow: FakeAccreditationUnitOfWork, event_id: str, last_name: str, version: int
) -> None:
    with handling(Consumer.WORKER_UPDATED, event_id):
        await usecases.remember_applicant(
            uow,
            worker_id="w1",
            snils="11223344595",
            personal=person(last_name),
            record_version=version,
            clock=lambda: NOW,
        )


async def test_a_later_record_version_replaces_the_copy_and_an_earlier_one_does_not() -> None:
    uow = FakeAccreditationUnitOfWork()
    await remember(uow, "e1", "Девичья", 1)
    await remember(uow, "e3", "Замужняя", 3)
    await remember(uow, "e2", "Промежуточная", 2)  # arrived late
    applicant = uow.applicants["w1"]
    assert applicant.personal == person("Замужняя")
    assert (applicant.record_version, applicant.known_since) == (3, NOW)


async def test_the_same_event_twice_is_taken_once() -> None:
    uow = FakeAccreditationUnitOfWork()
    await remember(uow, "e1", "Девичья", 1)
    await remember(uow, "e1", "Девичья", 1)
    assert uow.processed == {(Consumer.WORKER_UPDATED, "e1")}
