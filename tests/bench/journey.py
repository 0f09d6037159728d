"""`make bench`: the first journey under load, beside a raw baseline measured in the same run.

The whole local stack (embedded NATS + SecantusDB + every service as a process) takes N
`worker.register` commands from 1, 8 and 32 concurrent clients; the run ends when every worker has
a portfolio, an applicant and the «Личный кабинет создан» notification. Beside it, the raw journey
(`raw_journey.py`: plain nats-py + pymongo in six processes, no framework) does the same database
operations and publishes the services do for a registration: the responder with the journal's
entry, the directory's refresh, the portfolio, the applicant, the notice with its reminder, the
journal's link and reporting's facts. Prints throughput (answers and whole journeys), p50/p99 and
the downstream lag, each with its ratio to raw, and CPU per journey with each process's idle rate
taken off; asserts only correctness (every registration answered once and reaching all three
services).

    python tests/bench/journey.py [N]           # registrations per level, default 200
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import nats
from pymongo import AsyncMongoClient

from egisz.cli.client import Client, dev_token
from egisz.cli.demo import random_snils
from egisz.cli.stack import Stack, StackSettings
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.testsupport.harness import snils_for
from egisz.testsupport.seeding import grant_access_at

sys.path.insert(0, str(Path(__file__).parent))
import raw_journey
from process_cpu import cpu_seconds

ORG = "1.2.643.5.1.13.13.12.2.77.4242"
LEVELS = tuple(int(x) for x in os.environ.get("BENCH_LEVELS", "1,8,32").split(","))


# --- load ----------------------------------------------------------------------------------------
_born = iter(range(100_000))


Call = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]


def person() -> dict[str, Any]:
    """A new person each time: no two share a name and birth date (that would be a likely
    duplicate, held for review instead of registered)."""
    return {
        "snils": random_snils(),
        "last_name": "Нагрузкина",
        "first_name": "Вера",
        "birth_date": (date(1950, 1, 1) + timedelta(days=next(_born))).isoformat(),
    }


async def load(
    call: Call,
    bodies: list[dict[str, Any]],
    clients: int,
) -> tuple[float, list[float], list[dict[str, Any]]]:
    """Each client sends its next request when its answer came: (seconds, latencies, replies)."""
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for b in bodies:
        queue.put_nowait(b)
    latencies: list[float] = []
    replies: list[dict[str, Any]] = []

    async def client() -> None:
        while not queue.empty():
            body = queue.get_nowait()
            started = time.perf_counter()
            replies.append(await call(body))
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started, latencies, replies


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] * 1000 if len(values) > 1 else 0.0


def row(
    name: str, n: int, seconds: float, lat: list[float], raw: tuple[float, float, float]
) -> None:
    rate, p50, p99 = n / seconds, pct(lat, 50), pct(lat, 99)
    raw_rate, _, raw_p99 = raw
    print(
        f"{name:<34} {rate:8.1f}/s ({rate / raw_rate:5.0%} of raw)  "
        f"p50 {p50:7.1f} ms  p99 {p99:7.1f} ms ({p99 / raw_p99:4.1f}× raw p99)",
        flush=True,
    )


async def opcounters(mongo: AsyncMongoClient[dict[str, Any]]) -> dict[str, int]:
    """The server's own count of operations (all services together), for round trips per journey."""
    status = await mongo.admin.command("serverStatus")
    counted: dict[str, int] = status["opcounters"]
    return counted


def stack_pids(stack: Stack) -> dict[str, int]:
    assert stack.mongo and stack.nats
    procs = {"database": stack.mongo, "nats": stack.nats, **stack.services}
    return {name: managed.proc.pid for name, managed in procs.items() if managed.proc}


def cpu_by_process(pids: dict[str, int]) -> dict[str, float]:
    """CPU time each process has used so far."""
    return {name: cpu_seconds(pid) for name, pid in pids.items()}


async def idle_rates(pids: dict[str, int], seconds: float = 3.0) -> dict[str, float]:
    """CPU seconds a second each process spends with no load (polls, heartbeats, timers)."""
    before = cpu_by_process(pids)
    await asyncio.sleep(seconds)
    after = cpu_by_process(pids)
    return {k: (after[k] - before[k]) / seconds for k in after}


