"""The raw baseline of the whole journey: plain nats-py + pymongo, no framework, in four processes
as the system runs in four services, doing the same minimal writes and publishes.

- `register`: a core NATS responder. Per request: the grant, the names born that day and the idempotency
  look-ups; one transaction inserting the worker, its outbox row and the stored answer; the answer;
  the event published to JetStream and its outbox row marked sent (in batches, as the relay does).
- `portfolio`: a durable pull consumer, 16 messages at a time handled together. Per event one
  transaction: the processed mark, the look-up of the worker's portfolio, the portfolio and its
  outbox row; the ack; the event published and marked.
- `accreditation`: per event one transaction: the processed mark, the look-up, the applicant
  (an upsert); the ack.
- `notify`: per event one transaction: the processed mark, the mailbox look-up, the mailbox, the
  notification and its outbox row; the ack; the event published and marked.

    python tests/bench/raw_journey.py ROLE NATS_URL MONGO_URL
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import nats
from nats.js.api import AckPolicy, ConsumerConfig
from nats.js.errors import FetchTimeoutError
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

REQUEST_SUBJECT = "bench.raw.journey.register"
STREAM = "BENCH_RAW_JOURNEY"
REGISTERED = "bench.rawj.worker.registered"
ROLES = ("register", "portfolio", "accreditation", "notify")
DB = "bench_raw_journey"


class Relay:
    """Publishes committed events with their acks awaited together, then marks them sent with one
    write per batch of up to 100 — what the services' outbox relay does."""

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
            await asyncio.gather(
                *(self.js.publish(s, b, headers={"Nats-Msg-Id": i}) for i, s, b in batch)
            )
            await self.outbox.update_many(
                {"_id": {"$in": [i for i, _, _ in batch]}},
                {"$set": {"sent_at": datetime.now(UTC)}},
            )


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


async def _indexes(db: AsyncDatabase[dict[str, Any]]) -> None:
    await db["workers"].create_index("snils", unique=True)
    await db["workers"].create_index("birth_date")
    await db["processed"].create_index([("consumer", 1), ("event_id", 1)], unique=True)
    await db["portfolios"].create_index("worker_id", unique=True)
    await db["portfolios"].create_index("snils")
    await db["applicants"].create_index("snils", unique=True)
    await db["mailboxes"].create_index("person", unique=True)
    await db["notifications"].create_index("recipient_id")
    await db["outbox"].create_index([("sent_at", 1), ("seq", 1)])


async def serve_register(mongo: AsyncMongoClient[dict[str, Any]], db: Any, nc: Any) -> None:
    relay = Relay(nc.jetstream(), db["outbox"])
    await db["grants"].update_one({"_id": "org"}, {"$set": {"officers": []}}, upsert=True)

    async def handle(msg: Any) -> None:
        body = json.loads(msg.data)
        await db["grants"].find_one({"_id": "org"})
        # those born the same day, whose names the registry compares (likely duplicates)
        born = {"birth_date": body["birth_date"]}
        await db["workers"].find(born, {"_id": 1, "last_name": 1, "first_name": 1}).to_list()
        await db["answers"].find_one({"_id": body["key"]})
        worker_id, now = uuid.uuid4().hex, datetime.now(UTC)
        event = json.dumps({"worker_id": worker_id, "snils": body["snils"]}).encode()
        answer = json.dumps({"ok": True, "result": {"worker_id": worker_id}}).encode()

        async def write(session: Any) -> None:
            await db["workers"].insert_one({"_id": worker_id, "at": now, **body}, session=session)
            await db["outbox"].insert_one(
                {"_id": worker_id, "subject": REGISTERED, "body": event, "sent_at": None},
                session=session,
            )
            await db["answers"].insert_one({"_id": body["key"], "reply": answer}, session=session)

        await transact(mongo, write)
        await msg.respond(answer)
        relay.hand(worker_id, REGISTERED, event)

    async def on_request(msg: Any) -> None:
        asyncio.get_running_loop().create_task(handle(msg))  # as many at once as come

    await nc.subscribe(REQUEST_SUBJECT, queue="raw", cb=on_request)
    print("ready", flush=True)
    await relay.run()


async def serve_consumer(
    role: str, mongo: AsyncMongoClient[dict[str, Any]], db: Any, nc: Any
) -> None:
    js = nc.jetstream()
    relay = Relay(js, db["outbox"])
    sub = await js.pull_subscribe(
        REGISTERED,
        durable=f"raw-{role}",
        stream=STREAM,
        config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, max_deliver=5, ack_wait=30),
    )

    async def handle(msg: Any) -> None:
        data, event_id = json.loads(msg.data), msg.headers["Nats-Msg-Id"]
        worker_id, now = data["worker_id"], datetime.now(UTC)

        async def write(session: Any) -> tuple[str, str, bytes] | None:
            published: tuple[str, str, bytes] | None = None
            await db["processed"].insert_one(
                {"consumer": role, "event_id": event_id, "at": now}, session=session
            )
            if role == "portfolio":
                await db["portfolios"].find_one({"worker_id": worker_id}, session=session)
                row = uuid.uuid4().hex
                await db["portfolios"].insert_one(
                    {"_id": row, "worker_id": worker_id, "snils": data["snils"], "at": now},
                    session=session,
                )
                published = (row, "bench.rawj.portfolio.opened", msg.data)
            elif role == "accreditation":
                await db["applicants"].find_one({"snils": data["snils"]}, session=session)
                await db["applicants"].update_one(
                    {"snils": data["snils"]},
                    {"$set": {"worker_id": worker_id, "at": now}},
                    upsert=True,
                    session=session,
                )
            else:
                person = f"person:{data['snils']}"
                await db["mailboxes"].find_one({"person": person}, session=session)
                await db["mailboxes"].insert_one({"person": person, "at": now}, session=session)
                row = uuid.uuid4().hex
                await db["notifications"].insert_one(
                    {"_id": row, "recipient_id": person, "kind": "cabinet_created", "at": now},
                    session=session,
                )
                published = (row, "bench.rawj.notification.created", msg.data)
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

    async def pull() -> None:
        while True:
            try:
                batch = await sub.fetch(16, timeout=1.0)
            except (FetchTimeoutError, TimeoutError):
                continue
            for failed in await asyncio.gather(*(handle(m) for m in batch), return_exceptions=True):
                if failed is not None:  # redelivered after ack_wait, as the services' would be
                    print(f"raw {role}: {failed!r}", file=sys.stderr, flush=True)

    print("ready", flush=True)
    await asyncio.gather(pull(), relay.run())


async def serve(role: str, nats_url: str, mongo_url: str) -> None:
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    db = mongo[DB]
    nc = await nats.connect(nats_url)
    if role == "register":
        await _indexes(db)
        await nc.jetstream().add_stream(name=STREAM, subjects=["bench.rawj.>"])
        await serve_register(mongo, db, nc)
    else:
        await serve_consumer(role, mongo, db, nc)


async def downstream(mongo: AsyncMongoClient[dict[str, Any]], snils: list[str]) -> int:
    """How many of these registrations have gone the whole way (the fewest of the three)."""
    db = mongo[DB]
    return min(
        await db["portfolios"].count_documents({"snils": {"$in": snils}}),
        await db["applicants"].count_documents({"snils": {"$in": snils}}),
        await db["notifications"].count_documents(
            {"recipient_id": {"$in": [f"person:{s}" for s in snils]}}
        ),
    )


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2], sys.argv[3]))
