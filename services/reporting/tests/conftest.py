"""The reporting service in the test process on the session's real NATS and MongoDB, its facts in
a DuckDB file of the session's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As


@pytest.fixture(scope="session")
async def reporting(
    nats_url_for: Any,
    mongo_url: str,
    dev_keys: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[ServiceRuntime]:
    from egisz.reporting.app import build
    from egisz.reporting.settings import ReportingSettings
    from egisz.testsupport.harness import service_under_test

    async with service_under_test(
        build,
        ReportingSettings,
        nats_url=nats_url_for,
        mongo_url=mongo_url,
        public_key=dev_keys[1],
        consumes=("registry",),
        facts_path=tmp_path_factory.mktemp("reporting") / "facts.duckdb",
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
def as_(reporting: ServiceRuntime, nc: NatsClient, dev_keys: tuple[Path, Path]) -> As:
    return As(nc, dev_keys[0].read_text())
