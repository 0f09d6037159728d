"""The center's stand-in over real NATS and MongoDB, and its rules on the fake: one receipt per
application, numbers in the order of arrival, a periodic package needs its «portfolio.xml», only
a service delivers and only the center's staff read the journal."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.fac import usecases
from egisz.fac.domain.errors import PackageIncompleteError
from egisz.fac.repository import FakeCenterUnitOfWork
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def package(**changes: Any) -> usecases.Package:
    fields: dict[str, Any] = {
        "application_id": uuid.uuid4().hex,
        "kind": "periodic",
        "speciality": "терапия",
        "applicant_name": "Петрова Анна",
        "snils": "11223344595",
        "snapshot_id": "s1",
        "documents": 0,
    } | changes
    return usecases.Package(**fields)


async def test_each_application_gets_one_receipt_numbered_in_the_order_of_arrival() -> None:
    uow = FakeCenterUnitOfWork()
    first, second = package(), package()
    a = await usecases.receive_package(lambda: uow, first, clock=lambda: NOW)
    b = await usecases.receive_package(lambda: uow, second, clock=lambda: NOW)
    again = await usecases.receive_package(lambda: uow, first, clock=lambda: NOW)
    assert (a.intake_number, b.intake_number) == ("ФАЦ-2026-000001", "ФАЦ-2026-000002")
    assert again.intake_number == a.intake_number
    with pytest.raises(PackageIncompleteError):
        await usecases.receive_package(lambda: uow, package(snapshot_id=None), clock=lambda: NOW)
    primary = await usecases.receive_package(
        lambda: uow, package(kind="primary", snapshot_id=None), clock=lambda: NOW
    )
    assert primary.intake_number == "ФАЦ-2026-000003"


def wire_package(application_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "application_id": application_id,
        "worker_id": "w1",
        "snils": "11223344595",
        "applicant": {"last_name": "Петрова", "first_name": "Анна", "birth_date": "1985-04-12"},
        "kind": "periodic",
        "speciality": "терапия",
        "education_level": "higher",
        "snapshot_id": "s1",
        "submitted_at": NOW.isoformat(),
        **changes,
    }


@pytest.mark.integration
async def test_the_intake_answers_once_per_application_and_the_staff_read_the_journal(
    fac: ServiceRuntime, as_: As
) -> None:
    # No token comes with a package: only the accreditation service's NATS user may publish
    # on the intake (users.conf; tests/deploy/test_nats_accounts.py proves the refusals).
    service = as_.anonymous()
    aid = uuid.uuid4().hex
    first = await service(subjects.FAC_INTAKE.subject, wire_package(aid))
    again = await service(subjects.FAC_INTAKE.subject, wire_package(aid))
    assert first["ok"], first
    assert again["result"] == first["result"]
    number = first["result"]["intake_number"]
    assert number.startswith(f"ФАЦ-{datetime.now(UTC).year}-")

    raced = uuid.uuid4().hex  # deliveries of one application at once: one receipt for all
    replies = await asyncio.gather(
        *(service(subjects.FAC_INTAKE.subject, wire_package(raced)) for _ in range(6))
    )
    assert len({r["result"]["intake_number"] for r in replies}) == 1, replies

    incomplete = await service(
        subjects.FAC_INTAKE.subject, wire_package(uuid.uuid4().hex) | {"snapshot_id": None}
    )
    assert incomplete["error"]["code"] == "package_incomplete"
    journal = await as_.role(Role.FAC_OPERATOR)(subjects.FAC_PACKAGE_LIST.subject, {"limit": 100})
    entries = {p["application_id"]: p for p in journal["result"]["items"]}
    assert entries[aid]["intake_number"] == number
    assert entries[aid]["applicant_name"] == "Петрова Анна"
    stranger = await as_.worker("11223344595")(subjects.FAC_PACKAGE_LIST.subject, {})
    assert stranger["error"]["code"] == "forbidden"
