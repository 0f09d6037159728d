"""The registry running in the test process on the session's real NATS and MongoDB."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.registry.domain.identifiers import snils_check_number
from egisz.registry.repository import RegistryUnitOfWork
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport import harness as testing, seeding

ORG_A = "1.2.643.5.1.13.13.12.2.77.101"
ORG_B = "1.2.643.5.1.13.13.12.2.78.202"


async def grant_access(uow: RegistryUnitOfWork, org: str, snils: str) -> None:
    """Give a person access to an organization, as an approved FRMO request does."""
    await seeding.grant_access(uow, org, snils)


def fresh_snils() -> str:
    first = f"{uuid.uuid4().int % 10**9:09d}"
    return f"{first}{snils_check_number(first):02d}"


class As(testing.As):
    def officer(self, org: str = ORG_A, snils: str | None = None) -> testing.Caller:
        return super().officer(org, snils)


Caller = testing.Caller
eventually = testing.eventually


@pytest.fixture(scope="session")
def as_(
    registry: ServiceRuntime, nc: NatsClient, dev_keys: tuple[Path, Path], registry_access: Any
) -> As:
    return As(nc, dev_keys[0].read_text(), registry_access)
