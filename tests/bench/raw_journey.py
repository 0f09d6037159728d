"""The raw baseline of the whole journey: plain nats-py + pymongo (and DuckDB for reporting), no
framework, in six processes as the system runs in six services, doing the same writes, reads and
publishes the services do for one registration (counted from the database's profiler, 2026-12-07),
into collections with the services' own indexes (their declarations imported) and documents
holding the fields those indexes read, so each write makes the same index entries (69 a
registration, arrays not counted; the directory's word starts included) — without them the raw
wrote half as many, and SecantusDB keeps every index entry in one table.

- `register`: a core NATS responder. Per request: the grant, the names born that day and the
  idempotency look-ups; one transaction inserting the worker, its outbox row and the stored answer;
  the audit journal's entry published to JetStream ahead of the answer, its ack followed in the
  background (those of requests answered while one is unacknowledged together in the next
  message once it is acknowledged, as the services' journal does); the answer; the event
  published and its outbox row marked sent (in batches, as the relay does). In the same process,
  the directory's durable consumer: per event the processed look-up, then one transaction: the
  worker read, the directory's current entry looked up, the entry, its version and the processed
  mark inserted.
- Every durable pull consumer takes 16 messages at a time and handles them together; per event it
  first looks up the processed mark (the services' inbox check), then:
- `portfolio`: one transaction: the processed mark, the look-up of the worker's portfolio, the
  portfolio and its outbox row; the ack; the event published and marked.
- `accreditation`: one transaction: the processed mark, the look-up, the applicant (an upsert).
- `notify`: one transaction: the mailbox looked up and inserted, the notification looked up
  (once per event, recipient and kind) and inserted, the mailbox updated (what it was told), the
  review reminder's group and the reminder looked up and the reminder inserted, the processed mark
  and the notification's outbox row; the ack; the event published and marked.
- `audit`: per message the look-up of its record, then each entry in it inserted with its link of
  the hash chain.
- `reporting`: the person's facts (birth date, name: two tables, as the service keeps them)
  upserted into a DuckDB file, the events fetched together in one
  transaction (the service's group commit), each event acknowledged once they are kept.

Each process runs on uvloop, as the services do.

    python tests/bench/raw_journey.py ROLE NATS_URL MONGO_URL
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field as dataclass_field
from datetime import UTC, datetime
from typing import Any

import duckdb
import nats
import pyarrow as pa
import uvloop
from nats.js.api import AckPolicy, ConsumerConfig
from nats.js.errors import FetchTimeoutError
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from egisz.accreditation.repository import APPLICANTS, INDEXES as ACCREDITATION_INDEXES
from egisz.audit.repository import INDEXES as AUDIT_INDEXES, JOURNAL as JOURNAL_RECORDS
from egisz.notify.repository import INDEXES as NOTIFY_INDEXES, MAILBOXES, NOTIFICATIONS, REMINDERS
from egisz.portfolio.repository import INDEXES as PORTFOLIO_INDEXES, PORTFOLIOS
from egisz.registry.directory.domain import keys
from egisz.registry.directory.repository import CURRENT, DIRECTORY_INDEXES, VERSIONS
from egisz.registry.storage import INDEXES as REGISTRY_INDEXES, WORKERS
from egisz.runtime.idempotency import IDEMPOTENCY
from egisz.runtime.mongo import OUTBOX, RUNTIME_INDEXES
from egisz.runtime.retention import RETENTION_INDEXES

REQUEST_SUBJECT = "bench.raw.journey.register"
STREAM = "BENCH_RAW_JOURNEY"
REGISTERED = "bench.rawj.worker.registered"
JOURNAL = "bench.rawj.journal.entry"
ROLES = ("register", "portfolio", "accreditation", "notify", "audit", "reporting")
DB = "bench_raw_journey"
ORG = "1.2.643.5.1.13.13.12.2.77.4242"  # the officer's, as the journey's
OFFICER = "12345678964"


PERSONAL = frozenset({"snils", "last_name", "first_name", "birth_date"})


def public_copy(subject: str, body: bytes) -> tuple[str, bytes]:
    """An event's form for other teams: on `….pub.…`, its data without personal data."""
    data = {k: v for k, v in json.loads(body).items() if k not in PERSONAL}
    return subject.replace("bench.rawj.", "bench.rawj.pub.", 1), json.dumps(data).encode()


