"""End-to-end fixtures: the services as processes on the embedded NATS + SecantusDB."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pymongo import AsyncMongoClient

from egisz.cli.client import Client, dev_token
from egisz.cli.demo import random_birth_date, random_snils
from egisz.cli.stack import PROCESSES, SERVICES, Stack, StackSettings
from egisz.testsupport.harness import snils_for

T = TypeVar("T")
ORG = "1.2.643.5.1.13.13.12.2.77.7701"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(
        StackSettings.on_free_ports(tmp_path_factory.mktemp("stack")),
        sink=None,
        service_env={
            s: {
                "RETRY_DELAYS_SECONDS": "[0.2, 0.5]",
                "MAX_DELIVER": "3",
                "METRICS_REFRESH_SECONDS": "2",
            }
            | ({"DISPATCH_SECONDS": "0.3"} if s == "notify" else {})
            for s in SERVICES
        }
        # The HTTP fuzz run sends thousands of requests a minute from one address.
        | {"gateway": {"RATE_LIMIT": ""}},
    )
    try:
        running.start()
        yield running
    finally:
        running.stop()
    # The whole suite runs under the deployed users.conf: a violation fails it, named.
    assert running.permission_violations() == [], "NATS permission violations"


@pytest.fixture(scope="module")
async def client(stack: Stack) -> AsyncIterator[Client]:
    assert stack.nats
    async with Client(stack.nats.url, timeout=10) as c:
        yield c


@pytest.fixture(scope="module")
async def mongo(stack: Stack) -> AsyncIterator[AsyncMongoClient[dict[str, Any]]]:
    assert stack.mongo
    c: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongo.url, tz_aware=True)
    yield c
    await c.close()


class Tokens:
    def __init__(self, stack: Stack) -> None:
        self.key = stack.private_key

    def officer(self, org: str = ORG) -> str:
        """An officer holding access to `org` (given by `grant_access`)."""
        return dev_token(self.key, "org_officer", org=org, snils=snils_for(f"officer|{org}"))

    def worker(self, snils: str) -> str:
        return dev_token(self.key, "worker", snils=snils.replace("-", "").replace(" ", ""))


async def grant_access(mongo_url: str, org: str) -> str:
    """What an approved FRMO request does for its responsible employee, in the stack's registry
    database (setup: the workflow itself is tested in services/registry/tests/test_access.py)."""
    from egisz.testsupport.seeding import grant_access_at

    return await grant_access_at(mongo_url, org, snils_for(f"officer|{org}"))


@pytest.fixture(scope="module")
async def tokens(stack: Stack) -> Tokens:
    assert stack.mongo
    await grant_access(stack.mongo.url, ORG)
    return Tokens(stack)


async def eventually(
    probe: Callable[[], Awaitable[T] | T],
    check: Callable[[T], bool],
    timeout: float = 20.0,
    what: str = "condition",
) -> T:
    """Poll until `check` holds, with a deadline (never a bare sleep). `probe` may be async."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if inspect.isawaitable(value):
            value = await value
        if check(value):  # type: ignore[arg-type]
            return value  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout}s; last: {value!r}")
        await asyncio.sleep(0.1)


def quiet_env() -> dict[str, dict[str, str]]:
    """A bench's processes: warnings only (a line a message costs CPU the figures would carry),
    the gateway unthrottled (every request comes from one address)."""
    return {p: {"LOG_LEVEL": "WARNING"} for p in PROCESSES} | {
        "gateway": {"LOG_LEVEL": "WARNING", "RATE_LIMIT": ""}
    }


@contextlib.contextmanager
def quiet_stack(**more: dict[str, str]) -> Iterator[Stack]:
    """A started stack of a bench's own (free ports, a temporary folder, `quiet_env` plus `more`
    settings by process), stopped on the way out."""
    env = quiet_env()
    for process, settings in more.items():
        env[process] = env.get(process, {}) | settings
    with tempfile.TemporaryDirectory() as root:
        stack = Stack(StackSettings.on_free_ports(Path(root)), sink=None, service_env=env)
        stack.start()
        try:
            yield stack
        finally:
            stack.stop()


def new_worker(snils: str | None = None) -> dict[str, Any]:
    return {
        "snils": snils or random_snils(),
        "last_name": "Петрова",
        "first_name": "Анна",
        "middle_name": "Сергеевна",
        "birth_date": random_birth_date(),
    }


def log_lines(stack: Stack, service: str) -> list[dict[str, Any]]:
    path = stack.settings.data_dir / "logs" / f"{service}.log"
    return [
        json.loads(line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("{")
    ]


def digits(snils: str) -> str:
    return snils.replace("-", "").replace(" ", "")


async def publish_poison(stack: Stack, *, public: bool = False) -> str:
    """A `worker.registered` no consumer can read (its data breaks the schema), published as the
    registry would: the portfolio's consumer dead-letters it (`public`: on the public form's
    subject, where other teams read). Answers its event id."""
    import uuid

    import nats

    from egisz.contracts import subjects
    from egisz.contracts.public import public_subject

    assert stack.nats
    nc = await nats.connect(stack.nats.url_for("registry"), inbox_prefix="_INBOX_registry")
    poison = uuid.uuid4().hex
    subject = subjects.WORKER_REGISTERED.subject
    await nc.jetstream().publish(
        (public_subject(subject) or subject) if public else subject,
        json.dumps({"id": poison, "data": {"snils": 1}}).encode(),
        headers={"Nats-Msg-Id": poison},
    )
    await nc.close()
    return poison
