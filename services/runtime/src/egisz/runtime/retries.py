"""Retries. A failure that can pass — a write conflict, a transient transaction label, a dropped
or refused database connection, a primary change, another service not answering — is tried again
with backoff: a command within its reply budget, an event for at least the database's transaction
lifetime (a crashed replica's open transaction holds its documents that long). Anything else is
not retried in place; an event that keeps failing is dead-lettered after `max_deliver` tries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pymongo.errors import ConnectionFailure, PyMongoError

from egisz.kernel.errors import TransientError

FIRST_PAUSE_SECONDS = 0.02
LONGEST_PAUSE_SECONDS = 1.0


def is_transient(exc: BaseException) -> bool:
    """Whether the same call may succeed if made again a little later."""
    if isinstance(exc, TransientError | ConnectionFailure):  # AutoReconnect, NotPrimary, timeouts
        return True
    return isinstance(exc, PyMongoError) and (
        exc.has_error_label("TransientTransactionError")
        or exc.has_error_label("UnknownTransactionCommitResult")
        or exc.has_error_label("RetryableWriteError")
    )


async def run_with_retries(fn: Callable[[], Awaitable[Any]], budget_seconds: float = 3.0) -> Any:
    """Run `fn`; while it fails transiently and the budget lasts, pause (doubling from 20 ms up
    to 1 s) and run it again. The last failure is raised as it is."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget_seconds
    pause = FIRST_PAUSE_SECONDS
    while True:
        try:
            return await fn()
        except Exception as exc:
            if not is_transient(exc) or loop.time() + pause > deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE_SECONDS)


@dataclass
class RedeliveryPolicy:
    """How an event that failed comes back: after `delays` (the last repeating), at most
    `max_deliver` times for a failure that will not pass by itself, and for a transient one until
    the delays add up to `transient_seconds`."""

    max_deliver: int = 5
    ack_wait_seconds: float = 30.0
    delays: tuple[float, ...] = (0.5, 2.0, 5.0, 15.0)
    batch_size: int = 16
    transient_seconds: float = 90.0

    def delay(self, deliveries: int) -> float:
        return self.delays[min(deliveries, len(self.delays)) - 1] if self.delays else 1.0

    @property
    def transient_deliveries(self) -> int:
        """Deliveries whose waits in between add up to `transient_seconds`: JetStream's own cap
        (the consumer's `max_deliver`), never below `max_deliver`."""
        waited, deliveries = 0.0, 1
        while waited < self.transient_seconds:
            waited += max(self.delay(deliveries), 0.001)
            deliveries += 1
            if deliveries > 10_000:
                break
        return max(self.max_deliver, deliveries)

    def gives_up(self, deliveries: int, exc: BaseException) -> bool:
        """Whether this delivery was the last try for a failure like `exc`."""
        cap = self.transient_deliveries if is_transient(exc) else self.max_deliver
        return deliveries >= cap
