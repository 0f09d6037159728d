"""`make bench`: the public queries at 32 clients — public verification by full name and a FHIR
Practitioner search — through the gateway over HTTP, beside the same queries sent raw over NATS
with plain nats-py (what the gateway itself sends: the same subject, body and user), in the same
run. Prints answers a second, p50/p99 and the share of raw (target: ≥ 80 %); asserts only that
every answer is right.

    python tests/bench/public_queries.py [SECONDS] [CLIENTS]   # default 20 s each, 32 clients
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import nats
from process_cpu import cpu_seconds

sys.path.insert(0, str(Path(__file__).parents[2]))

from tests.e2e.conftest import ORG, grant_access, new_worker, quiet_stack

from egisz.cli.client import dev_token
from egisz.cli.stack import Stack
from egisz.contracts import subjects
from egisz.runtime.settings import inbox_prefix_of

WORKERS = 40  # all «Петрова Анна»: a name search answers every one of them (a page)


async def rate(
    clients: int, seconds: float, once: Callable[[], Awaitable[None]]
) -> tuple[float, list[float]]:
    """`clients` tasks asking one after another for `seconds`: answers a second and the times."""
    times: list[float] = []
    stop = time.monotonic() + seconds

    async def client() -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            await once()
            times.append((time.perf_counter() - started) * 1000)

    for _ in range(20):  # warm
        await once()
    began = time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    return len(times) / (time.monotonic() - began), sorted(times)


async def seed(stack: Stack) -> None:
    assert stack.nats and stack.mongo
    token = dev_token(
        stack.private_key, "org_officer", org=ORG, snils=await grant_access(stack.mongo.url, ORG)
    )
    url = stack.nats.url_for("gateway")
    nc = await nats.connect(url, inbox_prefix=inbox_prefix_of(url))
    for _ in range(WORKERS):
        reply = await nc.request(
            subjects.WORKER_REGISTER.subject,
            json.dumps(new_worker()).encode(),
            headers={"authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert json.loads(reply.data)["ok"], reply.data
    await nc.close()


async def measure(
    stack: Stack, clients: int, seconds: float
) -> dict[str, tuple[float, list[float]]]:
    assert stack.nats
    url = stack.nats.url_for("gateway")
    nc = await nats.connect(url, inbox_prefix=inbox_prefix_of(url))
    verify = json.dumps({"last_name": "Петрова", "first_name": "Анна"}).encode()
    search = {"type": "Practitioner", "parameters": [{"name": "family", "value": "Петрова"}]}
    search_body = json.dumps(search).encode()

    async def raw_verify() -> None:
        reply = await nc.request(subjects.PRACTITIONER_VERIFY.subject, verify, timeout=30)
        assert json.loads(reply.data)["ok"]

    async def raw_search() -> None:
        reply = await nc.request(subjects.DIRECTORY_SEARCH.subject, search_body, timeout=30)
        assert json.loads(reply.data)["result"]["entries"]

    # aiohttp's client (its parser in C): the load shares the two cores with the system, and
    # httpx's own CPU took half a core at these rates, a cost of the bench, not of the edge.
    base = stack.http_url("gateway")
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base, connector=connector) as http:

        async def http_verify() -> None:
            async with http.post("/api/registry/practitioner/verify", data=verify) as reply:
                assert (await reply.json())["ok"]

        async def fhir_search() -> None:
            async with http.get("/fhir/Practitioner", params={"family": "Петрова"}) as reply:
                assert (await reply.json(content_type=None))["entry"]

        found = await _until_found(raw_search)
        print(f"directory ready after {found:.1f} s")
        gateway = stack.services["gateway"].proc
        assert gateway is not None
        results = {}
        for name, once in [
            ("verification, raw NATS", raw_verify),
            ("verification, HTTP", http_verify),
            ("FHIR search, raw NATS", raw_search),
            ("FHIR search, HTTP", fhir_search),
        ]:
            cpu = cpu_seconds(gateway.pid)
            results[name] = await rate(clients, seconds, once)
            spent = cpu_seconds(gateway.pid) - cpu
            if not name.endswith("raw NATS"):
                per = spent / (results[name][0] * seconds) * 1000
                print(f"{name}: the gateway's CPU {per:.2f} ms a request")
    await nc.close()
    return results


async def _until_found(search: Callable[[], Awaitable[None]]) -> float:
    """The directory is a projection of the events: wait until it answers the search."""
    began = time.monotonic()
    while True:
        try:
            await search()
            return time.monotonic() - began
        except (AssertionError, KeyError):
            if time.monotonic() - began > 60:
                raise
            await asyncio.sleep(0.5)


def report(results: dict[str, tuple[float, list[float]]], clients: int, seconds: float) -> None:
    print(f"public queries, {clients} clients, {seconds:.0f} s each")
    print(f"{'query, path':<26}{'answers/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'of raw':>8}")
    raw = 0.0
    for name, (per_second, times) in results.items():
        raw = per_second if name.endswith("raw NATS") else raw
        p50, p99 = statistics.median(times), times[max(0, int(len(times) * 0.99) - 1)]
        share = f"{per_second / raw:.0%}" if not name.endswith("raw NATS") else ""
        print(f"{name:<26}{per_second:>11.1f}{p50:>9.1f}{p99:>9.1f}{share:>8}")


async def main(seconds: float, clients: int) -> None:
    with quiet_stack() as stack:
        await seed(stack)
        results = await measure(stack, clients, seconds)
    report(results, clients, seconds)


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:]]
    seconds, clients = (args + [20.0, 32.0][len(args) :])[:2]
    asyncio.run(main(seconds, int(clients)))
