"""`egisz status` against the running services, as an operator or a probe runs it: one screen
with every service, consumer and stream; exit 0 while all is well, 1 with the reason when a dead
letter waits or a service does not answer."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

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
        "--key",
        str(stack.private_key),
        "--nats-log",
        str(stack.settings.data_dir / "logs" / "nats.log"),
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
    # What users meet, asked through the gateway (issue 29: «Healthy» while the feed was 500).
    for probe in ("public verification", "FHIR search", "change feed"):
        assert any(probe in line and "✔" in line for line in out.splitlines()), (probe, out)
    assert any("NATS permission violations" in line and "0" in line for line in out.splitlines())

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


def test_a_permission_violation_in_the_servers_log_is_named(tmp_path: Path) -> None:
    from egisz.cli.stack import violations_in
    from egisz.cli.status import Status

    log = tmp_path / "nats.log"
    log.write_text(
        '[1] 2026/12/05 20:33:23.177869 [ERR] 127.0.0.1:58486 - cid:140 - "v2.16.0:python3:'
        'gateway" - "$G/user:gateway" - Publish Violation - Subject "_INBOX_notify.Zg.x"\n'
        "[1] 2026/12/05 20:33:24.000000 [INF] Server is ready\n"
    )
    found = violations_in(log)
    assert found == ["gateway: publish _INBOX_notify.Zg.x"]
    assert Status([], [], violations=found).problems(max_pending=1) == [
        "NATS permission violation: gateway: publish _INBOX_notify.Zg.x"
    ]
