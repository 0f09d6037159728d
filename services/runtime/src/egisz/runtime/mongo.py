"""MongoDB: client lifecycle, indexes, and the unit of work that writes state, outbox and inbox in
one transaction (docs/architecture.md, "Never lose, never double")."""

from __future__ import annotations

import asyncio
import contextvars
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from bson import ObjectId
from prometheus_client import CollectorRegistry, Counter
from pymongo import ASCENDING, AsyncMongoClient, IndexModel, monitoring
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, OperationFailure, PyMongoError

from egisz.kernel.clock import utcnow
from egisz.kernel.errors import ConcurrencyError
from egisz.runtime import mongo_receive
from egisz.runtime.handling import Handling, claim, current_handling
from egisz.runtime.ports import NotBegunError

OUTBOX = "outbox"
PROCESSED_EVENTS = "processed_events"

RUNTIME_INDEXES: dict[str, list[IndexModel]] = {
    OUTBOX: [IndexModel([("sent_at", ASCENDING), ("seq", ASCENDING)], name="pending")],
    PROCESSED_EVENTS: [IndexModel([("processed_at", ASCENDING)], name="processed_at")],
}

Document = dict[str, Any]


class Mongo:
    """One `AsyncMongoClient` per process, bound to the running event loop."""

    def __init__(
        self,
        url: str,
        database: str,
        listeners: Sequence[monitoring.CommandListener] = (),
        *,
        server_selection_seconds: float = 3.0,
    ) -> None:
        """`server_selection_seconds`: how long an operation waits for the server to answer at
        all; a service fails fast (its readiness says so), a one-off tool may wait longer."""
        mongo_receive.install()
        self.client: AsyncMongoClient[Document] = AsyncMongoClient(
            url,
            tz_aware=True,
            serverSelectionTimeoutMS=int(server_selection_seconds * 1000),
            connectTimeoutMS=3000,
            event_listeners=list(listeners),
        )
        self.db: AsyncDatabase[Document] = self.client[database]
        self._collections: dict[str, AsyncCollection[Document]] = {}

    def __getitem__(self, name: str) -> AsyncCollection[Document]:
        # One handle per collection: pymongo builds a new one per `db[name]` (measured: about a
        # millisecond of CPU per registration went into that).
        found = self._collections.get(name)
        if found is None:
            found = self._collections[name] = self.db[name]
        return found

    async def ensure_indexes(self, indexes: Mapping[str, Sequence[IndexModel]]) -> None:
        for collection, models in {**RUNTIME_INDEXES, **indexes}.items():
            if models:
                await self.db[collection].create_indexes(list(models))

    async def ping(self, timeout: float = 2.0) -> bool:
        try:
            await asyncio.wait_for(self.client.admin.command("ping"), timeout)
        except (PyMongoError, TimeoutError, OSError):
            return False
        return True

    async def close(self) -> None:
        await self.client.close()


WRITE_CONFLICT = 112
_INDEX_IN_MESSAGE = re.compile(r"index: (\S+)")


def violated_index(exc: PyMongoError) -> str | None:
    """The name of the unique index a duplicate-key error broke (from the server's details,
    or its message), so a repository maps it to a domain error by name, not by guesswork."""
    details = getattr(exc, "details", None) or {}
    errors = details.get("writeErrors") or [details]
    for error in errors:
        found = _INDEX_IN_MESSAGE.search(str(error.get("errmsg", "")))
        if found:
            return found.group(1)
    found = _INDEX_IN_MESSAGE.search(str(exc))
    return found.group(1) if found else None


@dataclass(frozen=True)
class OutgoingEvent:
    """An event on its way out: the wire body is made by the service's handlers module."""

    id: str
    subject: str
    stream: str
    body: bytes
    correlation_id: str | None = None


