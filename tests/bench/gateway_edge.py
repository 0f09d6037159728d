"""`make bench`: what the HTTP edge costs. The same `worker.get` N times, one at a time, with the
services and the gateway as processes: over NATS with plain nats-py (the raw baseline: what the
gateway itself does per request), over HTTP through the gateway (httpx), and as a FHIR
Practitioner read (the same query and the mapping to a validated resource). Prints p50/p99 of each
and the edge's share; asserts only that every answer is the record asked for.

    python tests/bench/gateway_edge.py [N]      # default 300 each, after 50 to warm up
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import nats

sys.path.insert(0, str(Path(__file__).parents[2]))

from tests.e2e.conftest import ORG, grant_access, new_worker, quiet_stack

from egisz.cli.client import dev_token
from egisz.contracts import subjects
from egisz.runtime.settings import inbox_prefix_of

WARM = 50


async def timed(n: int, once: Callable[[], Awaitable[Any]]) -> list[float]:
    for _ in range(WARM):
        await once()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        await once()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


async def main(n: int) -> None:
    with quiet_stack() as stack:
        assert stack.nats and stack.mongo
        token = dev_token(
            stack.private_key,
            "org_officer",
            org=ORG,
            snils=await grant_access(stack.mongo.url, ORG),
        )
        auth = {"authorization": f"Bearer {token}"}
        url = stack.nats.url_for("gateway")
        nc = await nats.connect(url, inbox_prefix=inbox_prefix_of(url))
        made = await nc.request(
            subjects.WORKER_REGISTER.subject,
            json.dumps(new_worker()).encode(),
            headers=auth,
            timeout=10,
        )
        worker_id = json.loads(made.data)["result"]["worker_id"]
        body = json.dumps({"worker_id": worker_id}).encode()

        async def raw() -> None:
            reply = await nc.request(subjects.WORKER_GET.subject, body, headers=auth, timeout=10)
            assert json.loads(reply.data)["result"]["worker_id"] == worker_id

        async with httpx.AsyncClient(base_url=stack.http_url("gateway"), headers=auth) as http:

            async def rest() -> None:
                reply = await http.post("/api/registry/worker/get", content=body)
                assert reply.json()["result"]["worker_id"] == worker_id

            async def fhir() -> None:
                reply = await http.get(f"/fhir/Practitioner/{worker_id}")
                assert reply.json()["id"] == worker_id

            results = {
                "raw nats-py request": await timed(n, raw),
                "REST through the gateway": await timed(n, rest),
                "FHIR Practitioner read": await timed(n, fhir),
            }
        await nc.close()
    base = statistics.median(results["raw nats-py request"])
    print(f"worker.get, {n} one at a time (after {WARM} to warm up)")
    print(f"{'path':<28}{'p50 ms':>9}{'p99 ms':>9}{'p50 vs raw':>12}")
    for name, times in results.items():
        p50, p99 = statistics.median(times), times[max(0, int(len(times) * 0.99) - 1)]
        print(f"{name:<28}{p50:>9.2f}{p99:>9.2f}{p50 / base:>11.2f}×")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
