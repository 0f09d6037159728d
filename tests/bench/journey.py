"""`make bench`: the first journey under load, beside a raw baseline measured in the same run.

The whole local stack (embedded NATS + SecantusDB + the four services as processes) takes N
`worker.register` commands from 1, 8 and 32 concurrent clients; the run ends when every worker has
a portfolio, an applicant and the «Личный кабинет создан» notification. Beside it, a raw responder
(plain nats-py + pymongo in a process of its own, no framework) does the same database work per
request — two reads, a transaction inserting the record and an outbox row — and answers. Prints
throughput, p50/p99 and the downstream lag, each with its ratio to raw; asserts only correctness
(every registration answered once and reaching all three services).

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

import httpx
import nats
from prometheus_client.parser import text_string_to_metric_families
from pymongo import AsyncMongoClient

from egisz.cli.client import Client, dev_token
from egisz.cli.demo import random_snils
from egisz.cli.stack import SERVICES, Stack, StackSettings
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.registry.seeding import grant_access_at
from egisz.runtime.testing import snils_for

ORG = "1.2.643.5.1.13.13.12.2.77.4242"
RAW_SUBJECT = "bench.raw.register"
LEVELS = tuple(int(x) for x in os.environ.get("BENCH_LEVELS", "1,8,32").split(","))


# --- the raw baseline: its own process, the same database work per request -----------------------
async def raw_responder(nats_url: str, mongo_url: str) -> None:
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    db = mongo["bench_raw"]
    await db["workers"].create_index("snils", unique=True)
    await db["workers"].create_index("person_key")
    nc = await nats.connect(nats_url)

    async def handle(msg: Any) -> None:
        body = json.loads(msg.data)
        key = f"{body['last_name']}|{body['first_name']}|{body['birth_date']}"
        await db["workers"].find_one({"snils": body["snils"]})
        await db["workers"].find_one({"person_key": key})
        wid = uuid.uuid4().hex
        async with mongo.start_session() as session, await session.start_transaction():
            await db["workers"].insert_one({"_id": wid, "person_key": key, **body}, session=session)
            await db["outbox"].insert_one({"_id": wid, "event": body}, session=session)
        await msg.respond(json.dumps({"ok": True, "result": {"worker_id": wid}}).encode())

    async def on_request(msg: Any) -> None:
        asyncio.get_running_loop().create_task(handle(msg))  # as many at once as come

    await nc.subscribe(RAW_SUBJECT, queue="raw", cb=on_request)
    print("ready", flush=True)
    await asyncio.Event().wait()


# --- load ----------------------------------------------------------------------------------------
_born = iter(range(100_000))


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
    call: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]],
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


RAW_OPS = "query 2, insert 2, command 2 (start and commit)"


async def opcounters(mongo: AsyncMongoClient[dict[str, Any]]) -> dict[str, int]:
    """The server's own count of operations (all services together), for round trips per journey."""
    status = await mongo.admin.command("serverStatus")
    counted: dict[str, int] = status["opcounters"]
    return counted


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """CPU time each process of the stack has used so far (user + system, from /proc)."""
    assert stack.mongo and stack.nats
    procs = {"database": stack.mongo, "nats": stack.nats, **stack.services}
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for name, managed in procs.items():
        if managed.proc is None:
            continue
        fields = Path(f"/proc/{managed.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        used[name] = (int(fields[11]) + int(fields[12])) / tick
    return used


async def trips(stack: Stack) -> dict[str, dict[str, float]]:
    """Each service's database commands so far, by command (from its `/metrics`)."""
    counted: dict[str, dict[str, float]] = {}
    async with httpx.AsyncClient() as http:
        for service in SERVICES:
            text = (await http.get(stack.http_url(service) + "/metrics", timeout=5)).text
            for family in text_string_to_metric_families(text):
                for sample in family.samples:
                    if sample.name == "egisz_mongo_commands_total":
                        by = counted.setdefault(service, {})
                        name = sample.labels["command"]
                        by[name] = by.get(name, 0.0) + sample.value
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


async def downstream(mongo: AsyncMongoClient[dict[str, Any]], snils: list[str]) -> dict[str, int]:
    digits = [s.replace("-", "").replace(" ", "") for s in snils]
    return {
        "portfolios": await mongo["egisz_portfolio"]["portfolios"].count_documents(
            {"snils": {"$in": digits}}
        ),
        "applicants": await mongo["egisz_accreditation"]["applicants"].count_documents(
            {"snils": {"$in": digits}}
        ),
        "cabinet notices": await mongo["egisz_notify"]["notifications"].count_documents(
            {"recipient_id": {"$in": [f"person:{d}" for d in digits]}, "kind": "cabinet_created"}
        ),
    }


async def main(n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        settings = StackSettings.on_free_ports(Path(tmp))
        stack = Stack(settings, sink=None)
        raw_proc: subprocess.Popen[bytes] | None = None
        try:
            stack.start()
            assert stack.nats and stack.mongo
            raw_proc = subprocess.Popen(  # noqa: ASYNC220 (once, before the clock starts)
                [sys.executable, __file__, "--raw", stack.nats.url, stack.mongo.url],
                stdout=subprocess.PIPE,
            )
            assert raw_proc.stdout is not None
            raw_proc.stdout.readline()  # "ready"
            officer_snils = snils_for(f"officer|{ORG}")
            await grant_access_at(stack.mongo.url, ORG, officer_snils)
            token = dev_token(stack.private_key, Role.ORG_OFFICER, org=ORG, snils=officer_snils)
            mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(stack.mongo.url)
            print(f"journey: {n} registrations per level, 2 cores, embedded NATS + SecantusDB")
            async with Client(stack.nats.url, timeout=30) as client:

                async def raw_call(body: dict[str, Any]) -> dict[str, Any]:
                    msg = await client.connection.request(
                        RAW_SUBJECT, json.dumps(body).encode(), timeout=30
                    )
                    reply: dict[str, Any] = json.loads(msg.data)
                    return reply

                async def register(body: dict[str, Any]) -> dict[str, Any]:
                    return await client.call(
                        subjects.WORKER_REGISTER.subject,
                        body,
                        token=token,
                        idempotency_key=uuid.uuid4().hex,
                    )

                await load(register, [person() for _ in range(5)], 1)  # warm up
                await load(raw_call, [person() for _ in range(5)], 1)
                for clients in LEVELS:
                    raw_ops_before = await opcounters(mongo)
                    seconds, lat, _ = await load(raw_call, [person() for _ in range(n)], clients)
                    raw_trips = sum((await opcounters(mongo)).values()) - sum(
                        raw_ops_before.values()
                    )
                    raw_trip_rate = raw_trips / seconds
                    raw = (n / seconds, pct(lat, 50), pct(lat, 99))
                    print(
                        f"raw at {clients:>2} clients: {raw[0]:8.1f}/s  "
                        f"p50 {raw[1]:7.1f} ms  p99 {raw[2]:7.1f} ms",
                        flush=True,
                    )
                    bodies = [person() for _ in range(n)]
                    ops_before = await opcounters(mongo)
                    trips_before = await trips(stack)
                    cpu_before = cpu_seconds(stack)
                    seconds, lat, replies = await load(register, bodies, clients)
                    answered = time.perf_counter()
                    refused = [r for r in replies if not r.get("ok")]
                    assert not refused, refused[:3]
                    row(f"system at {clients:>2} clients", n, seconds, lat, raw)
                    want = dict.fromkeys(("portfolios", "applicants", "cabinet notices"), n)
                    while (got := await downstream(mongo, [b["snils"] for b in bodies])) != want:
                        if time.perf_counter() - answered > 300:
                            raise SystemExit(f"downstream incomplete after 300 s: {got}")
                        await asyncio.sleep(0.1)
                    lag = time.perf_counter() - answered
                    await asyncio.sleep(1.0)  # the outbox relays mark what they sent
                    ops = await opcounters(mongo)
                    per = {k: (ops[k] - ops_before[k]) / n for k in ops}
                    trips_after = await trips(stack)
                    cpu = {
                        k: (v - cpu_before.get(k, 0.0)) * 1000 / n
                        for k, v in cpu_seconds(stack).items()
                    }
                    print(
                        f"{'':<34} downstream done {lag:5.2f} s after the last reply "
                        f"(journey {n / (seconds + lag):6.1f}/s end to end)",
                        flush=True,
                    )
                    print(
                        f"{'':<34} database operations per journey: "
                        + ", ".join(f"{k} {v:.1f}" for k, v in per.items())
                        + f" (raw: {RAW_OPS})",
                        flush=True,
                    )
                    trip_rate = sum(ops[k] - ops_before[k] for k in ops) / (seconds + lag)
                    print(
                        f"{'':<34} database round trips/s: system {trip_rate:6.0f}, raw "
                        f"{raw_trip_rate:6.0f} ({trip_rate / raw_trip_rate:4.0%}: the share of "
                        "the database's pace the system uses)",
                        flush=True,
                    )
                    print(
                        f"{'':<34} CPU ms per journey: "
                        + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
                        + f" (total {sum(cpu.values()):.0f} ms on 2 cores)",
                        flush=True,
                    )
                    print(f"{'':<34} round trips per journey, by service:", flush=True)
                    print(trips_per_journey(trips_before, trips_after, n), flush=True)
            await mongo.close()
        finally:
            if raw_proc is not None:
                raw_proc.kill()
                raw_proc.wait()
            stack.stop()
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--raw":
        asyncio.run(raw_responder(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)))
