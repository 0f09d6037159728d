"""A unit of work entered `reading_first()`, on the real server: its reads go outside any
transaction, its writes from `begin()` inside one, and a commit never begun is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import monitoring

from egisz.runtime.memory import InMemoryUnitOfWork
from egisz.runtime.mongo import Mongo, MongoUnitOfWork
from egisz.runtime.ports import NotBegunError

pytestmark = pytest.mark.integration


class Sent(monitoring.CommandListener):
    """Each command sent: its name, and whether it ran in a transaction."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, bool]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in ("find", "insert", "commitTransaction"):
            in_transaction = event.command.get("autocommit") is False
            self.commands.append((event.command_name, in_transaction))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
async def watched(mongo_url: str, database_name: str) -> AsyncIterator[tuple[Mongo, Sent]]:
    sent = Sent()
    mongo = Mongo(mongo_url, database_name, [sent])
    yield mongo, sent
    await mongo.client.drop_database(database_name)
    await mongo.close()


async def test_reads_before_begin_run_outside_the_transaction_and_writes_after_it_inside(
    watched: tuple[Mongo, Sent],
) -> None:
    mongo, sent = watched
    await mongo["grants"].insert_one({"_id": "org", "officers": ["a"]})
    sent.commands.clear()
    async with MongoUnitOfWork(mongo).reading_first() as uow:
        assert await mongo["grants"].find_one({"_id": "org"}, session=uow.session)
        await uow.begin()
        await mongo["workers"].insert_one({"_id": "w1"}, session=uow.session)
        await uow.commit()
    assert sent.commands == [("find", False), ("insert", True), ("commitTransaction", True)]
    assert await mongo["workers"].find_one({"_id": "w1"}) == {"_id": "w1"}


async def test_writes_after_begin_are_undone_with_the_transaction(
    watched: tuple[Mongo, Sent],
) -> None:
    mongo, _ = watched

    async def fail_after_a_write() -> None:
        async with MongoUnitOfWork(mongo).reading_first() as uow:
            await uow.begin()
            await mongo["workers"].insert_one({"_id": "w1"}, session=uow.session)
            raise RuntimeError("the use case failed")

    with pytest.raises(RuntimeError, match="the use case failed"):
        await fail_after_a_write()
    assert await mongo["workers"].count_documents({}) == 0


async def test_a_commit_never_begun_is_refused_and_the_next_entry_opens_a_transaction_again(
    watched: tuple[Mongo, Sent],
) -> None:
    mongo, sent = watched
    uow = MongoUnitOfWork(mongo)
    with pytest.raises(NotBegunError):
        async with uow.reading_first():
            await uow.commit()
    sent.commands.clear()
    async with uow:  # without `reading_first()`: a transaction from the start, as always
        await mongo["grants"].find_one({"_id": "org"}, session=uow.session)
        await mongo["workers"].insert_one({"_id": "w2"}, session=uow.session)
        await uow.commit()
    assert [in_transaction for _, in_transaction in sent.commands] == [True, True, True]


async def test_the_fake_refuses_a_commit_never_begun_as_the_real_one_does() -> None:
    uow: Any = InMemoryUnitOfWork()
    with pytest.raises(NotBegunError):
        async with uow.reading_first():
            await uow.commit()
    async with uow.reading_first():
        await uow.begin()
        await uow.commit()
    async with uow:
        await uow.commit()
    assert uow.commits == 2