def outbox_row(event: OutgoingEvent, now: datetime, *, private: bool = False) -> Document:
    """An event's row in the outbox, pending until the relay marks it sent. `private`: no
    public form for other teams (an audit-journal entry names people)."""
    row: Document = {
        "_id": event.id,
        "seq": ObjectId(),
        "subject": event.subject,
        "stream": event.stream,
        "body": event.body,
        "correlation_id": event.correlation_id,
        "created_at": now,
        "sent_at": None,
    }
    if private:
        row["private"] = True
    return row


@dataclass
class ReplySlot:
    """A command with an idempotency key holds its first transaction open until its reply is
    known, so the stored reply commits together with the effect: a crash between the commit and
    the reply cannot leave an effect whose retry gets no first answer (docs/architecture.md).

    A command that commits more than one transaction (a bulk import) commits the held one when
    the next begins; its reply is then stored after the last one, as before.
    """

    held: MongoUnitOfWork | None = None
    split: bool = False
    closed: bool = False

    async def release(self) -> None:
        if self.held is not None:
            held, self.held = self.held, None
            self.split = True
            await held.commit_held()

    async def finish(self, collection: str, document: Document, mongo: Mongo) -> None:
        """Store the reply: in the held transaction, then commit both; or on its own."""
        self.closed = True
        if self.held is None:
            await mongo[collection].insert_one(document)
            return
        held, self.held = self.held, None
        try:
            await held.collection(collection).insert_one(document, session=held.session)
        except BaseException:
            await held.abandon_held()
            raise
        await held.commit_held()

    async def abandon(self) -> None:
        self.closed = True
        if self.held is not None:
            held, self.held = self.held, None
            await held.abandon_held()


reply_slot: contextvars.ContextVar[ReplySlot | None] = contextvars.ContextVar(
    "egisz_reply_slot", default=None
)


@dataclass
class MongoUnitOfWork:
    """Opens a transaction; `commit()` writes queued outbox events and the inbox mark with it.
    Entered through `reading_first()`, the transaction begins at `begin()` instead, and the
    reads before it run outside any transaction (see the port, `runtime/ports.py`).

    Every write inside must pass `session=self.session` (docs/stack.md, pitfall 15).
    """

    mongo: Mongo
    # After a commit that queued events: they go to the relay at once (no outbox read).
    on_commit: Callable[[list[OutgoingEvent]], None] | None = None
    session: AsyncClientSession = field(init=False)
    _events: list[OutgoingEvent] = field(default_factory=list, init=False)
    _held: bool = field(default=False, init=False)
    _reading_first: bool = field(default=False, init=False)

    def reading_first(self) -> Self:
        self._reading_first = True
        return self

    async def __aenter__(self) -> Self:
        slot = reply_slot.get()
        if slot is not None and not slot.closed:
            await slot.release()  # a second transaction sees the first one's writes
        self.session = self.mongo.client.start_session()
        if not self._reading_first:
            await self.session.start_transaction()
        return self

    async def begin(self) -> None:
        if not self.session.in_transaction:
            await self.session.start_transaction()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._reading_first = False
        if self._held:
            return  # the reply slot commits or aborts it
        try:
            if self.session.in_transaction:
                await self.session.abort_transaction()
        finally:
            await self.session.end_session()
        if isinstance(exc, OperationFailure) and exc.code == WRITE_CONFLICT:
            # Another transaction wrote the same document first: the caller's to retry.
            raise ConcurrencyError() from exc

    def collection(self, name: str) -> AsyncCollection[Document]:
        return self.mongo[name]

    def publish(self, *events: OutgoingEvent) -> None:
        self._events.extend(events)

    async def commit(self) -> None:
        if self._reading_first and not self.session.in_transaction:
            raise NotBegunError()
        now = utcnow()
        event = current_handling()
        if event is not None and not await self._mark(event, now):
            return  # handled by another delivery: `__aexit__` rolls this one back
        rows = [outbox_row(e, now) for e in self._events]
        if len(rows) == 1:  # most commits: pymongo's bulk path costs more CPU for one document
            await self.collection(OUTBOX).insert_one(rows[0], session=self.session)
        elif rows:
            await self.collection(OUTBOX).insert_many(rows, session=self.session)
        slot = reply_slot.get()
        if slot is not None and not slot.closed and not slot.split and slot.held is None:
            self._held = True
            slot.held = self
            return
        await self.session.commit_transaction()
        if event is not None:
            event.done = True
        if self._events and self.on_commit is not None:
            self.on_commit(self._events)

    async def _mark(self, event: Handling, now: datetime) -> bool:
        """The event's inbox mark, in this transaction: False when it is there already (the
        unique key refuses it), and nothing of this transaction may then be kept."""
        claim(event)
        try:
            await self.collection(PROCESSED_EVENTS).insert_one(
                {"_id": event.key, "processed_at": now}, session=self.session
            )
        except DuplicateKeyError:
            event.done = True
            self._events.clear()
            return False
        return True

    async def commit_held(self) -> None:
        try:
            await self.session.commit_transaction()
        except OperationFailure as exc:
            if exc.code == WRITE_CONFLICT:
                raise ConcurrencyError() from exc
            raise
        finally:
            await self.session.end_session()
        if self._events and self.on_commit is not None:
            self.on_commit(self._events)

    async def abandon_held(self) -> None:
        try:
            if self.session.in_transaction:
                await self.session.abort_transaction()
        finally:
            await self.session.end_session()


