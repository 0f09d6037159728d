"""One fix where two libraries of the stack disagree, applied once at import.

nats-py 2.16 `PullSubscription.fetch()` can raise a bare `asyncio.TimeoutError` when its deadline
is spent before the lingering pull request goes out (nats.py#934's new path); FastStream 0.7.8's
pull loop suppresses only `nats.errors.TimeoutError`, so the bare one escapes: the supervisor logs
an ERROR and restarts the consume task, and a restart racing a shutdown can keep `broker.stop()`
waiting. Raising nats' own subclass keeps "no messages yet" the quiet, expected outcome.
"""

from __future__ import annotations

import functools
from typing import Any

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


_patch_fetch()
