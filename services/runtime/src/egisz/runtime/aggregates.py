"""Versioned aggregates in MongoDB: one codec and one repository base every service uses.

An aggregate is a dataclass with `id`, `version` and the `events` it recorded. It is stored as its
JSON form (pydantic's `TypeAdapter`) plus the derived fields its queries need; saved aggregates are
tracked so their events reach the outbox in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter
from pymongo.errors import DuplicateKeyError

from egisz.runtime.mongo import AggregateUnitOfWork, Document, save_versioned
from egisz.runtime.ports import Aggregate

A = TypeVar("A", bound=Aggregate)
_NOT_STORED = {"events", "version", "id"}


def after_id(query: dict[str, Any], after: str | None) -> dict[str, Any]:
    """Keyset paging: pages sorted by `_id`, the next one starts after the last id seen."""
    return {**query, "_id": {"$gt": after}} if after else query


class Codec(Generic[A]):
    """An aggregate to and from its document: the dataclass as JSON, `_id`, the version, and
    the derived fields its queries need."""

    def __init__(self, kind: type[A], derived: Callable[[A], Document]) -> None:
        self._kind = kind
        self._adapter: TypeAdapter[A] = TypeAdapter(kind)
        self._derived = derived

    def document(self, aggregate: A) -> Document:
        body = self._adapter.dump_python(aggregate, mode="json", exclude=_NOT_STORED)
        return {"_id": aggregate.id, **body, **self._derived(aggregate)}

    def aggregate(self, d: Document) -> A:
        declared = self._kind.__dataclass_fields__  # type: ignore[attr-defined]
        fields = {k: v for k, v in d.items() if k in declared}
        if "id" in declared:
            fields["id"] = d["_id"]
        return self._adapter.validate_python({**fields, "version": d["version"]})


class MongoAggregates(Generic[A]):
    """Versioned aggregates of one kind in one collection, inside the unit of work's
    transaction; saved aggregates are tracked so their events reach the outbox.

    An identity map: within one unit of work an aggregate is read from the database once, and
    every later `get` of it (or a query that finds it) returns the same object."""

    def __init__(self, uow: AggregateUnitOfWork, collection: str, codec: Codec[A]) -> None:
        self._uow = uow
        self._session = uow.base.session
        self._collection = uow.base.collection(collection)
        self._codec = codec
        self._seen: dict[str, A] = {}

    def _known(self, doc: Document) -> A:
        seen = self._seen.get(doc["_id"])
        if seen is None:
            seen = self._seen[doc["_id"]] = self._codec.aggregate(doc)
        return seen

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return exc

    async def _save(self, aggregate: A, expected: int) -> None:
        try:
            aggregate.version = await save_versioned(
                self._collection, self._codec.document(aggregate), expected, session=self._session
            )
        except DuplicateKeyError as exc:
            raise self._duplicate(exc) from exc
        self._uow.track(aggregate)
        self._seen[aggregate.id] = aggregate

    async def add(self, aggregate: A) -> None:
        await self._save(aggregate, 0)

    async def save(self, aggregate: A) -> None:
        await self._save(aggregate, aggregate.version)

    async def get(self, key: str) -> A | None:
        if key in self._seen:
            return self._seen[key]
        return await self._one({"_id": key})

    async def _one(self, query: dict[str, Any]) -> A | None:
        doc = await self._collection.find_one(query, session=self._session)
        return self._known(doc) if doc else None

    async def _page(self, query: dict[str, Any], after: str | None, limit: int) -> list[A]:
        cursor = (
            self._collection.find(after_id(query, after), session=self._session)
            .sort("_id", 1)
            .limit(limit)
        )
        return [self._known(d) async for d in cursor]
