"""The accreditation service running in the test process on the session's NATS and MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client as NatsClient

from egisz.accreditation.app import build
from egisz.accreditation.settings import AccreditationSettings
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.testing import As, service_under_test


@pytest.fixture(scope="session")
async def accreditation(
    nats_url: str, mongo_url: str, dev_keys: tuple[Path, Path]
) -> AsyncIterator[ServiceRuntime]:
    async with service_under_test(
        build,
        AccreditationSettings,
        nats_url=nats_url,
        mongo_url=mongo_url,
        public_key=dev_keys[1],
        consumes=("registry",),
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
async def nc(nats_url: str) -> AsyncIterator[NatsClient]:
    client = await nats.connect(nats_url)
    yield client
    await client.drain()


@pytest.fixture(scope="session")
def as_(accreditation: ServiceRuntime, nc: NatsClient, dev_keys: tuple[Path, Path]) -> As:
    return As(nc, dev_keys[0].read_text())