def cpu_per_journey(
    before: dict[str, float],
    after: dict[str, float],
    n: int,
    idle: dict[str, float],
    seconds: float,
) -> dict[str, float]:
    """CPU ms per journey by process, its idle rate over the run's seconds taken off: a run whose
    tail waits longer would otherwise count its waiting as work."""
    return {
        k: max(v - before.get(k, 0.0) - idle.get(k, 0.0) * seconds, 0.0) * 1000 / n
        for k, v in after.items()
    }


SHARED = ("database", "nats")  # the servers both sides use


def shown_cpu(ms: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in ms.items()) + f" (total {sum(ms.values()):.0f} ms)"


def own_cpu(ms: dict[str, float]) -> float:
    """What the side's own processes spent: the servers left out."""
    return sum(v for k, v in ms.items() if k not in SHARED)


TOP_OPERATIONS = ("queries", "getmore", "insert", "update", "remove", "commands")


async def trips(mongo: AsyncMongoClient[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Each service's database operations so far, by kind: the database's own count by
    collection (`top`), summed over the service's database — nothing asked of the services,
    whose command counter is off by default (it costs them CPU). Commits name no collection:
    not counted here."""
    totals = (await mongo.admin.command("top"))["totals"]
    counted: dict[str, dict[str, float]] = {}
    for namespace, sections in totals.items():
        database = namespace.split(".", 1)[0]
        if namespace == "note" or not database.startswith("egisz_"):
            continue
        by = counted.setdefault(database.removeprefix("egisz_"), {})
        for kind in TOP_OPERATIONS:
            by[kind] = by.get(kind, 0.0) + sections[kind]["count"]
    return counted


def trips_per_journey(
    before: dict[str, dict[str, float]], after: dict[str, dict[str, float]], n: int
) -> str:
    lines = []
    for service, by in after.items():
        diff = {k: (v - before.get(service, {}).get(k, 0.0)) / n for k, v in by.items()}
        shown = {k: v for k, v in sorted(diff.items(), key=lambda kv: -kv[1]) if v >= 0.05}
        total = sum(shown.values())
        lines.append(
            f"{'':<36}{service:<14} {total:5.1f}: "
            + ", ".join(f"{k} {v:.1f}" for k, v in shown.items())
        )
    return "\n".join(lines)


def downstream(
    mongo: AsyncMongoClient[dict[str, Any]], snils: list[str]
) -> Callable[[], Awaitable[int]]:
    """How many of these registrations have a portfolio, an applicant and the cabinet notice."""

    def digits(s: str) -> str:
        return s.replace("-", "").replace(" ", "")

    return raw_journey.arrivals(
        [
            raw_journey.Place(mongo["egisz_portfolio"]["portfolios"], "snils", digits),
            raw_journey.Place(mongo["egisz_accreditation"]["applicants"], "snils", digits),
            raw_journey.Place(
                mongo["egisz_notify"]["notifications"],
                "recipient_id",
                lambda s: f"person:{digits(s)}",
                {"kind": "cabinet_created"},
            ),
        ],
        snils,
    )


async def until_done(count: Callable[[], Awaitable[int]], n: int, since: float) -> float:
    """Seconds from `since` until `count()` reaches n: the downstream lag."""
    while (got := await count()) < n:
        if time.perf_counter() - since > 300:
            raise SystemExit(f"downstream incomplete after 300 s: {got} of {n}")
        await asyncio.sleep(0.2)  # the counts are database work too: not too often
    return time.perf_counter() - since


class Stalls:
    """Seconds the database took over half a second to answer a `ping` while a run went on:
    SecantusDB stops now and then under this load (tests/bench/README.md), and a run it
    stopped in says more about the stop than about whoever ran."""

    def __init__(self, mongo: AsyncMongoClient[dict[str, Any]]) -> None:
        self.mongo, self.stalled = mongo, 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            started = time.perf_counter()
            await self.mongo.admin.command("ping")
            took = time.perf_counter() - started
            if took > 0.5:
                self.stalled += took
            await asyncio.sleep(0.25)

    async def __aenter__(self) -> Stalls:
        self._task = asyncio.create_task(self._watch())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


def start_raw(
    nats_url: str, mongo_url: str, folder: Path, roles: tuple[str, ...] = raw_journey.ROLES
) -> list[subprocess.Popen[bytes]]:
    """The raw journey's processes (all six by default), the responder first (it declares the
    stream), in `folder` (reporting's DuckDB file is kept there)."""
    procs = []
    for role in roles:
        proc = subprocess.Popen(
            [sys.executable, raw_journey.__file__, role, nats_url, mongo_url],
            stdout=subprocess.PIPE,
            cwd=folder,
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # "ready"
        procs.append(proc)
    return procs


async def officer_token(stack: Stack) -> str:
    """A token of the bench organization's officer, whose access grant is seeded first."""
    assert stack.mongo
    officer = snils_for(f"officer|{ORG}")
    await grant_access_at(stack.mongo.url, ORG, officer)
    return dev_token(stack.private_key, Role.ORG_OFFICER, org=ORG, snils=officer)


def registrations(client: Client, token: str, *, timeout: float) -> tuple[Call, Call]:
    """(the raw responder's registration, the registry's `worker.register`) for one body each."""

    async def raw_call(body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps({**body, "key": uuid.uuid4().hex}).encode()
        msg = await client.connection.request(raw_journey.REQUEST_SUBJECT, data, timeout=timeout)
        reply: dict[str, Any] = json.loads(msg.data)
        return reply

    async def register(body: dict[str, Any]) -> dict[str, Any]:
        return await client.call(
            subjects.WORKER_REGISTER.subject, body, token=token, idempotency_key=uuid.uuid4().hex
        )

    return raw_call, register


async def main(n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        settings = StackSettings.on_free_ports(Path(tmp))
        stack = Stack(settings, sink=None)
        raw_procs: list[subprocess.Popen[bytes]] = []
        try:
            stack.start()
            assert stack.nats and stack.mongo
            raw_procs = start_raw(stack.nats.url, stack.mongo.url, Path(tmp))
            raw_pids = {
                **{k: v for k, v in stack_pids(stack).items() if k in ("database", "nats")},
                **{role: p.pid for role, p in zip(raw_journey.ROLES, raw_procs, strict=True)},
            }
            token = await officer_token(stack)
            mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongo.url)
            print(f"journey: {n} registrations per level, 2 cores, embedded NATS + SecantusDB")
            async with Client(stack.nats.url, timeout=30) as client:
                raw_call, register = registrations(client, token, timeout=30)
                await load(register, [person() for _ in range(5)], 1)  # warm up
                await load(raw_call, [person() for _ in range(5)], 1)
                for clients in LEVELS:
                    await level(stack, mongo, n, clients, raw_call, register, raw_pids)
            await mongo.close()
        finally:
            for proc in raw_procs:
                proc.kill()
                proc.wait()
            stack.stop()
    return 0


async def stream_messages(url: str) -> tuple[int, int]:
    """Messages the streams hold: the system's and the raw's (a copy dropped by its
    `Nats-Msg-Id` is not counted: a publish is one message however often it was sent)."""
    nc = await nats.connect(url)
    try:
        kept = [(i.config.name, i.state.messages) for i in await nc.jetstream().streams_info()]
    finally:
        await nc.close()
    raw = sum(m for name, m in kept if name == raw_journey.STREAM)
    return sum(m for _, m in kept) - raw, raw


async def level(
    stack: Stack,
    mongo: AsyncMongoClient[dict[str, Any]],
    n: int,
    clients: int,
    raw_call: Call,
    register: Call,
    raw_pids: dict[str, int],
) -> None:
    raw_bodies = [person() for _ in range(n)]
    assert stack.nats
    streams_before = await stream_messages(stack.nats.url)
    raw_idle = await idle_rates(raw_pids)
    raw_ops_before = await opcounters(mongo)
    raw_cpu_before = cpu_by_process(raw_pids)
    raw_started = time.perf_counter()
    async with Stalls(mongo) as raw_stalls:
        seconds, lat, _ = await load(raw_call, raw_bodies, clients)
        raw_count = raw_journey.downstream(mongo, [b["snils"] for b in raw_bodies])
        raw_answered, raw_along = time.perf_counter(), await raw_count()
        raw_lag = await until_done(raw_count, n, raw_answered)
    await asyncio.sleep(1.0)  # the relays mark what they sent
    raw_ops = await opcounters(mongo)
    raw_cpu = cpu_per_journey(
        raw_cpu_before, cpu_by_process(raw_pids), n, raw_idle, time.perf_counter() - raw_started
    )
    raw_per = {k: (raw_ops[k] - raw_ops_before[k]) / n for k in raw_ops}
    raw_trip_rate = sum(raw_ops[k] - raw_ops_before[k] for k in raw_ops) / (seconds + raw_lag)
    raw = (n / seconds, pct(lat, 50), pct(lat, 99))
    raw_journeys = n / (seconds + raw_lag)
    print(
        f"raw at {clients:>2} clients: {raw[0]:8.1f}/s  "
        f"p50 {raw[1]:7.1f} ms  p99 {raw[2]:7.1f} ms; downstream done {raw_lag:5.2f} s after "
        f"the last reply, {raw_along} of {n} done by then (journey {raw_journeys:6.1f}/s end to "
        f"end); the database stalled {raw_stalls.stalled:.1f} s",
        flush=True,
    )
    bodies = [person() for _ in range(n)]
    idle = await idle_rates(stack_pids(stack))
    ops_before = await opcounters(mongo)
    trips_before = await trips(mongo)
    cpu_before = cpu_by_process(stack_pids(stack))
    started = time.perf_counter()
    async with Stalls(mongo) as stalls:
        seconds, lat, replies = await load(register, bodies, clients)
        answered = time.perf_counter()
        refused = [r for r in replies if not r.get("ok")]
        assert not refused, refused[:3]
        row(f"system at {clients:>2} clients", n, seconds, lat, raw)
        count = downstream(mongo, [b["snils"] for b in bodies])
        along = await count()
        lag = await until_done(count, n, answered)
    await asyncio.sleep(1.0)  # the outbox relays mark what they sent
    streams_after = await stream_messages(stack.nats.url)
    ops = await opcounters(mongo)
    per = {k: (ops[k] - ops_before[k]) / n for k in ops}
    trips_after = await trips(mongo)
    cpu = cpu_per_journey(
        cpu_before, cpu_by_process(stack_pids(stack)), n, idle, time.perf_counter() - started
    )
    journeys = n / (seconds + lag)
    print(
        f"{'':<34} downstream done {lag:5.2f} s after the last reply, {along} of {n} done by then "
        f"(journey {journeys:6.1f}/s end to end, {journeys / raw_journeys:4.0%} of raw's); "
        f"the database stalled {stalls.stalled:.1f} s",
        flush=True,
    )
    print(
        f"{'':<34} database operations per journey: "
        + ", ".join(f"{k} {v:.1f}" for k, v in per.items() if v >= 0.05)
        + "; raw: "
        + ", ".join(f"{k} {v:.1f}" for k, v in raw_per.items() if v >= 0.05),
        flush=True,
    )
    trip_rate = sum(ops[k] - ops_before[k] for k in ops) / (seconds + lag)
    print(
        f"{'':<34} database round trips/s: system {trip_rate:6.0f}, raw "
        f"{raw_trip_rate:6.0f} ({trip_rate / raw_trip_rate:4.0%}: the share of "
        "the database's pace the system uses)",
        flush=True,
    )
    published = [(a - b) / n for a, b in zip(streams_after, streams_before, strict=True)]
    print(
        f"{'':<34} messages the streams took per journey: system {published[0]:.1f}, "
        f"raw {published[1]:.1f}",
        flush=True,
    )
    print(f"{'':<34} CPU ms per journey (idle rate taken off): {shown_cpu(cpu)}", flush=True)
    print(f"{'':<34} raw's: {shown_cpu(raw_cpu)}", flush=True)
    print(
        f"{'':<34} our services' CPU per journey {own_cpu(cpu):.1f} ms, the raw processes' "
        f"{own_cpu(raw_cpu):.1f} ms ({own_cpu(cpu) / own_cpu(raw_cpu):.2f}×)",
        flush=True,
    )
    print(f"{'':<34} database operations per journey, by service (`top`):", flush=True)
    print(trips_per_journey(trips_before, trips_after, n), flush=True)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)))
