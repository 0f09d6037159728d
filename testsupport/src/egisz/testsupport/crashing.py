"""A service that kills itself at an exact point of its outbox relay, for the fault run:

    python -m egisz.testsupport.crashing registry after_commit

`after_commit`: events committed and not yet published; `after_publish`: an event published and
not yet marked sent. The service is the real one; only here, in a process no image runs, is its
relay's publish step wrapped with the kill, so production code carries no crash point."""

from __future__ import annotations

import os
import runpy
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from egisz.runtime.logging import get_logger
from egisz.runtime.outbox import OutboxRelay

log = get_logger("egisz.outbox")
POINTS = ("after_commit", "after_publish")


def arm(point: str) -> None:
    if point not in POINTS:
        raise SystemExit(f"crash point: one of {', '.join(POINTS)}, not {point!r}")
    publish: Callable[
        [OutboxRelay, str, bytes, dict[str, str], dict[str, Any]], Awaitable[None]
    ] = OutboxRelay._publish

    def die(row: dict[str, Any]) -> None:
        log.warning("killing this process on purpose", point=point, event_id=row.get("_id"))
        os.kill(os.getpid(), signal.SIGKILL)

    async def publish_then_maybe_die(
        relay: OutboxRelay, subject: str, body: bytes, headers: dict[str, str], row: dict[str, Any]
    ) -> None:
        if point == "after_commit":
            die(row)
        await publish(relay, subject, body, headers, row)
        die(row)  # published, and the sent mark is written after the batch: not yet

    OutboxRelay._publish = publish_then_maybe_die  # type: ignore[method-assign, assignment]


def main(argv: list[str]) -> None:
    service, point = argv
    arm(point)
    runpy.run_module(f"egisz.{service}", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
