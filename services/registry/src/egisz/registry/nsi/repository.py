"""Reference books' storage: dictionaries (versioned aggregates, in the unit of work) and their
entries, one document per entry of a version.

A version's entries are written first, outside the transaction, idempotently (`_id` is
`oid|version|code`); the version becomes visible when the dictionary records it, in the
transaction that publishes `dictionary.version_loaded`. A crash between leaves entries no version
names, and the next load of that version writes over them."""

from __future__ import annotations

from typing import Any, Protocol

from pymongo import ASCENDING, IndexModel
from pymongo.errors import BulkWriteError

from egisz.registry.domain.words import name_words
from egisz.registry.nsi.domain.dictionary import Dictionary, Entry
from egisz.registry.nsi.formats import parse_date
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates
from egisz.runtime.mongo import AggregateUnitOfWork

DICTIONARIES = "nsi_dictionaries"
ENTRIES = "nsi_entries"
DICTIONARY_FILES = "nsi_files"  # GridFS: the uploaded ФНСИ files
BATCH = 1000

NSI_INDEXES = {
    ENTRIES: [
        IndexModel([("oid", ASCENDING), ("version", ASCENDING), ("code", ASCENDING)], name="code"),
        IndexModel(
            [("oid", ASCENDING), ("version", ASCENDING), ("words", ASCENDING)], name="words"
        ),
    ],
}


class DictionaryRepository(Protocol):
    async def add(self, dictionary: Dictionary) -> None: ...
    async def save(self, dictionary: Dictionary) -> None: ...
    async def get(self, oid: str) -> Dictionary | None: ...
    async def page(self, after: str | None, limit: int) -> list[Dictionary]: ...


class EntryStore(Protocol):
    async def put(self, oid: str, number: str, entries: list[Entry]) -> None: ...
    async def all(self, oid: str, number: str) -> dict[str, Entry]: ...
    async def page(self, oid: str, number: str, after: str | None, limit: int) -> list[Entry]: ...
    async def get(self, oid: str, number: str, code: str) -> Entry | None: ...
    async def search(self, oid: str, number: str, words: list[str], limit: int) -> list[Entry]: ...


_CODEC: Codec[Dictionary] = Codec(Dictionary, lambda d: {})


class MongoDictionaryRepository(MongoAggregates[Dictionary]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, DICTIONARIES, _CODEC)

    async def page(self, after: str | None, limit: int) -> list[Dictionary]:
        return await self._page({}, after, limit)


def entry_document(oid: str, number: str, e: Entry) -> dict[str, Any]:
    return {
        "_id": f"{oid}|{number}|{e.code}",
        "oid": oid,
        "version": number,
        "code": e.code,
        "name": e.name,
        "parent": e.parent,
        "valid_from": e.valid_from.isoformat() if e.valid_from else None,
        "valid_to": e.valid_to.isoformat() if e.valid_to else None,
        "attributes": [list(pair) for pair in e.attributes],
        "words": name_words(e.name),
    }


def entry_of(d: dict[str, Any]) -> Entry:
    return Entry(
        code=d["code"],
        name=d["name"],
        parent=d.get("parent"),
        valid_from=parse_date(d["valid_from"]) if d.get("valid_from") else None,
        valid_to=parse_date(d["valid_to"]) if d.get("valid_to") else None,
        attributes=tuple((k, v) for k, v in d.get("attributes", [])),
    )


def version_entries(oid: str, number: str, after: str | None = None) -> dict[str, Any]:
    """A version's entries by code, from `after` on (index `code`, sorted by code)."""
    query: dict[str, Any] = {"oid": oid, "version": number}
    if after:
        query["code"] = {"$gt": after}
    return query


def entries_with_word(oid: str, number: str, word: str) -> dict[str, Any]:
    """A version's entries whose name has the word (index `words`; the database's planner takes
    an equality on a multikey field, not `$all`: the other words are checked as they come)."""
    return {"oid": oid, "version": number, "words": word}


class MongoEntryStore:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._collection = uow.base.collection(ENTRIES)

    async def put(self, oid: str, number: str, entries: list[Entry]) -> None:
        """Outside the transaction (see the module's note), in batches; a second load of the
        version meets its own entries and goes on."""
        for start in range(0, len(entries), BATCH):
            docs = [entry_document(oid, number, e) for e in entries[start : start + BATCH]]
            try:
                await self._collection.insert_many(docs, ordered=False)
            except BulkWriteError as exc:
                if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                    raise

    async def all(self, oid: str, number: str) -> dict[str, Entry]:
        cursor = self._collection.find(version_entries(oid, number))
        return {d["code"]: entry_of(d) async for d in cursor}

    async def page(self, oid: str, number: str, after: str | None, limit: int) -> list[Entry]:
        query = version_entries(oid, number, after)
        cursor = self._collection.find(query).sort("code", 1).limit(limit)
        return [entry_of(d) async for d in cursor]

    async def get(self, oid: str, number: str, code: str) -> Entry | None:
        found = await self._collection.find_one({"_id": f"{oid}|{number}|{code}"})
        return entry_of(found) if found else None

    async def search(self, oid: str, number: str, words: list[str], limit: int) -> list[Entry]:
        longest = max(words, key=len)  # the rarest, as a rule: the fewest rows to read
        cursor = self._collection.find(entries_with_word(oid, number, longest)).sort("code", 1)
        found: list[Entry] = []
        async for d in cursor:
            if set(words) <= set(d["words"]):
                found.append(entry_of(d))
                if len(found) == limit:
                    break
        return found


class FakeDictionaryRepository(InMemoryAggregates[Dictionary]):
    async def page(self, after: str | None, limit: int) -> list[Dictionary]:
        return self._page(lambda d: True, after, limit)


class FakeEntryStore:
    def __init__(self) -> None:
        self.versions: dict[tuple[str, str], dict[str, Entry]] = {}

    async def put(self, oid: str, number: str, entries: list[Entry]) -> None:
        self.versions.setdefault((oid, number), {}).update({e.code: e for e in entries})

    async def all(self, oid: str, number: str) -> dict[str, Entry]:
        return dict(self.versions.get((oid, number), {}))

    async def page(self, oid: str, number: str, after: str | None, limit: int) -> list[Entry]:
        found = sorted(self.versions.get((oid, number), {}).values(), key=lambda e: e.code)
        return [e for e in found if after is None or e.code > after][:limit]

    async def get(self, oid: str, number: str, code: str) -> Entry | None:
        return self.versions.get((oid, number), {}).get(code)

    async def search(self, oid: str, number: str, words: list[str], limit: int) -> list[Entry]:
        found = await self.page(oid, number, None, 10**9)
        return [e for e in found if set(words) <= set(name_words(e.name))][:limit]
