"""Where the directory keeps its resources: `directory` holds each resource's latest version
(`_id` `Type/id`, gone ones too, so a number is never given twice), `directory_versions` every
version (`_id` `Type/id/000000007`) with `order` — the instant and the id in one string — by
which histories page. Writes go in the refresh's transaction (`DirectoryStore`); searches,
reads and histories read without one (`DirectoryReader`). The Mongo adapters and the in-memory
fakes the same tests run."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any, Protocol

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from egisz.kernel.errors import ConcurrencyError
from egisz.registry.directory.domain.records import Version
from egisz.runtime.mongo import AggregateUnitOfWork

CURRENT = "directory"
VERSIONS = "directory_versions"
# Parameters an index finds candidates by (`active` and `status` hold for most: checked after).
INDEXED = (
    "identifier", "name", "family", "given", "organization", "practitioner", "location",
    "role", "specialty", "service", "partof", "type", "service-type",
    "participating-organization", "primary-organization",
)  # fmt: skip
DIRECTORY_INDEXES = {
    CURRENT: [
        IndexModel([("source", ASCENDING)], name="source"),
        IndexModel([("refresh_on", ASCENDING)], name="refresh_on", sparse=True),
        *(
            IndexModel([("type", ASCENDING), (f"keys.{p}", ASCENDING), ("_id", ASCENDING)], name=p)
            for p in INDEXED
        ),
    ],
    VERSIONS: [
        IndexModel([("order", DESCENDING)], name="order"),
        IndexModel([("type", ASCENDING), ("order", DESCENDING)], name="type_order"),
    ],
}


def order_of(v: Version) -> str:
    return f"{_instant(v.last_updated)}|{v.key}"


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def version_id(type: str, id: str, number: int) -> str:
    return f"{type}/{id}/{number:09d}"


def document(v: Version) -> dict[str, Any]:
    return {
        "_id": v.key,
        "type": v.type,
        "rid": v.id,
        "version": v.version,
        "updated_at": v.last_updated,
        "method": v.method,
        "source": v.source,
        "resource": v.resource,
        "keys": v.keys,
        "refresh_on": datetime.combine(v.refresh_on, time(), UTC) if v.refresh_on else None,
        "gone": v.gone,
    }


def version_of(d: dict[str, Any]) -> Version:
    refresh = d.get("refresh_on")
    return Version(
        d["type"],
        d["rid"],
        d["version"],
        d["updated_at"].replace(tzinfo=UTC),
        d["method"],
        d["source"],
        d.get("resource"),
        d.get("keys") or {},
        refresh.date() if refresh else None,
    )


class DirectoryStore(Protocol):
    """The refresh's side: what a source made before, and the versions it makes now."""

    async def latest_of(self, source: str) -> list[Version]: ...
    async def write(self, versions: list[Version]) -> None: ...
    async def reschedule(self, days: dict[str, date | None]) -> None: ...


class DirectoryReader(Protocol):
    async def latest(self, type: str, id: str) -> Version | None: ...
    async def version(self, type: str, id: str, number: int) -> Version | None: ...
    async def candidates(
        self, type: str, parameter: str | None, values: list[str], after: str | None, limit: int
    ) -> list[Version]:
        """Latest versions of `type` (gone ones too) by id after `after`: those whose
        `parameter` has one of `values` (`_id`: the ids), or all (`parameter` None)."""
        ...

    async def tally(self, type: str, parameter: str | None, values: list[str]) -> int:
        """How many resources of `type` (not gone) `candidates` would find, counted by the
        index."""
        ...

    async def history(
        self, type: str | None, id: str | None, since: datetime | None, before: str, limit: int
    ) -> list[Version]:
        """Versions newest first: of one resource (`id`), of a type, or of all; after `since`,
        their `order` below `before`."""
        ...

    async def due(self, day: date, limit: int) -> list[str]:
        """Sources whose resources read otherwise from `day` on."""
        ...


class MongoDirectoryStore:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._current = uow.base.collection(CURRENT)
        self._versions = uow.base.collection(VERSIONS)
        self._session = uow.base.session

    async def latest_of(self, source: str) -> list[Version]:
        cursor = self._current.find({"source": source}, session=self._session)
        return [version_of(d) async for d in cursor]

    async def write(self, versions: list[Version]) -> None:
        """Each version appended and made the latest, if the latest is still the one before
        it (another replica's refresh got there first: `ConcurrencyError`, retried)."""
        try:
            for v in versions:
                await self._write(v)
        except DuplicateKeyError:
            raise ConcurrencyError() from None  # the same first version, written beside us

    async def _write(self, v: Version) -> None:
        doc = document(v)
        if v.version == 1:
            await self._current.insert_one(doc, session=self._session)
        else:
            found = await self._current.replace_one(
                {"_id": v.key, "version": v.version - 1}, doc, session=self._session
            )
            if found.matched_count == 0:
                raise ConcurrencyError()
        history = {
            **{k: doc[k] for k in ("type", "rid", "version", "updated_at", "method")},
            **{"source": v.source, "resource": v.resource, "keys": {}, "gone": v.gone},
            "_id": version_id(v.type, v.id, v.version),
            "order": order_of(v),
        }
        await self._versions.insert_one(history, session=self._session)

    async def reschedule(self, days: dict[str, date | None]) -> None:
        for key, day in days.items():
            on = datetime.combine(day, time(), UTC) if day else None
            await self._current.update_one(
                {"_id": key}, {"$set": {"refresh_on": on}}, session=self._session
            )


