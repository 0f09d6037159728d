"""What the runtime's tests on the real servers share: a fresh database per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from egisz.runtime.mongo import Mongo


@pytest.fixture
async def mongo(mongo_url: str, database_name: str) -> AsyncIterator[Mongo]:
    m = Mongo(mongo_url, database_name)
    await m.ensure_indexes({})
    yield m
    await m.client.drop_database(database_name)
    await m.close()
