"""The journal's tests (and the register of authorities') run on both backends: the in-memory
fake and MongoDB (SecantusDB)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest

from egisz.audit.repository import (
    INDEXES,
    AuthorityRepository,
    FakeAuthorities,
    FakeJournal,
    JournalRepository,
    MongoAuthorities,
    MongoJournal,
)
from egisz.runtime.mongo import Mongo


@contextlib.asynccontextmanager
async def fresh_database(request: pytest.FixtureRequest) -> AsyncIterator[Mongo]:
    """A database of the session's server with the journal's indexes, dropped after."""
    mongo = Mongo(request.getfixturevalue("mongo_url"), request.getfixturevalue("database_name"))
    await mongo.ensure_indexes(INDEXES)
    try:
        yield mongo
    finally:
        await mongo.client.drop_database(mongo.db.name)
        await mongo.close()


@pytest.fixture(params=["memory", "mongo"])
async def journal(request: pytest.FixtureRequest) -> AsyncIterator[JournalRepository]:
    if request.param == "memory":
        yield FakeJournal()
        return
    async with fresh_database(request) as mongo:
        yield MongoJournal(lambda: mongo)


@pytest.fixture(params=["memory", "mongo"])
async def authorities(request: pytest.FixtureRequest) -> AsyncIterator[AuthorityRepository]:
    if request.param == "memory":
        yield FakeAuthorities()
        return
    async with fresh_database(request) as mongo:
        yield MongoAuthorities(lambda: mongo)
