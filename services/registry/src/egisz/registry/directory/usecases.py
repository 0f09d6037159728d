"""The directory's use cases: refresh the resources of a register's record (on its events, and
on the day a record reads otherwise), search, read a resource or one of its versions, and
follow a history. The register is the truth; the directory is what its records make of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from egisz.registry.directory.domain.errors import (
    ResourceGoneError,
    ResourceNotFoundError,
    SearchParameterError,
)
from egisz.registry.directory.domain.people import of_worker
from egisz.registry.directory.domain.places import of_organization
from egisz.registry.directory.domain.query import Criterion, Query
from egisz.registry.directory.domain.records import Version, changes, rescheduled
from egisz.registry.directory.repository import DirectoryReader, order_of
from egisz.registry.repository import RegistryUnitOfWork

SEARCH_SCAN = 2_000  # records read for one page at most: a common word cannot make a call slow
INCLUDED_MAX = 500  # resources `_include`/`_revinclude` add to one page at most
TOTAL_BATCH = 1_000
TOTAL_SCAN = 20_000


def worker_source(worker_id: str) -> str:
    return f"worker:{worker_id}"


def organization_source(oid: str) -> str:
    return f"organization:{oid}"


def now_ms() -> datetime:
    """Now, to the millisecond a database keeps."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


async def refresh(uow: RegistryUnitOfWork, source: str, *, now: datetime | None = None) -> int:
    """Write the versions `source`'s record makes differ from what the directory holds; the
    number written (0: nothing changed — a redelivered event, an edit the directory does not
    show)."""
    now = now or now_ms()
    kind, _, id = source.partition(":")
    async with uow:
        if kind == "worker":
            worker = await uow.workers.get(id)
            made = of_worker(worker, now.date()) if worker else []
        else:
            organization = await uow.organizations.get(id)
            made = of_organization(organization, now.date()) if organization else []
        held = await uow.directory.latest_of(source)
        written = changes(source, made, held, now)
        await uow.directory.write(written)
        await uow.directory.reschedule(rescheduled(made, held))
        await uow.commit()
    return len(written)


@dataclass(frozen=True)
class Page:
    matches: list[Version]
    included: list[Version]
    next_cursor: str | None
    total: int | None


async def search(reader: DirectoryReader, query: Query) -> Page:
    """One page of matches by id, at most `SEARCH_SCAN` records read for it (a page may then
    hold fewer than asked, with a `next` link), and what it includes. One match past the page
    says a next page exists: where the index decides the search alone, the page costs exactly
    its own records and one more."""
    driver = query.driver()
    parameter, values = (driver.parameter, driver.lookup() or []) if driver else (None, [])
    found: list[Version] = []
    after, read, want = query.cursor, 0, query.count + 1
    while query.count and len(found) <= query.count and read < SEARCH_SCAN:
        want = min(want, SEARCH_SCAN - read)
        batch = await reader.candidates(query.type, parameter, values, after, want)
        read += len(batch)
        for v in batch:
            after = v.id
            if query.holds(v):
                found.append(v)
                if len(found) > query.count:
                    break
        if len(batch) < want:
            break  # read to the end
        want *= 4  # the rest did not hold: read further, more at a time
    more = len(found) > query.count or (read >= SEARCH_SCAN and after is not None)
    page = found[: query.count]
    cursor = (page[-1].id if len(found) > query.count and page else after) if more else None
    total = await count(reader, query) if query.total else None
    return Page(page, await included(reader, query, page), cursor, total)


async def count(reader: DirectoryReader, query: Query) -> int | None:
    """Every match: counted by the index where it decides the search alone, else read through
    it — at most `TOTAL_SCAN` records, past which no total is given (FHIR's `total` is
    optional; a client's `_summary=count` must not make the registry read the whole directory)."""
    driver = query.driver()
    parameter, values = (driver.parameter, driver.lookup() or []) if driver else (None, [])
    decided = driver is None or all(len(alt) == 1 for alt in driver.any_of)
    if decided and len(query.criteria) <= (1 if driver else 0):
        return await reader.tally(query.type, parameter, values)
    total, after, read = 0, None, 0
    while read < TOTAL_SCAN:
        batch = await reader.candidates(query.type, parameter, values, after, TOTAL_BATCH)
        read += len(batch)
        total += sum(1 for v in batch if query.holds(v))
        if len(batch) < TOTAL_BATCH:
            return total
        after = batch[-1].id
    return None


