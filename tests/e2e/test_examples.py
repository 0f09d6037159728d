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
        await publish_poison(stack, public=True)
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
        assert person["snils"] not in json.dumps(seen)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_what_other_teams_read_carries_no_snils_birth_date_or_contacts(
    stack: Stack, client: Client, tokens: Tokens
) -> None:
    """Issue 28, row 5: `worker.registered` carried SNILS, birth date, e-mail and phone to the
    observer, and notify's events the SNILS in the recipient id."""
    import nats

    assert stack.nats
    observer = await nats.connect(stack.nats.url_for("observer"), inbox_prefix="_INBOX_observer")
    seen: list[tuple[str, bytes]] = []

    async def record(msg: Any) -> None:
        seen.append((msg.subject, msg.data))

    await observer.subscribe("egisz.*.pub.>", cb=record)
    await observer.flush()
    person = new_worker() | {"email": "anna.secret@example.org", "phone": "+79161234567"}
    registered = await client.call(subjects.WORKER_REGISTER.subject, person, token=tokens.officer())
    assert registered["ok"], registered
    worker_id = registered["result"]["worker_id"]
    for _ in range(200):  # the registry's event and notify's notice of the new cabinet
        if {s for s, _ in seen} >= {
            "egisz.registry.pub.worker.registered",
            "egisz.notify.pub.notification.created",
        }:
            break
        await asyncio.sleep(0.1)
    await observer.close()
    mine = [(s, b.decode()) for s, b in seen if worker_id in b.decode() or "notify" in s]
    assert {s for s, _ in mine} >= {
        "egisz.registry.pub.worker.registered",
        "egisz.notify.pub.notification.created",
    }, [s for s, _ in seen]
    digits = person["snils"].replace("-", "").replace(" ", "")
    for subject, body in mine:
        for secret in (digits, person["snils"], person["birth_date"], "anna.secret", "9161234567"):
            assert secret not in body, (subject, secret)
