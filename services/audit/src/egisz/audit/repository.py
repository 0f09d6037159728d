"""The journal's records: the port, its Mongo adapter and the in-memory fake (the same tests run
on both). Records are only ever inserted: no method changes or removes one. Beside them, the
register of authorities as followed from reporting's events (who may read as a regulator)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from egisz.audit.domain.chain import Link
from egisz.audit.domain.regulators import Authority
from egisz.runtime.mongo import Mongo, violated_index

JOURNAL = "journal"  # `_id` is the record's position in the chain
PRUNED = "journal_pruned"  # one document: the last record removed for retention, its hash
AUTHORITIES = "authorities"  # reporting's register of authorities, its newest version of each
ORGANIZATIONS = "organizations"  # FRMO's organizations: the region of each (`_id` its OID)

INDEXES = {
    JOURNAL: [
        IndexModel([("event_id", ASCENDING)], unique=True, name="one_record_per_entry"),
        IndexModel([("persons", ASCENDING), ("_id", DESCENDING)], name="by_person"),
        IndexModel([("actor_snils", ASCENDING), ("_id", DESCENDING)], name="by_actor"),
        IndexModel([("actor_org", ASCENDING), ("_id", DESCENDING)], name="by_organization"),
    ],
    AUTHORITIES: [IndexModel([("members", ASCENDING)], name="by_member")],
    ORGANIZATIONS: [IndexModel([("region", ASCENDING)], name="by_region")],
}


class PositionTakenError(Exception):
    """Another writer appended at this position first (a second replica): read the head again."""


class AlreadyJournaledError(Exception):
    """This entry is in the journal already (a redelivery)."""


@dataclass(frozen=True)
class Query:
    """What a search looks for; `before`: positions below it (newest first)."""

    person: str | None = None
    actor: str | None = None
    organization: str | None = None
    command: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    not_by: str | None = None  # leave out what this SNILS did itself
    within: frozenset[str] | None = None  # only what these organizations' people did
    before: int | None = None
    limit: int = 50


class JournalRepository(Protocol):
    async def head(self) -> Link | None: ...

    async def append(self, link: Link, *, event_id: str, at: datetime) -> None:
        """Raises `PositionTakenError` or `AlreadyJournaledError`."""
        ...

    async def find(self, query: Query) -> list[Link]: ...

    async def hash_at(self, position: int) -> str | None: ...

    async def run(self, start: int, limit: int) -> list[Link]:
        """Records from `start` on, in position order."""
        ...

    async def pruned(self) -> tuple[int, str] | None:
        """The last position removed for retention and its hash: where the chain now starts."""
        ...

    async def prune(self, older_than: datetime, limit: int) -> int:
        """Remove up to `limit` of the oldest records written before `older_than` (a run from
        the chain's start only), noting the last one's position and hash first; how many."""
        ...


def _persons(entry: dict[str, Any]) -> list[str]:
    return [p["snils"] for p in entry.get("persons", [])]


def _link(doc: dict[str, Any]) -> Link:
    return Link(int(doc["_id"]), doc["service"], doc["entry"], doc["hash"])


class MongoJournal:
    def __init__(self, mongo: Callable[[], Mongo]) -> None:
        self._mongo = mongo

    @property
    def _records(self) -> Any:
        return self._mongo()[JOURNAL]

    async def head(self) -> Link | None:
        doc = await self._records.find_one({}, sort=[("_id", DESCENDING)])
        return _link(doc) if doc else None

    async def append(self, link: Link, *, event_id: str, at: datetime) -> None:
        actor = link.entry.get("actor", {})
        try:
            await self._records.insert_one(
                {
                    "_id": link.position,
                    "service": link.service,
                    "entry": link.entry,
                    "hash": link.hash,
                    "event_id": event_id,
                    "at": at,
                    "persons": _persons(link.entry),
                    "actor_snils": actor.get("snils"),
                    "actor_org": actor.get("org"),
                    "command": link.entry.get("command"),
                }
            )
        except DuplicateKeyError as exc:
            if violated_index(exc) == "one_record_per_entry":
                raise AlreadyJournaledError() from exc
            raise PositionTakenError() from exc

    async def find(self, query: Query) -> list[Link]:
        where: dict[str, Any] = {}
        for field, value in (
            ("persons", query.person),
            ("actor_snils", query.actor),
            ("actor_org", query.organization),
            ("command", query.command),
        ):
            if value is not None:
                where[field] = value
        if query.not_by is not None:
            where.setdefault("actor_snils", {"$ne": query.not_by})
        if query.within is not None:
            where.setdefault("actor_org", {"$in": sorted(query.within)})
        if query.before is not None:
            where["_id"] = {"$lt": query.before}
        if query.since is not None or query.until is not None:
            where["at"] = {
                k: v for k, v in (("$gte", query.since), ("$lt", query.until)) if v is not None
            }
        cursor = self._records.find(where).sort("_id", DESCENDING).limit(query.limit)
        return [_link(doc) async for doc in cursor]

    async def hash_at(self, position: int) -> str | None:
        doc = await self._records.find_one({"_id": position}, {"hash": 1})
        return str(doc["hash"]) if doc else None

    async def run(self, start: int, limit: int) -> list[Link]:
        cursor = self._records.find({"_id": {"$gte": start}}).sort("_id", ASCENDING).limit(limit)
        return [_link(doc) async for doc in cursor]

    async def pruned(self) -> tuple[int, str] | None:
        doc = await self._mongo()[PRUNED].find_one({"_id": "pruned"})
        return (int(doc["position"]), str(doc["hash"])) if doc else None

    async def prune(self, older_than: datetime, limit: int) -> int:
        cursor = self._records.find({}, {"at": 1, "hash": 1}).sort("_id", ASCENDING).limit(limit)
        old = []
        async for doc in cursor:
            if doc["at"].replace(tzinfo=older_than.tzinfo) >= older_than:
                break
            old.append(doc)
        if not old:
            return 0
        last = old[-1]
        await self._mongo()[PRUNED].update_one(  # noted first: a crash leaves the chain checkable
            {"_id": "pruned"},
            {"$max": {"position": last["_id"]}, "$set": {"hash": last["hash"]}},
            upsert=True,
        )
        await self._records.delete_many({"_id": {"$lte": last["_id"]}})
        return len(old)


class FakeJournal:
    def __init__(self) -> None:
        self.records: dict[int, tuple[Link, str, datetime]] = {}
        self.pruned_at: tuple[int, str] | None = None

    async def head(self) -> Link | None:
        return self.records[max(self.records)][0] if self.records else None

    async def append(self, link: Link, *, event_id: str, at: datetime) -> None:
        if any(e == event_id for _, e, _ in self.records.values()):
            raise AlreadyJournaledError()
        if link.position in self.records:
            raise PositionTakenError()
        self.records[link.position] = (link, event_id, at)

    async def find(self, query: Query) -> list[Link]:
        def wanted(link: Link, at: datetime) -> bool:
            actor = link.entry.get("actor", {})
            return (
                (query.person is None or query.person in _persons(link.entry))
                and (query.actor is None or actor.get("snils") == query.actor)
                and (query.organization is None or actor.get("org") == query.organization)
                and (query.command is None or link.entry.get("command") == query.command)
                and (query.not_by is None or actor.get("snils") != query.not_by)
                and (query.within is None or actor.get("org") in query.within)
                and (query.before is None or link.position < query.before)
                and (query.since is None or at >= query.since)
                and (query.until is None or at < query.until)
            )

        found = [link for link, _, at in self.records.values() if wanted(link, at)]
        return sorted(found, key=lambda link: -link.position)[: query.limit]

    async def hash_at(self, position: int) -> str | None:
        found = self.records.get(position)
        return found[0].hash if found else None

    async def run(self, start: int, limit: int) -> list[Link]:
        return [self.records[p][0] for p in sorted(self.records) if p >= start][:limit]

    async def pruned(self) -> tuple[int, str] | None:
        return self.pruned_at

    async def prune(self, older_than: datetime, limit: int) -> int:
        old = []
        for p in sorted(self.records)[:limit]:
            if self.records[p][2] >= older_than:
                break
            old.append(p)
        if old:
            self.pruned_at = (old[-1], self.records[old[-1]][0].hash)
            for p in old:
                del self.records[p]
        return len(old)


class AuthorityRepository(Protocol):
    async def keep(self, authority: Authority) -> None:
        """Stored unless the same or a newer version of it is (events may come again, or late)."""
        ...

    async def of_member(self, snils: str) -> Authority | None: ...


class MongoAuthorities:
    def __init__(self, mongo: Callable[[], Mongo]) -> None:
        self._mongo = mongo

    @property
    def _authorities(self) -> Any:
        return self._mongo()[AUTHORITIES]

    async def keep(self, authority: Authority) -> None:
        state = {
            "level": authority.level,
            "region": authority.region,
            "members": sorted(authority.members),
            "version": authority.version,
        }
        # Matches only an older version; else inserted — or refused: the same or a newer is kept.
        with contextlib.suppress(DuplicateKeyError):
            await self._authorities.update_one(
                {"_id": authority.id, "version": {"$lt": authority.version}},
                {"$set": state},
                upsert=True,
            )

    async def of_member(self, snils: str) -> Authority | None:
        doc = await self._authorities.find_one({"members": snils})
        if doc is None:
            return None
        return Authority(
            doc["_id"], doc["level"], doc.get("region"), frozenset(doc["members"]), doc["version"]
        )


class OrganizationRegions(Protocol):
    async def note(self, oid: str, region: str) -> None:
        """As FRMO registered it (a region does not change; a repeat changes nothing)."""
        ...

    async def region_of(self, oid: str) -> str | None: ...

    async def organizations_in(self, region: str) -> list[str]: ...


class MongoOrganizationRegions:
    def __init__(self, mongo: Callable[[], Mongo]) -> None:
        self._mongo = mongo

    async def note(self, oid: str, region: str) -> None:
        await self._mongo()[ORGANIZATIONS].update_one(
            {"_id": oid}, {"$set": {"region": region}}, upsert=True
        )

    async def region_of(self, oid: str) -> str | None:
        doc = await self._mongo()[ORGANIZATIONS].find_one({"_id": oid})
        return str(doc["region"]) if doc else None

    async def organizations_in(self, region: str) -> list[str]:
        found = self._mongo()[ORGANIZATIONS].find({"region": region}, {"_id": 1})
        return [str(doc["_id"]) async for doc in found]


class FakeOrganizationRegions:
    def __init__(self) -> None:
        self.regions: dict[str, str] = {}

    async def note(self, oid: str, region: str) -> None:
        self.regions[oid] = region

    async def region_of(self, oid: str) -> str | None:
        return self.regions.get(oid)

    async def organizations_in(self, region: str) -> list[str]:
        return [oid for oid, r in self.regions.items() if r == region]


class FakeAuthorities:
    def __init__(self) -> None:
        self.kept: dict[str, Authority] = {}

    async def keep(self, authority: Authority) -> None:
        known = self.kept.get(authority.id)
        if known is None or known.version < authority.version:
            self.kept[authority.id] = authority

    async def of_member(self, snils: str) -> Authority | None:
        return next((a for a in self.kept.values() if snils in a.members), None)


if TYPE_CHECKING:  # both adapters fit the port (mypy checks these lines)
    _mongo: type[JournalRepository] = MongoJournal
    _fake: type[JournalRepository] = FakeJournal
    _mongo_authorities: type[AuthorityRepository] = MongoAuthorities
    _fake_authorities: type[AuthorityRepository] = FakeAuthorities
    _mongo_regions: type[OrganizationRegions] = MongoOrganizationRegions
    _fake_regions: type[OrganizationRegions] = FakeOrganizationRegions
