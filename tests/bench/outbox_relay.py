"""`make bench`: the outbox relay alone, on the embedded NATS and SecantusDB. N pending rows are
published and marked sent by the service's `OutboxRelay` (read a batch, publish with the acks
awaited together, one `update_many`), beside the same relay publishing through FastStream's
`broker.publish` (what it did before) on a bare broker, with the time of each step. (A service's
broker also runs its middlewares on each publish; the import bench shows that path.)

    python tests/bench/outbox_relay.py [N]      # default 5,000 events, each way twice
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from faststream.nats import NatsBroker
from nats.js.api import StreamConfig

from egisz.cli.infra import EmbeddedMongo, EmbeddedNats, free_port
from egisz.kernel.clock import utcnow
from egisz.runtime.logging import configure_logging, get_logger
from egisz.runtime.mongo import OUTBOX, Mongo
from egisz.runtime.outbox import OutboxRelay, _headers, _messages

log = get_logger("egisz.outbox")
# One event of about the size of a registry event (its public form is published too).
BODY = (
    b'{"specversion":"1.0","type":"ru.egisz.bench.x.v1","data":{"worker_id":"w","snils":'
    b'"11223344595","note":"' + b"x" * 200 + b'"}}'
)
STEPS = ("read", "publish", "mark")


class TimedRelay(OutboxRelay):
    """The relay's own steps, timed."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.spent = dict.fromkeys(STEPS, 0.0)

    async def flush(self) -> int:
        started = time.perf_counter()
        pending = (
            await self._mongo[OUTBOX]
            .find({"sent_at": None})
            .sort("seq", 1)
            .limit(self._batch)
            .to_list()
        )
        self.spent["read"] += time.perf_counter() - started
        if not pending:
            return 0
        started = time.perf_counter()
        await asyncio.gather(
            *(
                self._publish(subject, body, _headers(r, message_id), r)
                for r in pending
                for subject, body, message_id in _messages(r)
            )
        )
        self.spent["publish"] += time.perf_counter() - started
        started = time.perf_counter()
        await self._mongo[OUTBOX].update_many(
            {"_id": {"$in": [r["_id"] for r in pending]}}, {"$set": {"sent_at": utcnow()}}
        )
        self.spent["mark"] += time.perf_counter() - started
        return len(pending)


class FastStreamRelay(TimedRelay):
    """The relay as it was: each event through FastStream's publish."""

    async def _publish(
        self, subject: str, body: bytes, headers: dict[str, str], row: dict[str, Any]
    ) -> None:
        log.debug("event published", subject=subject, event_id=row["_id"])
        await self._broker.publish(
            body,
            subject,
            headers={"Nats-Msg-Id": headers["Nats-Msg-Id"]},
            correlation_id=row["_id"],
            stream=row["stream"],
            timeout=self._timeout,
        )


async def measure(nats_url: str, mongo_url: str, relay_kind: type[TimedRelay], n: int) -> None:
    mongo = Mongo(mongo_url, f"relay_{uuid.uuid4().hex[:8]}")
    await mongo.ensure_indexes({})
    rows = [
        {
            "_id": uuid.uuid4().hex,
            "seq": i,
            "subject": "egisz.bench.evt.x.done",  # an event of ours: published whole and public
            "stream": "BENCH",
            "body": BODY,
            "sent_at": None,
        }
        for i in range(n)
    ]
    for i in range(0, n, 1000):
        await mongo[OUTBOX].insert_many(rows[i : i + 1000])
    broker = NatsBroker(nats_url)
    await broker.connect()
    relay = relay_kind(mongo, broker, batch=100)
    started = time.perf_counter()
    while await relay.flush():
        pass
    seconds = time.perf_counter() - started
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in relay.spent.items())
    name = "FastStream publish" if relay_kind is FastStreamRelay else "relay (nats-py publish)"
    print(f"{name:<24} {n:>6} events in {seconds:6.2f} s = {n / seconds:6.1f}/s  ({steps})")
    await broker.stop()
    await mongo.client.drop_database(mongo.db.name)
    await mongo.close()


async def main(n: int) -> int:
    configure_logging("bench", "WARNING")  # as the import bench runs the registry
    with tempfile.TemporaryDirectory() as tmp:
        nats_server = EmbeddedNats(Path(tmp) / "nats", free_port(), sink=None)
        mongo_server = EmbeddedMongo(Path(tmp) / "mongo", free_port(), sink=None)
        for server in (nats_server, mongo_server):
            server.start()
        nats_server.wait_ready()
        mongo_server.wait_ready()
        try:
            broker = NatsBroker(nats_server.url)
            await broker.connect()
            await broker.connection.jetstream().add_stream(
                StreamConfig(name="BENCH", subjects=["egisz.bench.evt.>", "egisz.bench.pub.>"])
            )
            await broker.stop()
            print(f"outbox relay alone: {n} events, batches of 100, 2 cores")
            for kind in (FastStreamRelay, TimedRelay, FastStreamRelay, TimedRelay):
                await measure(nats_server.url, mongo_server.url, kind, n)
        finally:
            nats_server.stop()
            mongo_server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)))