async def save_versioned(
    collection: AsyncCollection[Document],
    document: Document,
    expected_version: int,
    *,
    session: AsyncClientSession,
) -> int:
    """Insert (expected 0) or replace the document only if its stored version is the expected one.

    Returns the new version; a stale write raises `ConcurrencyError` so the caller retries.
    """
    new_version = expected_version + 1
    body = {**document, "version": new_version}
    if expected_version == 0:
        await collection.insert_one(body, session=session)  # a taken id raises DuplicateKeyError
        return new_version
    result = await collection.replace_one(
        {"_id": document["_id"], "version": expected_version}, body, session=session
    )
    if result.matched_count == 0:
        raise ConcurrencyError()
    return new_version


class AggregateUnitOfWork:
    """Base of a service's Mongo unit of work.

    Subclasses open their repositories in `open_repositories()`; repositories call `track()` with
    every aggregate they save, and `commit()` turns the events those aggregates recorded into
    outbox entries written in the same transaction (cosmicpython's "collect new events").
    """

    def __init__(self, base: MongoUnitOfWork, to_wire: Callable[[Any], OutgoingEvent]) -> None:
        self.base = base
        self._to_wire = to_wire
        self._seen: list[Any] = []

    def open_repositories(self) -> None:
        raise NotImplementedError

    def reading_first(self) -> Self:
        self.base.reading_first()
        return self

    async def begin(self) -> None:
        await self.base.begin()

    async def __aenter__(self) -> Self:
        await self.base.__aenter__()
        self._seen = []
        self.open_repositories()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.base.__aexit__(exc_type, exc, tb)

    def track(self, aggregate: Any) -> None:
        self._seen.append(aggregate)

    async def commit(self) -> None:
        for aggregate in self._seen:
            self.base.publish(*(self._to_wire(ev) for ev in aggregate.events))
            aggregate.events.clear()
        await self.base.commit()


class CommandCounter(monitoring.CommandListener):
    """Every database round trip, by command and outcome (`egisz_mongo_commands_total`): what a
    command or an event costs in trips is read off `/metrics`, not guessed."""

    def __init__(self, service: str, registry: CollectorRegistry) -> None:
        self._service = service
        self._count = Counter(
            "egisz_mongo_commands_total",
            "Database commands sent, by command name and outcome",
            ["service", "command", "outcome"],
            registry=registry,
        )

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        pass

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self._count.labels(self._service, event.command_name, "ok").inc()

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._count.labels(self._service, event.command_name, "failed").inc()
