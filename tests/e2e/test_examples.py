"""The example consumer another team would write (`examples/staff_watcher`: plain nats-py, the
observer user, a durable of its own, the published JSON Schema) against the live services: it
sees a worker registered over NATS, and terminates a message that breaks the schema instead of
using it."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from egisz.cli.client import Client
from egisz.cli.stack import Stack
from egisz.contracts import schema, subjects

from .conftest import Tokens, new_worker, publish_poison

EXAMPLE = Path(__file__).parents[2] / "examples" / "staff_watcher" / "consumer.py"


async def next_line(process: asyncio.subprocess.Process) -> dict[str, Any]:
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 30)
    assert line, "the example exited early"
    found: dict[str, Any] = json.loads(line)
    return found


async def test_another_teams_consumer_follows_new_workers_and_refuses_a_broken_event(
    stack: Stack, client: Client, tokens: Tokens, tmp_path: Path
) -> None:
    assert stack.nats
    schema.write(tmp_path / "schemas")  # what `egisz docs` publishes for other teams
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLE),
        "--nats",
        stack.nats.url_for("observer"),
        "--schemas",
        str(tmp_path / "schemas"),
        "--count",
        "1",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert (await next_line(process))["durable"] == "observer-1"
        await publish_poison(stack)
        refused = await next_line(process)
        assert "invalid" in refused, refused

        person = new_worker()
        registered = await client.call(
            subjects.WORKER_REGISTER.subject, person, token=tokens.officer()
        )
        assert registered["ok"], registered
        seen = await next_line(process)
        assert seen["worker_id"] == registered["result"]["worker_id"]
        assert seen["name"] == f"{person['last_name']} {person['first_name']}"
        assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
