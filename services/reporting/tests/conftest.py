"""The reporting service in the test process on the session's real NATS and MongoDB (the
`reporting` fixture is the root conftest's: the audit journal's tests follow its register too)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nats.aio.client import Client as NatsClient

from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As


@pytest.fixture(scope="session")
def as_(reporting: ServiceRuntime, nc: NatsClient, dev_keys: tuple[Path, Path]) -> As:
    return As(nc, dev_keys[0].read_text())
