"""Waiting for a dependency at start: a process whose NATS or database is down when it starts
waits for it with backoff instead of exiting (docs/stack.md, pitfall 32); only an outage longer than
its setting makes it give up, and then its supervisor (compose, Kubernetes, the local runner)
starts it again."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from egisz.runtime.logging import get_logger

log = get_logger("egisz.dependencies")


async def until_reachable(
    dependency: str, step: Callable[[], Awaitable[object]], seconds: float
) -> None:
    """Run `step` until it passes, backing off from half a second to ten between tries; past
    `seconds` the last failure is raised (the process exits, its supervisor restarts it)."""
    loop = asyncio.get_running_loop()
    deadline, pause = loop.time() + seconds, 0.5
    while True:
        try:
            await step()
            return
        except Exception as exc:
            if loop.time() + pause > deadline:
                log.error("dependency unreachable, giving up", dependency=dependency)
                raise
            log.warning(
                "waiting for a dependency",
                dependency=dependency,
                error=repr(exc)[:300],
                retry_in_seconds=pause,
            )
            await asyncio.sleep(pause)
            pause = min(pause * 2, 10.0)
