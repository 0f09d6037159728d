"""One suite, two backends: the registry's unit of work on the in-memory fake and on MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime

import pytest

from egisz.registry import usecases
from egisz.registry.domain.errors import WorkerAlreadyRegisteredError
from egisz.registry.handlers import to_wire
from egisz.registry.repository import (
    INDEXES,
    FakeRegistryUnitOfWork,
    MongoRegistryUnitOfWork,
    RegistryUnitOfWork,
)
from egisz.runtime.events import Cause
from egisz.runtime.mongo import OUTBOX, Mongo, MongoUnitOfWork

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ANNA = {
    "snils": "112-233-445 95",
    "last_name": "Петрова",
    "first_name": "Анна",
    "middle_name": None,
    "birth_date": date(1985, 4, 12),
}

UowFactory = Callable[[], RegistryUnitOfWork]


@pytest.fixture(params=["fake", "mongo"])
async def make_uow(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    if request.param == "fake":
        fake = FakeRegistryUnitOfWork()
        yield lambda: fake
        return
    mongo = Mongo(request.getfixturevalue("mongo_url"), request.getfixturevalue("database_name"))
    await mongo.ensure_indexes(INDEXES)
    request.node.mongo = mongo
    yield lambda: MongoRegistryUnitOfWork(MongoUnitOfWork(mongo), lambda e: to_wire(e, Cause("c1")))
    await mongo.client.drop_database(mongo.db.name)
    await mongo.close()


async def register(make_uow: UowFactory, **changes: object) -> object:
    return await usecases.register_worker(
        make_uow(), registered_by_org="org", clock=lambda: NOW, **{**ANNA, **changes}
    )  # type: ignore[arg-type]


@pytest.mark.integration
async def test_a_registered_worker_can_be_found_by_id_and_by_snils(make_uow: UowFactory) -> None:
    worker = await register(make_uow)
    by_id = await usecases.find_worker(make_uow(), worker_id=worker.id, snils=None)  # type: ignore[attr-defined]
    by_snils = await usecases.find_worker(make_uow(), worker_id=None, snils="112-233-445 95")
    assert by_id.id == by_snils.id == worker.id  # type: ignore[attr-defined]
    assert by_id.name.last == "Петрова"
    assert by_id.birth_date == date(1985, 4, 12)
    assert by_id.version == 1


@pytest.mark.integration
async def test_one_record_per_snils(make_uow: UowFactory) -> None:
    await register(make_uow)
    with pytest.raises(WorkerAlreadyRegisteredError):
        await register(make_uow, last_name="Иванова")


@pytest.mark.integration
async def test_mongo_writes_the_event_to_the_outbox_in_the_same_transaction(
    mongo_url: str, database_name: str
) -> None:
    mongo = Mongo(mongo_url, database_name)
    await mongo.ensure_indexes(INDEXES)
    try:

        def uow() -> MongoRegistryUnitOfWork:
            return MongoRegistryUnitOfWork(
                MongoUnitOfWork(mongo), lambda e: to_wire(e, Cause("c1"))
            )

        worker = await usecases.register_worker(
            uow(), registered_by_org="org", clock=lambda: NOW, **ANNA
        )  # type: ignore[arg-type]
        rows = await mongo[OUTBOX].find({}).to_list()
        assert [r["subject"] for r in rows] == ["egisz.registry.evt.worker.registered"]
        assert rows[0]["sent_at"] is None
        assert worker.id.encode() in rows[0]["body"]
        # A refused registration leaves neither a record nor an event behind.
        with pytest.raises(WorkerAlreadyRegisteredError):
            await usecases.register_worker(
                uow(), registered_by_org="org", clock=lambda: NOW, **ANNA
            )  # type: ignore[arg-type]
        assert await mongo[OUTBOX].count_documents({}) == 1
        assert await mongo["workers"].count_documents({}) == 1
    finally:
        await mongo.client.drop_database(database_name)
        await mongo.close()
