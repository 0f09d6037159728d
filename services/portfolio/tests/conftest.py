"""The portfolio running in the test process on the session's real NATS and MongoDB."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.client import Client as NatsClient
from pymongo import AsyncMongoClient

from egisz.portfolio.app import build
from egisz.portfolio.settings import PortfolioSettings
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.runtime.testing import As, running


@pytest.fixture(scope="session")
async def portfolio(
    nats_url: str, mongo_url: str, dev_keys: tuple[Path, Path]
) -> AsyncIterator[ServiceRuntime]:
    # The portfolio consumes the registry's events: that stream must exist first.
    await prepare_streams(ServiceSettings(service_name="registry", nats_url=nats_url), set())
    settings = PortfolioSettings(
        nats_url=nats_url,
        mongo_url=mongo_url,
        mongo_database=f"t_portfolio_{uuid.uuid4().hex[:8]}",
        jwt_public_key_file=dev_keys[1],
        retry_delays_seconds=[0.2, 0.5],
        max_deliver=3,
        outbox_poll_seconds=0.2,
    )
    async with running(build(settings)) as rt:
        yield rt
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    await client.drop_database(settings.database)
    await client.close()


@pytest.fixture(scope="session")
async def nc(nats_url: str) -> AsyncIterator[NatsClient]:
    client = await nats.connect(nats_url)
    yield client
    await client.drain()


@pytest.fixture(scope="session")
def as_(portfolio: ServiceRuntime, nc: NatsClient, dev_keys: tuple[Path, Path]) -> As:
    return As(nc, dev_keys[0].read_text())
