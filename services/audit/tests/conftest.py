"""The journal's tests run on both backends: the in-memory fake and MongoDB (SecantusDB)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from egisz.audit.repository import INDEXES, FakeJournal, JournalRepository, MongoJournal
from egisz.runtime.mongo import Mongo


@pytest.fixture(params=["memory", "mongo"])
async def journal(request: pytest.FixtureRequest) -> AsyncIterator[JournalRepository]:
    if request.param == "memory":
        yield FakeJournal()
        return
    mongo_url: str = request.getfixturevalue("mongo_url")
    mongo = Mongo(mongo_url, request.getfixturevalue("database_name"))
    await mongo.ensure_indexes(INDEXES)
    try:
        yield MongoJournal(lambda: mongo)
    finally:
        await mongo.client.drop_database(mongo.db.name)
        await mongo.close()
