"""The facts in DuckDB, the reporting service's own database: a file the service alone opens
(`REPORTING_FACTS_PATH`), or memory in tests. Writes are upserts that keep the newer version of
each fact, so a redelivered, reordered or replayed event changes nothing it should not; reports
are SQL over the facts as of a day (docs/reporting.md). DuckDB blocks: the async `Facts` runs each
call in a thread, writes one at a time."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from egisz.reporting.domain.audience import Scope
from egisz.reporting.domain.facts import (
    AccreditationFact,
    Fact,
    JobFact,
    NameFact,
    OrganizationFact,
    PersonFact,
    PostFact,
    latest,
)
from egisz.reporting.domain.figures import (
    AGE_BANDS,
    AgeBand,
    MovementMonth,
    Occupancy,
    ReasonCount,
    Structure,
)
from egisz.reporting.report_sql import (
    AT_RISK_SQL,
    MOVEMENT_SQL,
    REASONS_SQL,
    STRUCTURE_SQL,
    occupancy_sql,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS organizations (
    oid VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, region VARCHAR, inn VARCHAR,
    ogrn VARCHAR);
CREATE TABLE IF NOT EXISTS practitioner_names (
    worker_id VARCHAR PRIMARY KEY, last_name VARCHAR NOT NULL, first_name VARCHAR NOT NULL,
    middle_name VARCHAR, version BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS people (
    worker_id VARCHAR PRIMARY KEY, birth_date DATE NOT NULL, sex VARCHAR, version BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    employment_id VARCHAR PRIMARY KEY, worker_id VARCHAR NOT NULL, version BIGINT NOT NULL,
    organization_oid VARCHAR, subdivision_oid VARCHAR, position_code VARCHAR, position VARCHAR,
    rate DECIMAL(9, 2) NOT NULL, start_date DATE, end_date DATE, reason_code VARCHAR,
    reason VARCHAR, annulled BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
    line_id VARCHAR PRIMARY KEY, organization_oid VARCHAR NOT NULL,
    subdivision_oid VARCHAR NOT NULL, position_code VARCHAR NOT NULL, position VARCHAR NOT NULL,
    fte DECIMAL(9, 2) NOT NULL, effective_from DATE NOT NULL, recorded_at TIMESTAMPTZ NOT NULL);
CREATE TABLE IF NOT EXISTS accreditations (
    record_id VARCHAR PRIMARY KEY, worker_id VARCHAR NOT NULL, speciality_code VARCHAR,
    speciality VARCHAR NOT NULL, passed_on DATE NOT NULL, valid_until DATE NOT NULL,
    version BIGINT NOT NULL);
"""


def _upsert(table: str, key: str, columns: Sequence[str], newer: str | None) -> str:
    """An insert that, on the key's conflict, takes the new row only when it is newer."""
    names = ", ".join(columns)
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    where = f" WHERE {newer}" if newer else ""
    return (
        f"INSERT INTO {table} ({names}) SELECT {names} FROM batch "
        f"ON CONFLICT ({key}) DO UPDATE SET {sets}{where}"
    )


_JOB_COLUMNS = (
    *("employment_id", "worker_id", "version", "organization_oid", "subdivision_oid"),
    *("position_code", "position", "rate", "start_date", "end_date", "reason_code", "reason"),
    "annulled",
)
_PERSON_COLUMNS = ("worker_id", "birth_date", "sex", "version")
_NAME_COLUMNS = ("worker_id", "last_name", "first_name", "middle_name", "version")
_POST_COLUMNS = (
    *("line_id", "organization_oid", "subdivision_oid", "position_code", "position", "fte"),
    *("effective_from", "recorded_at"),
)
_ACCREDITATION_COLUMNS = (
    *("record_id", "worker_id", "speciality_code", "speciality", "passed_on", "valid_until"),
    "version",
)
_WRITES: dict[type, tuple[str, Sequence[str]]] = {
    # An organization's name changes; its type and region stay as first said.
    OrganizationFact: (
        "INSERT INTO organizations (oid, name, type, region, inn, ogrn) SELECT * FROM batch "
        "ON CONFLICT (oid) DO UPDATE SET name = coalesce(excluded.name, organizations.name), "
        "type = coalesce(organizations.type, excluded.type), "
        "region = coalesce(organizations.region, excluded.region), "
        "inn = coalesce(organizations.inn, excluded.inn), "
        "ogrn = coalesce(organizations.ogrn, excluded.ogrn)",
        ("oid", "name", "type", "region", "inn", "ogrn"),
    ),
    NameFact: (
        _upsert(
            "practitioner_names",
            "worker_id",
            _NAME_COLUMNS,
            "excluded.version > practitioner_names.version",
        ),
        _NAME_COLUMNS,
    ),
    PersonFact: (
        _upsert("people", "worker_id", _PERSON_COLUMNS, "excluded.version > people.version"),
        _PERSON_COLUMNS,
    ),
    JobFact: (
        _upsert("jobs", "employment_id", _JOB_COLUMNS, "excluded.version > jobs.version"),
        _JOB_COLUMNS,
    ),
    PostFact: (
        f"INSERT INTO posts ({', '.join(_POST_COLUMNS)}) SELECT * FROM batch "
        "ON CONFLICT (line_id) DO NOTHING",
        _POST_COLUMNS,
    ),
    AccreditationFact: (
        _upsert(
            "accreditations",
            "record_id",
            _ACCREDITATION_COLUMNS,
            "excluded.version >= accreditations.version",
        ),
        _ACCREDITATION_COLUMNS,
    ),
}


