"""The accreditation service running in the test process on the session's NATS and MongoDB, and
the helpers its tests share."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.contracts import subjects
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.testing import As, Caller


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
