"""Retries: a use case's transaction that raced another is run again at once; an event whose
handling failed is redelivered by JetStream after the policy's delay."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pymongo.errors import ConnectionFailure, PyMongoError

from egisz.runtime.errors import (
    TransientError,
)


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, TransientError):
        return True
    if isinstance(exc, ConnectionFailure):
        return False  # the database is away: answer "unavailable" now, not after retries
    return isinstance(exc, PyMongoError) and (
        exc.has_error_label("TransientTransactionError")
        or exc.has_error_label("UnknownTransactionCommitResult")
    )


async def run_with_retries(fn: Callable[[], Awaitable[Any]], attempts: int = 4) -> Any:
    """Retry a use case whose transaction raced another (stale version, write conflict)."""
    for attempt in range(1, attempts + 1):
        try:
            return await fn()
        except Exception as exc:
            if attempt == attempts or not _is_transient(exc):
                raise
            await asyncio.sleep(0.02 * 2**attempt)
    raise AssertionError("unreachable")


@dataclass
class RedeliveryPolicy:
    max_deliver: int = 5
    ack_wait_seconds: float = 30.0
    delays: tuple[float, ...] = (0.5, 2.0, 5.0, 15.0)
    batch_size: int = 16

    def delay(self, deliveries: int) -> float:
        return self.delays[min(deliveries, len(self.delays)) - 1] if self.delays else 1.0