def _scope_params(scope: Scope) -> dict[str, Any]:
    return {"region": scope.region, "org": scope.organization_oid}


def _month_after(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


class FactsStore:
    """One DuckDB database of facts; blocking calls (see `Facts` for the async face)."""

    def __init__(
        self, path: Path | str = ":memory:", *, memory_limit: str | None = None, threads: int = 0
    ) -> None:
        """`memory_limit` (DuckDB's, e.g. `1GB`; spills to disk past it) and `threads` (0:
        one per core) bound what a report may take of the machine."""
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        config: dict[str, Any] = {"memory_limit": memory_limit} if memory_limit else {}
        if threads:
            config["threads"] = threads
        self._db = duckdb.connect(self.path, config=config)
        self._db.execute(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def apply(self, facts: Sequence[Fact]) -> None:
        """Write the facts in one transaction (a batch of a replay, or one event's): each kind
        as one Arrow table upserted at once, its versions within the batch merged first (one
        statement may not change a row twice)."""
        if not facts:
            return
        by_kind: dict[type, list[Fact]] = {}
        for fact in latest(list(facts)):
            by_kind.setdefault(type(fact), []).append(fact)
        db = self._db.cursor()
        try:
            db.execute("BEGIN TRANSACTION")
            for kind, found in by_kind.items():
                sql, columns = _WRITES[kind]
                batch = pa.table({c: [getattr(f, c) for f in found] for c in columns})
                db.register("batch", batch)
                db.execute(sql)
                db.unregister("batch")
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):  # a failed COMMIT has none left to undo
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    def region_of(self, oid: str) -> str | None:
        found = self._query("SELECT region FROM organizations WHERE oid = ?", [oid])
        return found[0][0] if found else None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own to the facts (the open-data writer's), closed by its user."""
        return self._db.cursor()

    def name_of(self, oid: str) -> str | None:
        found = self._query("SELECT name FROM organizations WHERE oid = ?", [oid])
        return found[0][0] if found else None

    def counts(self) -> dict[str, int]:
        tables = ("organizations", "people", "jobs", "posts", "accreditations")
        return {t: self._query(f"SELECT count(*) FROM {t}")[0][0] for t in tables}

    def occupancy(self, on: date, by: str, scope: Scope) -> tuple[list[Occupancy], Occupancy]:
        rows = self._query(occupancy_sql(by), {"on": on, **_scope_params(scope)})
        figures = [
            Occupancy(key, name, staffed, Decimal(occupied), vacant, int(heads))
            for key, name, staffed, occupied, vacant, heads, _ in rows
        ]
        return figures[:-1], figures[-1]

    def movement(self, first: date, last: date, scope: Scope) -> list[MovementMonth]:
        params = {"from_month": first, "until_month": _month_after(last), **_scope_params(scope)}
        reasons: dict[date, list[ReasonCount]] = {}
        for month, code, reason, n in self._query(REASONS_SQL, params):
            reasons.setdefault(month, []).append(ReasonCount(code, reason, n))
        return [
            MovementMonth(month, hires, dismissals, tuple(reasons.get(month, ())), mi, mo, heads)
            for month, hires, dismissals, mi, mo, heads in self._query(MOVEMENT_SQL, params)
        ]

    def structure(self, on: date, scope: Scope) -> Structure:
        params = {"on": on, **_scope_params(scope)}
        cells: dict[tuple[str, str | None], int] = {}
        for age, sex, n in self._query(STRUCTURE_SQL, params):
            band = next(b for low, high, b in AGE_BANDS if low <= max(age, 0) <= high)
            cells[band, sex] = cells.get((band, sex), 0) + n
        bands = tuple(
            AgeBand(
                b, cells.get((b, "male"), 0), cells.get((b, "female"), 0), cells.get((b, None), 0)
            )
            for _, _, b in AGE_BANDS
        )
        six, twelve, heads = self._query(AT_RISK_SQL, params)[0]
        return Structure(heads, bands, six, twelve)

    def _query(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        db = self._db.cursor()  # a cursor of its own: reads run beside a write
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()


# The writer waits this long for the rest of a pull batch before its transaction: a fetch's
# events are handled at once but reach `apply` as their inbox look-ups come back, a few
# milliseconds apart, and without the wait one batch took several transactions.
GROUP_COMMIT_LINGER_SECONDS = 0.02


class Facts:
    """The async face of the store the handlers and use cases hold. A rebuild gives it a fresh
    store that hears every live write too (`shadow`), then switches to it: writes are one at a
    time, and the switch waits for the reads in flight on the old store.

    Events handled at once are written together (group commit): each `apply` waits for the
    transaction that carries its facts, so an event is acknowledged only once they are kept,
    and a pull batch of events costs one transaction instead of one each."""

    def __init__(
        self, path: Path | str = ":memory:", *, memory_limit: str | None = None, threads: int = 0
    ) -> None:
        self.path = str(path)
        self._limits: dict[str, Any] = {"memory_limit": memory_limit, "threads": threads}
        self._store: FactsStore | None = None  # opened at first use, in the running service
        self.shadow: FactsStore | None = None
        self._write = threading.RLock()
        self._waiting: list[tuple[list[Fact], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._readers = 0
        self._no_readers = threading.Condition()

    @property
    def store(self) -> FactsStore:
        with self._write:
            if self._store is None:
                self._store = FactsStore(self.path, **self._limits)
            return self._store

    @property
    def on_disk(self) -> bool:
        return self.path != ":memory:"

    async def apply(self, facts: Sequence[Fact]) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((list(facts), done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting(), name="facts-writer")
        await done

    async def _write_waiting(self) -> None:
        await asyncio.sleep(GROUP_COMMIT_LINGER_SECONDS)
        while self._waiting:
            batch, self._waiting = self._waiting, []
            if not await self._written(batch, alone=len(batch) == 1):
                for one in batch:  # apart: one event's bad facts fail that event only
                    await self._written([one], alone=True)

    async def _written(
        self, batch: list[tuple[list[Fact], asyncio.Future[None]]], *, alone: bool
    ) -> bool:
        """Write the batch in one transaction and tell its waiters; False: it failed and is
        not `alone`, so nobody was told."""
        try:
            await asyncio.to_thread(self._apply, [f for facts, _ in batch for f in facts])
        except Exception as exc:
            if not alone:
                return False
            for _, done in batch:
                if not done.done():
                    done.set_exception(exc)
            return True
        for _, done in batch:
            if not done.done():
                done.set_result(None)
        return True

    def _apply(self, facts: list[Fact]) -> None:
        with self._write:
            self.store.apply(facts)
            if self.shadow is not None:
                self.shadow.apply(facts)

    def replay_into(self, fresh: FactsStore, facts: Sequence[Fact]) -> None:
        """A rebuild's batch into its fresh store, between live writes: two transactions at
        once that change the same row conflict in DuckDB, and the rebuild would fail."""
        with self._write:
            fresh.apply(facts)

    async def read(self, call: Any, *args: Any) -> Any:
        """`call(store, *args)` on the store in use, in a thread."""
        return await asyncio.to_thread(self._read, call, *args)

    def _read(self, call: Any, *args: Any) -> Any:
        with self._write:  # not while a switch is under way
            store = self.store
            with self._no_readers:
                self._readers += 1
        try:
            return call(store, *args)
        finally:
            with self._no_readers:
                self._readers -= 1
                self._no_readers.notify_all()

    def fresh_store(self) -> FactsStore:
        """An empty store beside the one in use, for a rebuild."""
        if not self.on_disk:
            return FactsStore(**self._limits)
        path = Path(self.path + ".next")
        for old in (path, Path(f"{path}.wal")):
            old.unlink(missing_ok=True)
        return FactsStore(path, **self._limits)

    def switch_to(self, fresh: FactsStore) -> None:
        """The rebuilt store replaces the one in use (on disk: its file takes the old one's
        name, so a restart opens it)."""
        with self._write:
            with self._no_readers:
                self._no_readers.wait_for(lambda: self._readers == 0)
            old, self.shadow = self.store, None
            old.close()
            if self.on_disk:
                fresh.close()
                Path(fresh.path).replace(self.path)
                Path(f"{self.path}.wal").unlink(missing_ok=True)
                fresh = FactsStore(self.path, **self._limits)
            self._store = fresh

    def close(self) -> None:
        with self._write:
            for store in (self._store, self.shadow):
                if store is not None:
                    store.close()
            self._store = self.shadow = None

    def drop_shadow(self) -> None:
        with self._write:
            shadow, self.shadow = self.shadow, None
        if shadow is not None:
            shadow.close()
