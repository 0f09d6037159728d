"""pymongo's wait for an answer, without two tasks a round trip.

pymongo 4.20's async `receive_message` starts two tasks for every answer it waits for — the read
and a poll that wakes every half second to see whether the operation was cancelled — and then an
`asyncio.wait` over both, cancelling the loser. Measured on SecantusDB: 250 µs of the client's CPU
a `find_one` one at a time, 195 µs without them; 206 → 190 µs with 32 at once
(tests/bench/README.md). Every database round trip of every service pays it.

Here the read is awaited in the caller's own task, under `asyncio.timeout` for the socket
timeout, and the driver's cancellation (its monitor giving a server up interrupts the operations
in flight on that server's connections) cancels that task at once instead of being polled for:
the cancellation context knows the task waiting on its connection. Both ways out end as the
driver's own did (`TimeoutError("timed out")`, `_OperationCancelled`), so the driver's handling
after them is unchanged. Installed by the runtime's `Mongo` (every service's client; any other
client in a process that built one is served by it too — the raw baseline's processes build
none), only on the pymongo release it was written against: `installed()` says whether it is,
and a test fails when an upgrade leaves it out.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pymongo
from pymongo import _csot, network_layer
from pymongo.asynchronous import pool as async_pool
from pymongo.errors import ProtocolError, _OperationCancelled
from pymongo.pool_shared import _CancellationContext

# The driver's internals this replaces, untyped where its stubs do not export them.
_network: Any = network_layer
_pool: Any = async_pool

WRITTEN_FOR = "4.20."


def _cancel(self: Any) -> None:
    self._cancelled = True
    waiter: asyncio.Task[Any] | None = getattr(self, "_egisz_waiter", None)
    if waiter is not None and not waiter.done():
        self._egisz_interrupting = True
        waiter.cancel()


async def receive_message(
    conn: Any, request_id: int | None, max_message_size: int = _network.MAX_MESSAGE_SIZE
) -> Any:
    """`network_layer.async_receive_message`, the same answers and the same two errors."""
    context: Any = conn.cancel_context
    if context.cancelled:
        raise _OperationCancelled("operation cancelled")
    timeout: float | None = conn.conn.gettimeout
    if _csot.get_timeout():
        deadline: float | None = _csot.get_deadline()
    else:
        deadline = time.monotonic() + timeout if timeout else None
    if deadline:
        timeout = max(deadline - time.monotonic(), 0)
    task = asyncio.current_task()
    context._egisz_waiter = task
    context._egisz_interrupting = False
    try:
        async with asyncio.timeout(timeout):
            data, op_code = await conn.conn.get_conn.read(request_id, max_message_size)
    except asyncio.CancelledError:
        if context._egisz_interrupting and task is not None:
            task.uncancel()  # the driver's cancellation, not the caller's: an error, as before
            raise _OperationCancelled("operation cancelled") from None
        raise
    finally:
        context._egisz_waiter = None
        context._egisz_interrupting = False
    unpack = _network._UNPACK_REPLY.get(op_code)
    if unpack is None:
        raise ProtocolError(
            f"Got opcode {op_code!r} but expected {_network._UNPACK_REPLY.keys()!r}"
        )
    return unpack(data)


def installed() -> bool:
    return bool(_pool.async_receive_message is receive_message)


def install() -> None:
    if pymongo.version.startswith(WRITTEN_FOR) and not installed():
        _CancellationContext.cancel = _cancel  # type: ignore[method-assign]
        _pool.async_receive_message = receive_message
