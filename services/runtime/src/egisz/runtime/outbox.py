"""The outbox relay: publishes committed events to JetStream with `Nats-Msg-Id` = event id, then
marks them sent. A crash between publish and mark republishes; JetStream drops the duplicate.

A unit of work hands the events it committed straight to the relay, so the usual path costs one
write (the sent mark) and no read; the poll of the outbox every `poll_seconds` is the safety net
for whatever a crash left behind. A batch is published with its acks awaited together and marked
sent with one write.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from faststream.nats import NatsBroker
from nats.js import JetStreamContext
from prometheus_client import Histogram

from egisz.contracts.public import public_event, public_subject
from egisz.kernel.clock import utcnow
from egisz.runtime.logging import get_logger
from egisz.runtime.mongo import OUTBOX, Mongo, OutgoingEvent

log = get_logger("egisz.outbox")


class OutboxRelay:
    def __init__(
        self,
        mongo: Mongo,
        broker: NatsBroker,
        *,
        poll_seconds: float = 1.0,
        batch: int = 100,
        publish_timeout: float = 5.0,
        latency: Histogram | None = None,
    ) -> None:
        self._mongo = mongo
        self._broker = broker
        self._poll = poll_seconds
        self._batch = batch
        self._timeout = publish_timeout
        self._latency = latency
        self._handed: list[OutgoingEvent] = []
        self._in_hand: set[str] = set()  # handed, not yet marked sent: the poll leaves them
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._js: JetStreamContext | None = None

    def wake(self, committed: list[OutgoingEvent] | None = None) -> None:
        """`committed`: events a transaction has just made durable, published without a read."""
        if committed:
            self._handed.extend(committed)
            self._in_hand.update(e.id for e in committed)
        self._wakeup.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        next_poll = loop.time()
        while True:
            try:
                while self._handed:
                    handed, self._handed = self._handed[: self._batch], self._handed[self._batch :]
                    try:
                        await self._send([_row(e) for e in handed])
                    finally:  # sent, or left to the poll
                        self._in_hand.difference_update(e.id for e in handed)
                if loop.time() >= next_poll:
                    while await self.flush() == self._batch:
                        pass
                    next_poll = loop.time() + self._poll
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep relaying whatever failed; the poll retries it
                log.warning("outbox relay round failed", error=repr(exc))
            if not self._handed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), max(next_poll - loop.time(), 0))
            self._wakeup.clear()

    async def flush(self) -> int:
        """Publish up to one batch of pending events in commit order; return how many."""
        outbox = self._mongo[OUTBOX]
        pending = await outbox.find({"sent_at": None}).sort("seq", 1).limit(self._batch).to_list()
        return await self._send([r for r in pending if r["_id"] not in self._in_hand])

    async def _send(self, rows: list[dict[str, Any]]) -> int:
        """Publish the rows with their acks awaited together; mark those acked sent in one write
        (if the relay dies before it, they are published again and JetStream drops the copies)."""
        if not rows:
            return 0
        started = time.perf_counter()
        # Each event, and its public form for other teams (`contracts.public`) deduplicated
        # under its own id in the same way: all of the batch's publishes in one gather (a task
        # a row and another gather in it cost more than the publishes' own CPU).
        owners: list[int] = []
        sends = []
        for n, row in enumerate(rows):
            for subject, body, message_id in _messages(row):
                owners.append(n)
                sends.append(self._publish(subject, body, _headers(row, message_id), row))
        outcomes = await asyncio.gather(*sends, return_exceptions=True)
        failures: dict[int, BaseException] = {}
        for n, outcome in zip(owners, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                failures.setdefault(n, outcome)
        published = [r["_id"] for n, r in enumerate(rows) if n not in failures]
        if self._latency is not None:
            elapsed = time.perf_counter() - started
            for _ in published:
                self._latency.observe(elapsed)
        if published:
            await self._mongo[OUTBOX].update_many(
                {"_id": {"$in": published}}, {"$set": {"sent_at": utcnow()}}
            )
        if failures:
            raise next(iter(failures.values()))
        return len(published)

    async def _publish(
        self, subject: str, body: bytes, headers: dict[str, str], row: dict[str, Any]
    ) -> None:
        # nats-py's JetStream publish with the headers FastStream's own would set. The service's
        # broker runs its logging middleware on every publish, and the relay shares the event
        # loop with the handlers: under a bulk import it fell minutes behind (bench README).
        if self._js is None:
            self._js = self._broker.connection.jetstream()
        await self._js.publish(
            subject, body, headers=headers, stream=row["stream"], timeout=self._timeout
        )
        log.debug(  # one line per message at INFO cost 0.3 ms of CPU each; failures warn
            "event published",
            subject=subject,
            event_id=row["_id"],
            correlation_id=row.get("correlation_id"),
        )


def _messages(row: dict[str, Any]) -> list[tuple[str, bytes, str]]:
    """What goes out for a row: the event as it is and, unless private, its public form
    (a crash between the two publishes both again)."""
    sent = [(row["subject"], row["body"], row["_id"])]
    if (public := _public_form(row)) is not None:
        sent.append((public[0], public[1], f"{row['_id']}.public"))
    return sent


def _public_form(row: dict[str, Any]) -> tuple[str, bytes] | None:
    """The subject and body other teams read (`contracts.public`), or None: not one of our
    events, a private row (an audit-journal entry), or a body that is not a CloudEvent — then
    only our own form goes out (logged), so one odd row never holds up the outbox behind it."""
    subject = public_subject(row["subject"])
    if subject is None or row.get("private"):
        return None
    try:
        return subject, public_event(row["body"])
    except (ValueError, TypeError, AttributeError) as exc:
        log.error("event has no public form", subject=row["subject"], error=repr(exc)[:200])
        return None


def _headers(row: dict[str, Any], message_id: str) -> dict[str, str]:
    return {
        "content-type": "",
        "correlation_id": row.get("correlation_id") or row["_id"],
        "Nats-Msg-Id": message_id,
    }


def _row(event: OutgoingEvent) -> dict[str, Any]:
    return {
        "_id": event.id,
        "subject": event.subject,
        "stream": event.stream,
        "body": event.body,
        "correlation_id": event.correlation_id,
    }