class Relay:
    """Publishes committed events and their public copies with their acks awaited together, then
    marks them sent with one write per batch of up to 100 — what the services' outbox relay does."""

    def __init__(self, js: Any, outbox: Any) -> None:
        self.js, self.outbox = js, outbox
        self.queue: asyncio.Queue[tuple[str, str, bytes]] = asyncio.Queue()

    def hand(self, row_id: str, subject: str, body: bytes) -> None:
        self.queue.put_nowait((row_id, subject, body))

    async def run(self) -> None:
        while True:
            batch = [await self.queue.get()]
            while len(batch) < 100 and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            sends = []
            for i, s, b in batch:
                sends.append(self.js.publish(s, b, headers={"Nats-Msg-Id": i}))
                public, copy = public_copy(s, b)
                sends.append(self.js.publish(public, copy, headers={"Nats-Msg-Id": f"{i}.public"}))
            await asyncio.gather(*sends)
            await self.outbox.update_many(
                {"_id": {"$in": [i for i, _, _ in batch]}},
                {"$set": {"sent_at": datetime.now(UTC)}},
            )


class Journal:
    """The services' journal: an entry goes at once when none is unacknowledged, its caller
    answered once it is sent (the ack followed in the background); those that come while one is
    unacknowledged go together once it is acknowledged, each caller answered when its message
    is sent."""

    def __init__(self, js: Any) -> None:
        self.js = js
        self.waiting: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self.sender: asyncio.Task[None] | None = None
        self.last: asyncio.Future[Any] | None = None  # the last message's ack

    @staticmethod
    def body(entries: list[dict[str, Any]]) -> bytes:
        return json.dumps({"id": uuid.uuid4().hex, "entries": entries}).encode()

    def _idle(self) -> bool:
        return (self.last is None or self.last.done()) and (
            self.sender is None or self.sender.done()
        )

    async def record(self, entry: dict[str, Any]) -> None:
        if self._idle():
            self.last = await self.js.publish_async(JOURNAL, self.body([entry]))
            return
        sent = asyncio.get_running_loop().create_future()
        self.waiting.append((entry, sent))
        if self.sender is None or self.sender.done():
            self.sender = asyncio.create_task(self.send())
        await sent

    async def send(self) -> None:
        while self.waiting:
            if self.last is not None and not self.last.done():
                await asyncio.wait({self.last})
            batch, self.waiting = self.waiting[:64], self.waiting[64:]
            self.last = await self.js.publish_async(JOURNAL, self.body([e for e, _ in batch]))
            for _, sent in batch:
                sent.set_result(None)


async def transact(mongo: AsyncMongoClient[dict[str, Any]], write: Any) -> Any:
    """One transaction, run again after a pause (20 ms doubling up to 1 s) while it fails
    transiently — the services' retry. pymongo's `with_transaction` retries at once, which under
    32 writers at a time keeps SecantusDB busy with conflicts."""
    pause = 0.02
    while True:
        try:
            async with mongo.start_session() as session, await session.start_transaction():
                return await write(session)
        except PyMongoError as exc:
            if not exc.has_error_label("TransientTransactionError"):
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, 1.0)


