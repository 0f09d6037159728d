"""Fixes where the libraries of the stack disagree with each other or with the server, applied
once at import by every process (the runtime and the gateway import this module).

nats-py 2.16 `PullSubscription.fetch()` can raise a bare `asyncio.TimeoutError` when its deadline
is spent before the lingering pull request goes out (nats.py#934's new path); FastStream 0.7.8's
pull loop suppresses only `nats.errors.TimeoutError`, so the bare one escapes: the supervisor logs
an ERROR and restarts the consume task, and a restart racing a shutdown can keep `broker.stop()`
waiting. Raising nats' own subclass keeps "no messages yet" the quiet, expected outcome.

nats-py 2.16 closes the client for good on any `-ERR` from the server but a stale connection or
a permissions error — `maximum payload exceeded` among them (docs/stack.md, pitfall 28): one
oversized message left every request sharing the connection failing until the process restarted. The
server drops the connection after such an error, so it is treated as a lost connection: the
client reconnects (forever, with the options it was given) and readiness says when it is gone.
"""

from __future__ import annotations

import functools
from typing import Any

from nats import errors as nats_errors
from nats.aio.client import Client as NatsClient
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.client import JetStreamContext

_PullSubscription: Any = JetStreamContext.PullSubscription


def _patch_fetch() -> None:
    original = _PullSubscription.fetch
    if getattr(original, "_egisz_patched", False):
        return

    @functools.wraps(original)
    async def fetch(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await original(self, *args, **kwargs)
        except NatsTimeoutError:
            raise
        except TimeoutError as exc:
            raise NatsTimeoutError from exc

    fetch._egisz_patched = True  # type: ignore[attr-defined]
    _PullSubscription.fetch = fetch


def _patch_server_errors() -> None:
    original = NatsClient._process_err
    if getattr(original, "_egisz_patched", False):
        return

    @functools.wraps(original)
    async def process_err(self: Any, err_msg: str) -> None:
        closes = not any(
            known in err_msg.lower()
            for known in ("stale connection", "permissions violation", "authorization violation")
        )
        if not (closes and self.options["allow_reconnect"] and self.is_connected):
            await original(self, err_msg)
            return
        error = nats_errors.Error(f"nats: {err_msg.strip()}")
        self._err = error
        await self._error_cb(error)
        await self._process_op_err(error)

    process_err._egisz_patched = True  # type: ignore[attr-defined]
    NatsClient._process_err = process_err  # type: ignore[method-assign]


_patch_fetch()
_patch_server_errors()