async def included(reader: DirectoryReader, query: Query, found: list[Version]) -> list[Version]:
    """`_include`: what the matches refer to; `_revinclude`: what refers to them."""
    out: dict[str, Version] = {}
    for inc in query.include:
        ids = list(dict.fromkeys(i for v in found for i in v.keys.get(inc.parameter, [])))
        if ids:
            got = await reader.candidates(inc.target, "_id", ids, None, INCLUDED_MAX)
            out.update((v.key, v) for v in got if not v.gone)
    for inc in query.revinclude:
        ids = [v.id for v in found]
        if ids:
            got = await reader.candidates(inc.source, inc.parameter, ids, None, INCLUDED_MAX)
            out.update((v.key, v) for v in got if not v.gone)
    matched = {v.key for v in found}
    return [v for key, v in out.items() if key not in matched]


def with_ids(query: Query, ids: list[str]) -> Query:
    """The query narrowed to resources by id (a SNILS found the one person it names)."""
    return replace(
        query, criteria=(*query.criteria, Criterion("_id", tuple(frozenset([i]) for i in ids)))
    )


async def read(reader: DirectoryReader, type: str, id: str, version: int | None) -> Version:
    """The resource as it is now, or one of its versions; gone: 410 (the history stays)."""
    found = await (reader.version(type, id, version) if version else reader.latest(type, id))
    if found is None:
        raise ResourceNotFoundError(
            f"{type}/{id}" + (f" версии {version}" if version else "") + " нет в справочнике"
        )
    if found.gone and version is None:
        raise ResourceGoneError()
    return found


@dataclass(frozen=True)
class History:
    versions: list[Version]
    as_of: datetime  # every version up to here is in this history (and the pages after it)
    next_cursor: str | None


SETTLE = timedelta(seconds=2)  # a version's instant is taken just before its transaction commits


async def history(
    reader: DirectoryReader,
    type: str | None,
    id: str | None,
    *,
    since: datetime | None,
    count: int,
    cursor: str | None,
    now: datetime | None = None,
) -> History:
    """Newest first, up to an instant `SETTLE` ago (a version still committing is never
    skipped by a sync that starts from this history's `as_of`); the cursor keeps that instant,
    so later pages hold still."""
    if cursor is not None:
        as_of, before = _cursor(cursor)
    else:
        as_of = (now or datetime.now(UTC)) - (SETTLE if id is None else timedelta(0))
        before = _bound(as_of)
    versions = await reader.history(type, id, since, before, count + 1)
    more = len(versions) > count
    versions = versions[:count]
    next_cursor = f"{as_of.isoformat()}~{order_of(versions[-1])}" if more else None
    return History(versions, as_of, next_cursor)


def _cursor(cursor: str) -> tuple[datetime, str]:
    as_of_text, _, before = cursor.partition("~")
    try:
        as_of = datetime.fromisoformat(as_of_text)
    except ValueError:
        as_of = None
    if as_of is None or as_of.tzinfo is None or "|" not in before:
        raise SearchParameterError("_cursor", "_cursor — из ссылки next предыдущей страницы")
    return as_of, before


def _bound(as_of: datetime) -> str:
    """The `order` just past every version at or before `as_of`."""
    return order_of(Version("", "", 0, as_of, "PUT", "", None)).split("|", 1)[0] + "|~"


async def refresh_due(
    units: Callable[[], RegistryUnitOfWork], reader: DirectoryReader, today: date
) -> int:
    """Refresh every record whose resources read otherwise from `today` on (a job began or
    ended, a licence lapsed, a subdivision closed): the versions written."""
    written = 0
    while sources := await reader.due(today, 200):
        for source in sources:
            written += await refresh(units(), source)
    return written
