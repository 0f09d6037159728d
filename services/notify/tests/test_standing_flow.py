"""An accreditation suspended or revoked, on real NATS and MongoDB: the person hears it with the
grounds and the dates, the organization they work for hears it too, and a revoked
accreditation's expiry reminders are cancelled."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from egisz.contracts import accreditation as accreditation_wire, registry as registry_wire, subjects
from egisz.notify.repository import NOTIFICATIONS, REMINDERS
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, eventually, publish_event

from .test_notify_flow import bell, registered

pytestmark = pytest.mark.integration


def changed(worker_id: str, snils: str, action: str, reason: str) -> Any:
    return accreditation_wire.AccreditationStandingChanged.model_validate(
        {
            "application_id": "a-" + worker_id,
            "worker_id": worker_id,
            "snils": snils,
            "speciality": "Терапия",
            "passed_on": date(2026, 1, 10),
            "valid_until": date(2031, 1, 10),
            "action": action,
            "reason": reason,
            "effective_from": date(2026, 12, 1),
            "until": date(2027, 2, 28) if action == "suspend" else None,
            "status": "suspended" if action == "suspend" else "revoked",
            "status_title": "приостановлена" if action == "suspend" else "отозвана",
            "changes": [],
        }
    )


async def test_the_person_and_their_employer_hear_a_suspension_and_a_revocation_stops_reminders(
    notify: ServiceRuntime, as_: As
) -> None:
    worker_id, snils, _ = await registered(notify, email=None)
    me = as_.worker(snils)
    await eventually(lambda: bell(me), lambda n: n == 1)  # her name is known
    org = f"1.2.643.5.1.13.13.12.2.53.{uuid.uuid4().int % 10**6}"
    job = registry_wire.EmploymentRecord(
        employment_id="j-" + worker_id,
        organization_oid=org,
        position="Врач-терапевт",
        rate=1,  # type: ignore[arg-type]
        kind="main",
        start_date=date(2024, 1, 1),
    )
    await publish_event(
        notify,
        subjects.EMPLOYMENT_STARTED,
        registry_wire.EmploymentStarted(
            worker_id=worker_id, snils=snils, record_version=2, employment=job
        ),
    )
    await eventually(lambda: bell(me), lambda n: n == 2)
    passed = accreditation_wire.AccreditationPassed(
        application_id="a-" + worker_id,
        worker_id=worker_id,
        snils=snils,
        kind="periodic",
        speciality="Терапия",
        passed_on=date(2026, 1, 10),
        valid_until=date(2031, 1, 10),
        protocol_number="П-1",
    )
    await publish_event(notify, subjects.ACCREDITATION_PASSED, passed)

    async def scheduled() -> int:
        return await notify.mongo[REMINDERS].count_documents(
            {"status": "scheduled", "group": {"$regex": f"^accreditation:{snils}:"}}
        )

    await eventually(scheduled, lambda n: n > 0)
    await publish_event(
        notify,
        subjects.ACCREDITATION_STANDING_CHANGED,
        changed(worker_id, snils, "suspend", "Решение комиссии № 12"),
    )
    page = await eventually(
        lambda: me(subjects.INBOX_LIST.subject, {}), lambda r: r["result"]["unread_count"] == 3
    )
    newest = page["result"]["items"][0]
    assert newest["title"] == "Аккредитация по специальности «Терапия»: приостановлена"
    assert (
        "с 01.12.2026 по 28.02.2027" in newest["body"] and "Решение комиссии № 12" in newest["body"]
    )

    async def told() -> list[str]:
        found = notify.mongo[NOTIFICATIONS].find({"recipient_id": f"org:{org}"})
        return [n["title"] async for n in found]

    [employer] = await eventually(told, lambda t: len(t) == 1)
    assert employer.endswith(": аккредитация приостановлена")
    await publish_event(
        notify,
        subjects.ACCREDITATION_STANDING_CHANGED,
        changed(worker_id, snils, "revoke", "Решение суда"),
    )
    await eventually(scheduled, lambda n: n == 0)
    await eventually(told, lambda t: len(t) == 2)