# The collections' indexes are the services' own (their declarations imported): each insert
# writes the same index entries as the service's, the directory's word starts included.
SAME_INDEXES = {
    "workers": REGISTRY_INDEXES[WORKERS],
    "directory": DIRECTORY_INDEXES[CURRENT],
    "directory_versions": DIRECTORY_INDEXES[VERSIONS],
    "answers": RETENTION_INDEXES[IDEMPOTENCY],
    "outbox": RUNTIME_INDEXES[OUTBOX],
    "portfolios": PORTFOLIO_INDEXES[PORTFOLIOS],
    "applicants": ACCREDITATION_INDEXES[APPLICANTS],
    "mailboxes": NOTIFY_INDEXES[MAILBOXES],
    "notifications": NOTIFY_INDEXES[NOTIFICATIONS],
    "reminders": NOTIFY_INDEXES[REMINDERS],
    "journal": AUDIT_INDEXES[JOURNAL_RECORDS],
}


async def _indexes(db: AsyncDatabase[dict[str, Any]]) -> None:
    for name, indexes in SAME_INDEXES.items():
        await db[name].create_indexes(indexes)
    await db["processed"].create_index([("consumer", 1), ("event_id", 1)], unique=True)


async def processed(db: Any, role: str, event_id: str) -> bool:
    """The services' inbox check, made before the event's transaction."""
    return await db["processed"].find_one({"consumer": role, "event_id": event_id}) is not None


async def mark(db: Any, role: str, event_id: str, session: Any) -> None:
    await db["processed"].insert_one(
        {"consumer": role, "event_id": event_id, "at": datetime.now(UTC)}, session=session
    )


async def pull(
    js: Any, subject: str, durable: str, handle: Callable[[list[Any]], Awaitable[None]]
) -> None:
    """A durable pull consumer: 16 messages at a time, handed over together."""
    sub = await js.pull_subscribe(
        subject,
        durable=durable,
        stream=STREAM,
        config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, max_deliver=5, ack_wait=30),
    )
    while True:
        try:
            batch = await sub.fetch(16, timeout=1.0)
        except (FetchTimeoutError, TimeoutError):
            continue
        try:
            await handle(batch)
        except Exception as exc:  # redelivered after ack_wait, as the services' would be
            print(f"raw {durable}: {exc!r}", file=sys.stderr, flush=True)


def each(handle: Callable[[Any], Awaitable[None]]) -> Callable[[list[Any]], Awaitable[None]]:
    async def together(batch: list[Any]) -> None:
        for failed in await asyncio.gather(*(handle(m) for m in batch), return_exceptions=True):
            if failed is not None:
                print(f"raw: {failed!r}", file=sys.stderr, flush=True)

    return together


async def serve_register(mongo: AsyncMongoClient[dict[str, Any]], db: Any, nc: Any) -> None:
    js = nc.jetstream()
    relay = Relay(js, db["outbox"])
    journal = Journal(js)
    await db["grants"].update_one({"_id": "org"}, {"$set": {"officers": []}}, upsert=True)

    async def handle(msg: Any) -> None:
        body = json.loads(msg.data)
        await db["grants"].find_one({"_id": "org"})
        # those born the same day, whose names the registry compares (likely duplicates)
        born = {"personal.birth_date": body["birth_date"]}
        await db["workers"].find(born, {"_id": 1, "personal.name": 1}).to_list()
        await db["answers"].find_one({"_id": body["key"]})
        worker_id, now = uuid.uuid4().hex, datetime.now(UTC)
        told = ("snils", "last_name", "first_name", "birth_date")
        event = json.dumps({"worker_id": worker_id, **{k: body[k] for k in told}}).encode()
        answer = json.dumps({"ok": True, "result": {"worker_id": worker_id}}).encode()

        async def write(session: Any) -> None:
            await db["workers"].insert_one(worker_document(worker_id, body, now), session=session)
            await db["outbox"].insert_one(
                {"_id": worker_id, "subject": REGISTERED, "body": event, "sent_at": None},
                session=session,
            )
            await db["answers"].insert_one(
                {"_id": body["key"], "reply": answer, "at": now}, session=session
            )

        await transact(mongo, write)
        entry = {
            "command": "worker.register",
            "persons": [body["snils"]],
            "actor": {"snils": OFFICER, "org": ORG},
            "at": now.isoformat(),
        }
        await journal.record(entry)
        await msg.respond(answer)
        relay.hand(worker_id, REGISTERED, event)

    async def on_request(msg: Any) -> None:
        asyncio.get_running_loop().create_task(handle(msg))  # as many at once as come

    async def refresh_directory(msg: Any) -> None:
        data, event_id = json.loads(msg.data), msg.headers["Nats-Msg-Id"]
        if await processed(db, "directory", event_id):
            await msg.ack()
            return
        source = f"worker:{data['worker_id']}"

        async def write(session: Any) -> None:
            worker = await db["workers"].find_one({"_id": data["worker_id"]}, session=session)
            await db["directory"].find({"source": source}, session=session).to_list()
            entry = practitioner(worker or {}, source)
            await db["directory"].insert_one(entry, session=session)
            history = {**entry, "_id": f"{entry['_id']}/000000001", "keys": {}}
            history["order"] = f"{datetime.now(UTC).isoformat()}|{entry['_id']}"
            await db["directory_versions"].insert_one(history, session=session)
            await mark(db, "directory", event_id, session)

        await transact(mongo, write)
        await msg.ack()

    await nc.subscribe(REQUEST_SUBJECT, queue="raw", cb=on_request)
    print("ready", flush=True)
    await asyncio.gather(
        relay.run(), pull(js, REGISTERED, "raw-directory", each(refresh_directory))
    )


