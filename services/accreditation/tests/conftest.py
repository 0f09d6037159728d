"""The accreditation service running in the test process on the session's NATS and MongoDB, and
the helpers its tests share."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import WorkerRegistered
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, eventually, publish_event


@pytest.fixture(scope="session")
def as_(
    accreditation: ServiceRuntime, nc: NatsClient, dev_keys: tuple[Path, Path], registry_access: Any
) -> As:
    return As(nc, dev_keys[0].read_text(), registry_access)


def fresh_snils() -> str:
    """A SNILS with its check number (the registry refuses any other)."""
    first = f"{uuid.uuid4().int % 10**9:09d}"
    total = sum(int(d) * w for d, w in zip(first, range(9, 0, -1), strict=True))
    check = total if total < 100 else 0 if total in (100, 101) else total % 101 % 100
    return f"{first}{check:02d}"


async def upload_pdf(me: Caller, content: bytes, filename: str = "документ.pdf") -> dict[str, Any]:
    """An application document uploaded in one part; the reply as it came."""
    return await me(
        subjects.APPLICATION_DOCUMENT_UPLOAD.subject,
        {
            "upload_id": uuid.uuid4().hex,
            "part": 0,
            "data": base64.b64encode(content).decode(),
            "last": True,
            "filename": filename,
        },
    )


async def registered_worker(rt: ServiceRuntime, as_: As) -> str:
    """A worker accreditation knows from FRMR (its worker.registered consumer saw them)."""
    snils = fresh_snils()
    registered = WorkerRegistered(
        worker_id=uuid.uuid4().hex,
        snils=snils,
        last_name="Иванов",
        first_name="Иван",
        birth_date=date(1980, 1, 1),
    )
    await publish_event(rt, subjects.WORKER_REGISTERED, registered)
    await eventually(
        lambda: as_.worker(snils)(subjects.APPLICANT_GET.subject, {}),
        lambda r: r["ok"] and r["result"]["in_frmr"],
    )
    return snils


async def passes_and_enters_frmr(
    as_: As, application_id: str, protocol: str, org: str, person: dict[str, str]
) -> tuple[str, dict[str, Any]]:
    """The center passes someone not in FRMR (the pass waits), then a clinic enters them: answers
    their worker id and the accreditation FRMR recorded from the waiting pass."""
    fac = as_.role(Role.FAC_OPERATOR)
    ref = {"application_id": application_id}
    assert (await fac(subjects.APPLICATION_DOCUMENTS_CHECK.subject, ref))["ok"]
    today = datetime.now(UTC).date().isoformat()
    decision = {"passed": True, "protocol_number": protocol, "decided_on": today}
    passed = (await fac(subjects.APPLICATION_DECIDE.subject, ref | decision))["result"]
    assert (passed["status"], passed["frmr_pending"]) == ("passed", True)
    registered = await as_.officer(org)(subjects.WORKER_REGISTER.subject, person)
    worker_id = str(registered["result"]["worker_id"])
    record = await eventually(
        lambda: as_.system("system:directory")(
            subjects.WORKER_GET.subject, {"worker_id": worker_id}
        ),
        lambda r: r["ok"] and r["result"]["accreditations"],
        timeout=30,
    )
    [entry] = record["result"]["accreditations"]
    return worker_id, entry