def _found_by(
    type: str, parameter: str | None, values: list[str], after: str | None
) -> dict[str, Any]:
    ids: dict[str, Any] = {"$gt": f"{type}/{after}" if after else f"{type}/"}
    ids["$lt"] = f"{type}0"  # `0` follows `/`: the type's ids and no other's
    query: dict[str, Any] = {"type": type, "_id": ids}
    if parameter == "_id":
        query["_id"] = {"$in": [f"{type}/{v}" for v in values], **ids}
    elif parameter is not None:
        query[f"keys.{parameter}"] = values[0] if len(values) == 1 else {"$in": values}
    return query


class MongoDirectoryReader:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._current = db[CURRENT]
        self._versions = db[VERSIONS]

    async def latest(self, type: str, id: str) -> Version | None:
        found = await self._current.find_one({"_id": f"{type}/{id}"})
        return version_of(found) if found else None

    async def version(self, type: str, id: str, number: int) -> Version | None:
        found = await self._versions.find_one({"_id": version_id(type, id, number)})
        return version_of(found) if found else None

    async def candidates(
        self, type: str, parameter: str | None, values: list[str], after: str | None, limit: int
    ) -> list[Version]:
        query = _found_by(type, parameter, values, after)
        cursor = self._current.find(query).sort("_id", ASCENDING).limit(limit)
        return [version_of(d) async for d in cursor]

    async def tally(self, type: str, parameter: str | None, values: list[str]) -> int:
        return await self._current.count_documents(
            {**_found_by(type, parameter, values, None), "gone": False}
        )

    async def history(
        self, type: str | None, id: str | None, since: datetime | None, before: str, limit: int
    ) -> list[Version]:
        order: dict[str, Any] = {"$lt": before}
        if since is not None:
            order["$gt"] = _instant(since) + "|~"  # past every version of that instant
        query: dict[str, Any] = {"order": order}
        if type is not None:
            query["type"] = type
        if id is not None:
            query = {"_id": {"$gt": f"{type}/{id}/", "$lt": f"{type}/{id}0"}, "order": order}
        cursor = self._versions.find(query).sort("order", DESCENDING).limit(limit)
        return [version_of(d) async for d in cursor]

    async def due(self, day: date, limit: int) -> list[str]:
        on = datetime.combine(day, time(), UTC)
        cursor = self._current.find({"refresh_on": {"$lte": on}}, {"source": 1}).limit(limit)
        return list(dict.fromkeys([d["source"] async for d in cursor]))


@dataclass
class DirectoryData:
    """The fakes' one copy: what both collections would hold."""

    latest: dict[str, Version] = field(default_factory=dict)
    versions: list[Version] = field(default_factory=list)


class FakeDirectoryStore:
    def __init__(self, data: DirectoryData) -> None:
        self.data = data

    async def latest_of(self, source: str) -> list[Version]:
        return [v for v in self.data.latest.values() if v.source == source]

    async def write(self, versions: list[Version]) -> None:
        for v in versions:
            held = self.data.latest.get(v.key)
            if (held.version if held else 0) != v.version - 1:
                raise ConcurrencyError()
            self.data.latest[v.key] = v
            self.data.versions.append(v)

    async def reschedule(self, days: dict[str, date | None]) -> None:
        for key, day in days.items():
            self.data.latest[key] = replace(self.data.latest[key], refresh_on=day)


class FakeDirectoryReader:
    def __init__(self, data: DirectoryData) -> None:
        self.data = data

    async def latest(self, type: str, id: str) -> Version | None:
        return self.data.latest.get(f"{type}/{id}")

    async def version(self, type: str, id: str, number: int) -> Version | None:
        found = [v for v in self.data.versions if (v.type, v.id, v.version) == (type, id, number)]
        return found[0] if found else None

    async def candidates(
        self, type: str, parameter: str | None, values: list[str], after: str | None, limit: int
    ) -> list[Version]:
        def fits(v: Version) -> bool:
            if parameter is None:
                return True
            if parameter == "_id":
                return v.id in values
            return bool(set(values) & set(v.keys.get(parameter, [])))

        found = sorted(
            (v for v in self.data.latest.values() if v.type == type and v.id > (after or "")),
            key=lambda v: v.key,
        )
        return [v for v in found if fits(v)][:limit]

    async def tally(self, type: str, parameter: str | None, values: list[str]) -> int:
        found = await self.candidates(type, parameter, values, None, len(self.data.latest))
        return sum(1 for v in found if not v.gone)

    async def history(
        self, type: str | None, id: str | None, since: datetime | None, before: str, limit: int
    ) -> list[Version]:
        low = _instant(since) + "|~" if since else ""
        found = [
            v
            for v in self.data.versions
            if low < order_of(v) < before
            and (type is None or v.type == type)
            and (id is None or v.id == id)
        ]
        return sorted(found, key=order_of, reverse=True)[:limit]

    async def due(self, day: date, limit: int) -> list[str]:
        found = (
            v.source for v in self.data.latest.values() if v.refresh_on and v.refresh_on <= day
        )
        return list(dict.fromkeys(found))[:limit]