def worker_document(worker_id: str, body: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The fields the registry's indexes read, as a fresh registration has them."""
    last, first = body["last_name"], body["first_name"]
    return {
        "_id": worker_id,
        "snils": body["snils"],
        "personal": {"name": {"last": last, "first": first}, "birth_date": body["birth_date"]},
        "registered_at": now,
        "registered_by_org": ORG,
        "review": "active",
        "name_key": f"{last.lower()}|{first.lower()}",
        "organizations": [ORG],
    }


def practitioner(worker: dict[str, Any], source: str) -> dict[str, Any]:
    """The directory's entry with the search keys the registry writes (the word starts)."""
    name = worker.get("personal", {}).get("name", {})
    last, first = name.get("last", ""), name.get("first", "")
    return {
        "_id": f"Practitioner/{worker.get('_id')}",
        "type": "Practitioner",
        "version": 1,
        "source": source,
        "resource": {"name": [{"family": last, "given": [first]}]},
        "keys": {
            "identifier": keys.token("urn:egisz:frmr:worker-id", str(worker.get("_id"))),
            "name": keys.word_starts(last, first),
            "family": keys.word_starts(last),
            "given": keys.word_starts(first),
            "active": keys.flag(True),
        },
        "refresh_on": None,
    }


async def open_portfolio(db: Any, data: dict[str, Any], session: Any, msg: Any) -> Any:
    await db["portfolios"].find_one({"worker_id": data["worker_id"]}, session=session)
    row = uuid.uuid4().hex
    await db["portfolios"].insert_one(
        {
            "_id": row,
            "worker_id": data["worker_id"],
            "snils": data["snils"],
            "at": datetime.now(UTC),
        },
        session=session,
    )
    return (row, "bench.rawj.portfolio.opened", msg.data)


async def enrol_applicant(db: Any, data: dict[str, Any], session: Any, msg: Any) -> Any:
    await db["applicants"].find_one({"snils": data["snils"]}, session=session)
    await db["applicants"].update_one(
        {"snils": data["snils"]},
        {"$set": {"worker_id": data["worker_id"], "at": datetime.now(UTC)}},
        upsert=True,
        session=session,
    )
    return None


async def tell(db: Any, data: dict[str, Any], session: Any, msg: Any) -> Any:
    person, now = f"person:{data['snils']}", datetime.now(UTC)
    event_id = msg.headers["Nats-Msg-Id"]
    await db["mailboxes"].find_one({"_id": person}, session=session)
    mailbox = {"_id": person, "worker_id": data["worker_id"], "at": now, "version": 1}
    await db["mailboxes"].insert_one(mailbox, session=session)
    once = {"source_event_id": event_id, "recipient_id": person, "kind": "cabinet_created"}
    await db["notifications"].find_one(once, {"_id": 1}, session=session)
    row = uuid.uuid4().hex
    notice = {"_id": row, **once, "at": now, "read_at": None}
    await db["notifications"].insert_one(notice, session=session)
    await db["mailboxes"].update_one(
        {"_id": person, "version": 1},
        {"$set": {"told": ["cabinet_created"], "version": 2}},
        session=session,
    )
    group = f"review|{person}"
    await db["reminders"].find({"group": group, "status": "scheduled"}, session=session).to_list()
    reminder = f"{group}|1"
    await db["reminders"].find_one({"_id": reminder}, session=session)
    await db["reminders"].insert_one(
        {"_id": reminder, "group": group, "status": "scheduled", "due_on": now.date().isoformat()},
        session=session,
    )
    return (row, "bench.rawj.notification.created", msg.data)


WRITES = {"portfolio": open_portfolio, "accreditation": enrol_applicant, "notify": tell}


async def serve_consumer(
    role: str, mongo: AsyncMongoClient[dict[str, Any]], db: Any, nc: Any
) -> None:
    js = nc.jetstream()
    relay = Relay(js, db["outbox"])
    writes = WRITES[role]

    async def handle(msg: Any) -> None:
        data, event_id = json.loads(msg.data), msg.headers["Nats-Msg-Id"]
        if await processed(db, role, event_id):
            await msg.ack()
            return

        async def write(session: Any) -> tuple[str, str, bytes] | None:
            await mark(db, role, event_id, session)
            published = await writes(db, data, session, msg)
            if published is not None:
                await db["outbox"].insert_one(
                    {
                        "_id": published[0],
                        "subject": published[1],
                        "body": published[2],
                        "sent_at": None,
                    },
                    session=session,
                )
            return published

        published = await transact(mongo, write)
        await msg.ack()
        if published is not None:
            relay.hand(*published)

    print("ready", flush=True)
    await asyncio.gather(pull(js, REGISTERED, f"raw-{role}", each(handle)), relay.run())


async def serve_audit(db: Any, nc: Any) -> None:
    head = {"hash": "0" * 64, "position": 0}

    async def keep(msg: Any) -> None:
        message = json.loads(msg.data)
        event_id = message["id"]  # in the body, as the services' CloudEvent carries it
        # Kept already (a redelivery): the record itself says so, as the service's look-up.
        if await db["journal"].find_one({"event_id": event_id}, {"_id": 1}):
            await msg.ack()
            return
        entries = message["entries"]  # those answered together: a record each
        for n, entry in enumerate(entries):
            body = json.dumps(entry).encode()
            link = hashlib.sha256(head["hash"].encode() + body).hexdigest()
            try:
                await db["journal"].insert_one(
                    {
                        "_id": head["position"] + 1,
                        "event_id": event_id if len(entries) == 1 else f"{event_id}.{n}",
                        "entry": entry,
                        "hash": link,
                        "persons": entry["persons"],
                        "actor_snils": entry["actor"]["snils"],
                        "actor_org": entry["actor"]["org"],
                    }
                )
            except DuplicateKeyError:  # delivered again after this entry was kept: the rest
                continue
            head["position"] += 1
            head["hash"] = link
        await msg.ack()

    async def in_order(batch: list[Any]) -> None:  # a chain: one link after another
        for msg in batch:
            await keep(msg)

    print("ready", flush=True)
    await pull(nc.jetstream(), JOURNAL, "raw-audit", in_order)


REPORTING_SCHEMA = """
CREATE TABLE people (
    worker_id VARCHAR PRIMARY KEY, birth_date DATE NOT NULL, sex VARCHAR, version BIGINT NOT NULL);
CREATE TABLE practitioner_names (
    worker_id VARCHAR PRIMARY KEY, last_name VARCHAR NOT NULL, first_name VARCHAR NOT NULL,
    middle_name VARCHAR, version BIGINT NOT NULL);
"""
REPORTING_WRITES = {  # the facts the service keeps of a registration, upserted as it does
    "people": ("worker_id", "birth_date", "sex", "version"),
    "practitioner_names": ("worker_id", "last_name", "first_name", "middle_name", "version"),
}


async def serve_reporting(db: Any, nc: Any) -> None:
    # A file, as the service's (its memory limit too): the same writes to disk. In the folder
    # the process was started in (the bench's temporary one).
    facts = duckdb.connect("raw-facts.duckdb", config={"memory_limit": "1GB"})
    facts.execute(REPORTING_SCHEMA)

    def upsert(rows: list[dict[str, Any]]) -> None:
        cursor = facts.cursor()
        cursor.execute("BEGIN TRANSACTION")
        for table, columns in REPORTING_WRITES.items():
            cursor.register("batch", pa.table({c: [r.get(c) for r in rows] for c in columns}))
            sets = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
            cursor.execute(
                f"INSERT INTO {table} SELECT * FROM batch ON CONFLICT (worker_id) DO UPDATE "
                f"SET {sets} WHERE excluded.version > {table}.version"
            )
            cursor.unregister("batch")
        cursor.execute("COMMIT")
        cursor.close()

    async def keep(batch: list[Any]) -> None:  # the events fetched together: one transaction
        fresh = [m for m in batch if not await processed(db, "reporting", m.headers["Nats-Msg-Id"])]
        rows = [{**json.loads(m.data), "version": 1} for m in fresh]
        if rows:
            await asyncio.to_thread(upsert, rows)
        await asyncio.gather(*(m.ack() for m in batch))

    print("ready", flush=True)
    await pull(nc.jetstream(), REGISTERED, "raw-reporting", keep)


async def serve(role: str, nats_url: str, mongo_url: str) -> None:
    if os.environ.get("RAW_LEAN_RECEIVE"):  # the services' receive path for pymongo, to compare
        from egisz.runtime import mongo_receive

        mongo_receive.install()
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    db = mongo[DB]
    nc = await nats.connect(nats_url)
    if role == "register":
        await _indexes(db)
        await nc.jetstream().add_stream(name=STREAM, subjects=["bench.rawj.>"])
        await serve_register(mongo, db, nc)
    elif role == "audit":
        await serve_audit(db, nc)
    elif role == "reporting":
        await serve_reporting(db, nc)
    else:
        await serve_consumer(role, mongo, db, nc)


@dataclass
class Place:
    """Where a registration arrives downstream: a collection, the indexed field naming the person
    (`of` makes it from the SNILS given) and what else the document must hold."""

    collection: Any
    field: str
    of: Callable[[str], str] = str
    where: dict[str, Any] = dataclass_field(default_factory=dict)


def arrivals(places: list[Place], snils: list[str]) -> Callable[[], Awaitable[int]]:
    """How many people have reached every place, asked of the database only for those not seen
    there yet: counting all of them every poll cost a fifth of the database's CPU in a long tail,
    taken from what it measured."""
    waiting = [{place.of(s) for s in snils} for place in places]

    async def count() -> int:
        for place, left in zip(places, waiting, strict=True):
            if left:
                query = {place.field: {"$in": sorted(left)}, **place.where}
                found = place.collection.find(query, {place.field: 1, "_id": 0})
                left.difference_update([d[place.field] async for d in found])
        return len(snils) - max(len(left) for left in waiting)

    return count


def downstream(
    mongo: AsyncMongoClient[dict[str, Any]], snils: list[str]
) -> Callable[[], Awaitable[int]]:
    """How many of these registrations have gone the whole way."""
    db = mongo[DB]
    return arrivals(
        [
            Place(db["portfolios"], "snils"),
            Place(db["applicants"], "snils"),
            Place(db["notifications"], "recipient_id", lambda s: f"person:{s}"),
        ],
        snils,
    )


if __name__ == "__main__":
    uvloop.run(serve(sys.argv[1], sys.argv[2], sys.argv[3]))  # the services' loop too
