"""A duplicate-key error names the unique index it broke, on the real server, so repositories
map it to a domain error by the index's name."""

from __future__ import annotations

import pytest
from pymongo import ASCENDING, IndexModel
from pymongo.errors import BulkWriteError, DuplicateKeyError

from egisz.runtime.mongo import Mongo, violated_index

pytestmark = pytest.mark.integration


async def test_the_broken_unique_index_is_named_for_one_insert_and_for_many(
    mongo_url: str, database_name: str
) -> None:
    mongo = Mongo(mongo_url, database_name)
    try:
        await mongo.ensure_indexes(
            {"things": [IndexModel([("code", ASCENDING)], unique=True, name="code_unique")]}
        )
        await mongo["things"].insert_one({"_id": "a", "code": 1})
        with pytest.raises(DuplicateKeyError) as one:
            await mongo["things"].insert_one({"_id": "b", "code": 1})
        assert violated_index(one.value) == "code_unique"
        with pytest.raises(BulkWriteError) as many:
            await mongo["things"].insert_many([{"_id": "c", "code": 2}, {"_id": "d", "code": 1}])
        assert violated_index(many.value) == "code_unique"
        with pytest.raises(DuplicateKeyError) as by_id:
            await mongo["things"].insert_one({"_id": "a", "code": 3})
        assert violated_index(by_id.value) == "_id_"
    finally:
        await mongo.client.drop_database(database_name)
        await mongo.close()
