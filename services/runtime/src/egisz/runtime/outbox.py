"""The outbox relay: publishes committed events to JetStream with `Nats-Msg-Id` = event id, then
marks them sent. A crash between publish and mark republishes; JetStream drops the duplicate."""

from __future__ import annotations

import asyncio
import contextlib

from faststream.nats import NatsBroker

from egisz.runtime.clock import utcnow
from egisz.runtime.logging import get_logger
from egisz.runtime.mongo import OUTBOX, Mongo

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
    ) -> None:
        self._mongo = mongo
        self._broker = broker
        self._poll = poll_seconds
        self._batch = batch
        self._timeout = publish_timeout
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
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
        while True:
            try:
                while await self.flush() == self._batch:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep relaying whatever failed; the next round retries
                log.warning("outbox relay round failed", error=repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self._poll)
            self._wakeup.clear()

    async def flush(self) -> int:
        """Publish up to one batch of pending events in commit order; return how many.

        Rows are marked sent with one write per batch; if the relay dies before that write the
        batch is published again and JetStream drops the copies by `Nats-Msg-Id`.
        """
        outbox = self._mongo[OUTBOX]
        pending = await outbox.find({"sent_at": None}).sort("seq", 1).limit(self._batch).to_list()
        published: list[str] = []
        try:
            for doc in pending:
                await self._broker.publish(
                    doc["body"],
                    doc["subject"],
                    headers={"Nats-Msg-Id": doc["_id"]},
                    correlation_id=doc.get("correlation_id") or doc["_id"],
                    stream=doc["stream"],
                    timeout=self._timeout,
                )
                published.append(doc["_id"])
                log.info(
                    "event published",
                    subject=doc["subject"],
                    event_id=doc["_id"],
                    correlation_id=doc.get("correlation_id"),
                )
        finally:
            if published:
                await outbox.update_many(
                    {"_id": {"$in": published}}, {"$set": {"sent_at": utcnow()}}
                )
        return len(published)
