"""`make bench`: the reference books' costs, on the embedded NATS and SecantusDB, beside raw
baselines measured in the same run on the same servers. Prints figures; asserts only that what
was measured is right.

1. Loading a ФНСИ file of N entries (default 10,000): uploaded in parts and loaded over NATS,
   timed until the answer; beside the raw I/O of the same load (pymongo `insert_many` of the
   very entry documents in batches of 1,000, one dictionary document written).
2. A command with a coded field against the same command with text: `employment.start` with
   `position_code` (checked against the book, cached per version) and with `position`, in
   alternating rounds, per command.

    python tests/bench/nsi_codes.py [ENTRIES]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from egisz.cli.client import Client, dev_token
from egisz.contracts import subjects
from egisz.registry.app import build
from egisz.registry.domain.coding import POSITIONS
from egisz.registry.nsi.formats import read_file
from egisz.registry.nsi.repository import entry_document
from egisz.registry.settings import RegistrySettings
from egisz.runtime.auth import generate_key_pair
from egisz.runtime.logging import configure_logging
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.testsupport import seeding
from egisz.testsupport.harness import eventually, running, snils_for
from egisz.testsupport.servers import embedded_servers

ORG = "1.2.643.5.1.13.13.12.2.77.9998"
OFFICER = "12345678964"
ROUNDS, PER_ROUND = 10, 50


def ffnsi_file(entries: int) -> bytes:
    """A ФНСИ REST answer with its passport: a two-level book of `entries` rows."""
    rows = [{"ID": "1", "NAME": "Группа"}] + [
        {"ID": str(i), "PARENT": "1", "NAME": f"должность номер {i}", "STR_NUM": f"1.{i}"}
        for i in range(2, entries + 1)
    ]
    body = {
        "passport": {
            "oid": "1.2.643.5.1.13.13.99.9.1",
            "version": "1.0",
            "publishDate": "01.01.2025",
        },
        "list": [[{"column": k, "value": v} for k, v in r.items()] for r in rows],
    }
    return json.dumps(body, ensure_ascii=False).encode()


async def raw_load(mongo_url: str, content: bytes) -> float:
    """The load's database I/O with nothing around it: the same entry documents, one book."""
    parsed = read_file(content)
    oid, number = parsed.passport.oid or "", parsed.passport.number or ""
    docs = [entry_document(oid, number, e) for e in parsed.entries]
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    db = client["bench_raw_nsi"]
    started = time.perf_counter()
    for i in range(0, len(docs), 1000):
        await db["nsi_entries"].insert_many(docs[i : i + 1000], ordered=False)
    await db["nsi_dictionaries"].insert_one({"_id": oid, "versions": [number]})
    seconds = time.perf_counter() - started
    await client.drop_database("bench_raw_nsi")
    await client.close()
    return seconds


async def load(client: Client, token: str, content: bytes) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    stored = await client.upload(
        subjects.DICTIONARY_FILE_UPLOAD.subject, content, "book.json", token=token
    )
    reply = await client.call(
        subjects.DICTIONARY_LOAD.subject,
        {"file_id": stored["result"]["file"]["file_id"]},
        token=token,
    )
    return time.perf_counter() - started, reply


async def start_jobs(client: Client, token: str, worker: str, terms: dict[str, Any]) -> float:
    """Seconds per command over PER_ROUND part-time jobs (each its own start, never overlapping
    a main job)."""
    started = time.perf_counter()
    for _ in range(PER_ROUND):
        body = {
            "worker_id": worker,
            "rate": "0.25",
            "kind": "part_time",
            "start_date": "2024-09-01",
        }
        reply = await client.call(subjects.EMPLOYMENT_START.subject, body | terms, token=token)
        assert reply["ok"], reply
    return (time.perf_counter() - started) / PER_ROUND


async def register(client: Client, officer: str) -> str:
    reply = await client.call(
        subjects.WORKER_REGISTER.subject,
        {
            "snils": snils_for(uuid.uuid4().hex),
            "last_name": "Замерова",
            "first_name": "Анна",
            "birth_date": f"19{50 + uuid.uuid4().int % 49}-04-12",
        },
        token=officer,
    )
    assert reply["ok"], reply
    return str(reply["result"]["worker_id"])


async def measure(root: Path, nats_url: str, mongo_url: str, entries: int) -> int:
    private, public = generate_key_pair(root / "keys")
    for owner in ("accreditation", "audit"):  # the streams the registry waits for at start
        await prepare_streams(ServiceSettings(service_name=owner, nats_url=nats_url), set())
    settings = RegistrySettings(
        nats_url=nats_url, mongo_url=mongo_url, jwt_public_key_file=public, log_level="WARNING"
    )
    desk = dev_token(private, "registry_operator")
    officer = dev_token(private, "org_officer", org=ORG, snils=OFFICER)
    content = ffnsi_file(entries)
    async with running(build(settings)) as registry, Client(nats_url, timeout=600) as client:
        await seeding.grant_access(seeding.unit_of_work(registry.unit_of_work()), ORG, OFFICER)
        seconds, reply = await load(client, desk, content)
        assert reply["ok"] and reply["result"]["entries"] == entries, reply
        raw = await raw_load(mongo_url, content)
        print(f"load of {entries:,} entries (upload + check + write): {seconds:6.2f} s", flush=True)
        print(
            f"raw: the same entry documents and book, pymongo:   {raw:6.2f} s",
        )
        print(f"the load takes {seconds / raw:.1f}× its raw database I/O (target: ≤ 30 s)")

        async def book_there() -> dict[str, Any]:
            return await client.call(
                subjects.DICTIONARY_GET.subject, {"oid": POSITIONS}, token=None
            )

        await eventually(book_there, lambda r: bool(r.get("ok")), 60)
        workers = [await register(client, officer) for _ in range(2)]
        coded, text = [], []
        for n in range(ROUNDS):
            # Two people, so each record grows alike; the order alternates, so drift on a
            # shared machine falls on both.
            runs = [
                (coded, workers[0], {"position_code": "109"}),
                (text, workers[1], {"position": "врач-терапевт"}),
            ]
            for found, worker, terms in runs if n % 2 == 0 else reversed(runs):
                found.append(await start_jobs(client, officer, worker, terms))
    c, t = statistics.median(coded), statistics.median(text)
    print(f"employment.start with position_code: {c * 1000:6.2f} ms a command (median of {ROUNDS})")
    print(f"employment.start with position text: {t * 1000:6.2f} ms a command")
    print(f"a coded field's cost: {c / t - 1:+.1%} (target ≤ +5%)", flush=True)
    return 0


async def main(entries: int) -> int:
    configure_logging("bench", "WARNING", "json")
    with embedded_servers() as servers:
        return await measure(servers.root, servers.nats_url, servers.mongo_url, entries)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)))
