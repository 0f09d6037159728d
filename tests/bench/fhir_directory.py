"""`make bench`: the mCSD directory at national scale (issue 33). 100,000 practitioners, each
with a job at one of 500 organizations, are written into the registry's directory as its
refresh would write them (the records' resources, built by the registry's own domain); then,
with the stack as processes, 32 clients search for a while by family name
(`Practitioner?family=…`) and by organization (`PractitionerRole?organization=…`): raw over NATS
(plain nats-py sending `registry.directory.search`, the baseline) and through the gateway's
`/fhir` (aiohttp). Prints each rate, the gateway's share of the raw rate, and p50/p99.

    python tests/bench/fhir_directory.py [PRACTITIONERS] [SECONDS]   # 100000, 20 (each way,
                                                                       # in 5 rounds)
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import nats
from pymongo import AsyncMongoClient

sys.path.insert(0, str(Path(__file__).parents[2]))

from tests.e2e.conftest import quiet_stack

from egisz.cli.stack import Stack
from egisz.contracts import subjects
from egisz.registry.directory.domain.people import of_worker
from egisz.registry.directory.domain.records import changes
from egisz.registry.directory.repository import CURRENT, document
from egisz.registry.domain.people import FullName, PersonalData
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import EmploymentKind, EmploymentRecord
from egisz.runtime.settings import inbox_prefix_of

CLIENTS = 32
ROUNDS = 5
ORGANIZATIONS = 500
SYLLABLES = [
    "ба",
    "ве",
    "ги",
    "до",
    "жу",
    "за",
    "ки",
    "ло",
    "ма",
    "ны",
    "ос",
    "пе",
    "ру",
    "са",
    "ти",
    "ух",
    "фе",
    "ха",
    "це",
    "чи",
    "ша",
]
GIVEN = ["Анна", "Мария", "Ольга", "Елена", "Иван", "Пётр", "Сергей", "Алексей", "Дмитрий"]
NOW = datetime.now(UTC).replace(microsecond=0)


def surnames(count: int) -> list[str]:
    rng = random.Random(7)
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + "ов")
    return sorted(found)


def organizations() -> list[str]:
    return [f"1.2.643.5.1.13.13.12.2.77.{90000 + n}" for n in range(ORGANIZATIONS)]


def documents(count: int, families: list[str], orgs: list[str]) -> list[dict[str, Any]]:
    """The directory's documents of `count` practitioners and their jobs, as a refresh makes
    them."""
    rng = random.Random(11)
    out = []
    for n in range(count):
        worker_id = f"{n:032x}"
        org = rng.choice(orgs)
        job = EmploymentRecord(
            f"{n:012x}{rng.getrandbits(80):020x}", org, None, "врач-терапевт", Decimal(1),
            EmploymentKind.MAIN, date(2020, 1, 1), position_code="109",
        )  # fmt: skip
        person = PersonalData(FullName(rng.choice(families), rng.choice(GIVEN)), date(1980, 1, 1))
        worker = Worker(worker_id, f"{n:011d}", person, NOW, employments=[job])
        made = of_worker(worker, NOW.date())
        out += [document(v) for v in changes(f"worker:{worker_id}", made, [], NOW)]
    return out


async def fill(mongo_url: str, docs: list[dict[str, Any]]) -> float:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    started = time.perf_counter()
    collection = client["egisz_registry"][CURRENT]
    for start in range(0, len(docs), 2000):
        await collection.insert_many(docs[start : start + 2000], ordered=False)
    await client.close()
    return time.perf_counter() - started


async def run(seconds: float, once: Callable[[], Awaitable[None]]) -> tuple[float, list[float]]:
    """`CLIENTS` loops of `once` for `seconds`: requests a second and each one's ms."""
    times: list[float] = []
    stop = time.perf_counter() + seconds

    async def client() -> None:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            await once()
            times.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return len(times) / (time.perf_counter() - started), sorted(times)


def queries(families: list[str], orgs: list[str]) -> dict[str, tuple[str, Callable[[], str]]]:
    rng = random.Random(3)
    return {
        "by family name": ("Practitioner", lambda: f"family={rng.choice(families)}"),
        "by organization": ("PractitionerRole", lambda: f"organization={rng.choice(orgs)}"),
    }


async def measure(stack: Stack, families: list[str], orgs: list[str], seconds: float) -> None:
    assert stack.nats
    url = stack.nats.url_for("gateway")
    nc = await nats.connect(url, inbox_prefix=inbox_prefix_of(url), pending_size=2**26)
    base = f"{stack.http_url('gateway')}/fhir"
    connector = aiohttp.TCPConnector(limit=CLIENTS)
    rows = []
    async with aiohttp.ClientSession(connector=connector) as http:
        for name, (type, query) in queries(families, orgs).items():

            async def raw(type: str = type, query: Callable[[], str] = query) -> None:
                param, value = query().split("=", 1)
                body = {"type": type, "parameters": [{"name": param, "value": value}]}
                reply = await nc.request(
                    subjects.DIRECTORY_SEARCH.subject, json.dumps(body).encode(), timeout=30
                )
                assert json.loads(reply.data)["ok"], reply.data[:300]

            async def fhir(type: str = type, query: Callable[[], str] = query) -> None:
                async with http.get(f"{base}/{type}?{query()}") as answer:
                    body = await answer.json(content_type=None)
                    assert body.get("resourceType") == "Bundle", body

            for _ in range(20):
                await raw()
                await fhir()
            # Turn about in short rounds: a shared machine's drift falls on both alike.
            raw_times: list[float] = []
            http_times: list[float] = []
            raw_rate = http_rate = 0.0
            for _ in range(ROUNDS):
                rate, times = await run(seconds / ROUNDS, raw)
                raw_rate, raw_times = raw_rate + rate / ROUNDS, raw_times + times
                rate, times = await run(seconds / ROUNDS, fhir)
                http_rate, http_times = http_rate + rate / ROUNDS, http_times + times
            rows.append((name, raw_rate, http_rate, sorted(raw_times), sorted(http_times)))
    await nc.close()
    print(f"{'search':<18}{'raw req/s':>11}{'/fhir req/s':>13}{'share':>8}"
          f"{'raw p50/p99 ms':>17}{'/fhir p50/p99 ms':>19}")  # fmt: skip
    for name, raw_rate, http_rate, rt, ht in rows:
        print(
            f"{name:<18}{raw_rate:>11.0f}{http_rate:>13.0f}{http_rate / raw_rate:>7.0%}"
            f"{_pp(rt):>17}{_pp(ht):>19}"
        )


def _pp(times: list[float]) -> str:
    return f"{statistics.median(times):.0f}/{times[int(len(times) * 0.99) - 1]:.0f}"


async def main(count: int, seconds: float) -> None:
    families, orgs = surnames(max(count // 50, 10)), organizations()
    started = time.perf_counter()
    docs = documents(count, families, orgs)
    built = time.perf_counter() - started
    with quiet_stack() as stack:
        assert stack.mongo
        filled = await fill(stack.mongo.url, docs)
        print(
            f"{count:,} practitioners, {len(docs):,} resources: built in {built:.1f} s, "
            f"written in {filled:.1f} s; {CLIENTS} clients, {seconds:.0f} s each"
        )
        await measure(stack, families, orgs, seconds)


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(int(args[0]) if args else 100_000, float(args[1]) if len(args) > 1 else 20))
