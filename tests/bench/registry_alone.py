"""`make bench`: the registry alone beside the raw responder alone — what the journey's answers
are bounded by, with the other services' load out of the way.

The local stack starts and every service but the registry is stopped; beside it, the raw
journey's `register` process (plain nats-py + pymongo: the same look-ups, transaction, journal
entry, events and directory refresh, `raw_journey.py`). Rounds of N `worker.register` from 32
clients go to one and then the other, in alternating order; each process's CPU (from /proc) is
read before a round and after it once the process has gone quiet (its directory refresh and
relay done), so a round's CPU is all a registration costs it. Prints each round and the medians;
the first round of each side is not counted (the database stalls once early in a run).

    python tests/bench/registry_alone.py [N] [ROUNDS]      # default 600 registrations, 5 rounds
    REGISTRY_LOG_LEVEL=WARNING python tests/bench/registry_alone.py   # the registry's log off
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from journey import Call, load, officer_token, person, registrations, stack_pids, start_raw
from process_cpu import cpu_seconds

from egisz.cli.client import Client
from egisz.cli.infra import ManagedProcess
from egisz.cli.stack import Stack, StackSettings

CLIENTS = 32
QUIET = 0.3  # seconds under 5% of a core: the process has finished what the round gave it


async def quiet_cpu(pid: int) -> float:
    """The process's CPU seconds once it has gone quiet."""
    last = cpu_seconds(pid)
    while True:
        await asyncio.sleep(QUIET)
        now = cpu_seconds(pid)
        if now - last < 0.05 * QUIET:
            return now
        last = now


async def round_of(call: Call, pid: int, n: int) -> tuple[float, float]:
    """(ms of the process's CPU a registration, registrations a second)."""
    before = await quiet_cpu(pid)
    seconds, _, replies = await load(call, [person() for _ in range(n)], CLIENTS)
    after = await quiet_cpu(pid)
    assert all(r.get("ok") for r in replies), [r for r in replies if not r.get("ok")][:1]
    return (after - before) / n * 1000, n / seconds


def registry_with_log_level(stack: Stack, folder: Path) -> None:
    """The registry started again with `REGISTRY_LOG_LEVEL` from this process's environment."""
    stack.stop_service("registry")
    env = {**stack.env_for("registry"), "REGISTRY_LOG_LEVEL": os.environ["REGISTRY_LOG_LEVEL"]}
    registry = ManagedProcess(
        "registry",
        [sys.executable, "-m", "egisz.registry"],
        env=env,
        sink=None,
        log_file=folder / "registry.log",
    )
    registry.start()
    stack.services["registry"] = registry
    stack.wait_ready("registry")


async def main(n: int, rounds: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(StackSettings.on_free_ports(Path(tmp)), sink=None)
        raw: subprocess.Popen[bytes] | None = None
        try:
            stack.start()
            assert stack.nats and stack.mongo
            for service in [s for s in stack.services if s != "registry"]:
                stack.stop_service(service)
            if os.environ.get("REGISTRY_LOG_LEVEL"):
                registry_with_log_level(stack, Path(tmp))
            [raw] = start_raw(stack.nats.url, stack.mongo.url, Path(tmp), roles=("register",))
            token = await officer_token(stack)
            async with Client(stack.nats.url, timeout=60) as client:
                raw_call, register = registrations(client, token, timeout=60)
                sides: dict[str, tuple[Call, int]] = {
                    "registry": (register, stack_pids(stack)["registry"]),
                    "raw responder": (raw_call, raw.pid),
                }
                results: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
                print(f"the registry alone beside the raw responder alone: {rounds} rounds of {n}")
                # The first round of each is not counted: SecantusDB stalls for up to 100 s
                # once early in a run (every statement waiting on its transaction registry).
                for r in range(rounds + 1):
                    order = list(sides) if r % 2 == 0 else list(reversed(sides))
                    for name in order:
                        results[name].append(await round_of(*sides[name], n))
                for name, (first, *counted) in results.items():
                    each = "  ".join(f"{cpu:.2f} ms {rate:.0f}/s" for cpu, rate in counted)
                    print(f"{name:>14}: {each}  (not counted: {first[0]:.2f} ms {first[1]:.0f}/s)")
                    results[name] = counted
                mine, theirs = (statistics.median(c for c, _ in results[k]) for k in sides)
                print(
                    f"CPU a registration, medians: registry {mine:.2f} ms, raw responder "
                    f"{theirs:.2f} ms ({mine / theirs:.2f}x)"
                )
        finally:
            if raw is not None:
                raw.kill()
                raw.wait()
            stack.stop()
    return 0


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    sys.exit(asyncio.run(main(*(args + [600, 5][len(args) :]))))
