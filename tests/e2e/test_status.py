"""`egisz status` against the running services, as an operator or a probe runs it: one screen
with every service, consumer and stream; exit 0 while all is well, 1 with the reason when a dead
letter waits or a service does not answer."""

from __future__ import annotations

import asyncio
import os
import sys

from egisz.cli.stack import PROCESSES, Stack

from .conftest import eventually, publish_poison


async def status(stack: Stack) -> tuple[int, str]:
    assert stack.nats
    urls = [f"--url={s}={stack.http_url(s)}" for s in PROCESSES]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "egisz.cli",
        "status",
        *urls,
        "--nats",
        stack.nats.url_for("observer"),  # what other teams and ops read with
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200"},  # wide enough that rich cuts no name
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_status_is_healthy_then_names_a_dead_letter_and_a_silent_service(
    stack: Stack,
) -> None:
    code, out = await status(stack)
    assert code == 0, out
    assert "Healthy" in out
    for name in (*PROCESSES, "portfolio-worker-registered", "EGISZ_REGISTRY", "EGISZ_FAC"):
        assert name in out, name

    await publish_poison(stack)
    # Every consumer of the subject dead-letters it, each in its own time: wait for portfolio's.
    code, out = await eventually(
        lambda: status(stack),
        lambda r: "portfolio-worker-registered: 1 dead letter(s)" in r[1],
        what="portfolio's dead letter seen",
    )
    assert code == 1, out

    stack.stop_service("fac")
    code, out = await status(stack)
    assert code == 1
    assert "fac: does not answer" in out, out
