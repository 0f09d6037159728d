"""The runtime's receive path for pymongo (`runtime/mongo_receive.py`) keeps the driver's two ways
out of a wait for an answer, on a real server that stops answering (SIGSTOP): the socket timeout,
and the interruption of the operations in flight when the driver's monitor gives the server up."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import AutoReconnect, NetworkTimeout

from egisz.cli.infra import EmbeddedMongo, free_port
from egisz.runtime import mongo_receive
from egisz.runtime.mongo import Mongo

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _lean_receive() -> None:
    """The plain clients below are served by it as the services' are (a `Mongo` installs it)."""
    mongo_receive.install()
    assert mongo_receive.installed()


@pytest.fixture
def own_database(tmp_path: Path) -> Iterator[EmbeddedMongo]:
    """A SecantusDB of the test's own: it is stopped and continued."""
    db = EmbeddedMongo(tmp_path / "mongo", free_port(), sink=None, log_file=tmp_path / "m.log")
    db.start()
    try:
        db.wait_ready()
        yield db
    finally:
        db.stop()


@contextlib.contextmanager
def frozen(db: EmbeddedMongo) -> Iterator[None]:
    """The server stopped (SIGSTOP) while the block runs: connected, answering nothing."""
    assert db.proc is not None
    os.kill(db.proc.pid, signal.SIGSTOP)
    try:
        # The signal is taken on the way back from the kernel: a thread already running may
        # still answer one more request.
        state = Path(f"/proc/{db.proc.pid}/stat")
        deadline = time.monotonic() + 5
        while state.read_text().rsplit(")", 1)[1].split()[0] != "T":
            assert time.monotonic() < deadline, "the server did not stop"
            time.sleep(0.01)
        yield
    finally:
        os.kill(db.proc.pid, signal.SIGCONT)


@contextlib.asynccontextmanager
async def things_on(db: EmbeddedMongo, **options: Any) -> AsyncIterator[Any]:
    """A collection holding one thing, `{"_id": "a"}`, through a client with these options."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(db.url, **options)
    try:
        things = client["receive"]["things"]
        await things.insert_one({"_id": "a"})
        yield things
    finally:
        await client.close()


async def test_a_services_client_is_served_by_the_lean_receive(mongo_url: str) -> None:
    mongo = Mongo(mongo_url, "receive")
    try:
        assert mongo_receive.installed()
        assert await mongo.ping()
    finally:
        await mongo.close()


async def test_an_answer_that_does_not_come_within_the_socket_timeout_is_a_network_timeout(
    own_database: EmbeddedMongo,
) -> None:
    async with things_on(own_database, socketTimeoutMS=400) as things:
        with frozen(own_database):
            started = time.monotonic()
            with pytest.raises(NetworkTimeout):
                await things.find_one({"_id": "a"})
            assert time.monotonic() - started < 3


async def test_operations_in_flight_are_interrupted_when_the_monitor_gives_the_server_up(
    own_database: EmbeddedMongo,
) -> None:
    # No socket timeout (the services set none): only the monitor's verdict ends the wait (a
    # read retried after it waits for the server's selection, as briefly here).
    options = {"heartbeatFrequencyMS": 500, "connectTimeoutMS": 500}
    async with things_on(own_database, **options, serverSelectionTimeoutMS=1000) as things:
        with frozen(own_database):
            started = time.monotonic()
            waits = [asyncio.create_task(things.find_one({"_id": "a"})) for _ in range(3)]
            done, pending = await asyncio.wait(waits, timeout=15)
            assert not pending, "an operation in flight was left waiting on a server given up"
            for wait in done:
                assert isinstance(wait.exception(), AutoReconnect), wait.exception()
            assert time.monotonic() - started < 10


async def test_a_task_cancelled_while_it_waits_is_cancelled_and_the_client_carries_on(
    mongo_url: str, database_name: str
) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_url)
    try:
        things = client[database_name]["things"]
        await things.insert_one({"_id": "a"})

        # Round trips one after another, cancelled somewhere in them.
        async def reads() -> None:
            while True:
                await things.find_one({"_id": "a"})

        task = asyncio.create_task(reads())
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await things.find_one({"_id": "a"}) == {"_id": "a"}
    finally:
        await client.drop_database(database_name)
        await client.close()
