"""The accreditation service running in the test process on the session's NATS and MongoDB, and
the helpers its tests share."""

from __future__ import annotations

import base64
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.contracts import subjects
from egisz.contracts.registry import WorkerRegistered
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.testing import As, Caller, eventually, publish_event


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
