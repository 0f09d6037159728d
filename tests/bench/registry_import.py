"""`make bench`: bulk import of generated workers into the registry, on the embedded NATS and
SecantusDB, beside a raw bulk baseline measured in the same run on the same servers. Prints
figures; asserts only that the import is right (exactly the bad rows reported; a second run
changes nothing).

The raw baseline is plain nats-py + pymongo doing the import's I/O with no framework: the same
request bodies in the same batches, each answered by a responder that runs one transaction (the
two look-ups by SNILS and by person key, `insert_many` of the very worker documents and outbox
rows the registry wrote), publishes the same event bodies to JetStream with their acks awaited
together, marks them sent with one write and replies.

    python tests/bench/registry_import.py [ROWS ...]      # default 10,000 and 100,000 rows, 1% bad
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import nats
from nats.aio.msg import Msg
from pydantic import ValidationError
from pymongo import AsyncMongoClient

from egisz.cli.client import Client, dev_token
from egisz.cli.importer import import_csv, read_rows, write_staff_csv
from egisz.contracts.registry import ImportRow, ImportWorkers
from egisz.kernel.clock import utcnow
from egisz.registry.app import build
from egisz.registry.settings import RegistrySettings
from egisz.registry.storage import INDEXES, WORKERS
from egisz.runtime.auth import generate_key_pair
from egisz.runtime.logging import configure_logging
from egisz.runtime.mongo import OUTBOX, RUNTIME_INDEXES, Mongo
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.testsupport.harness import eventually, running
from egisz.testsupport.servers import embedded_servers

ORG = "1.2.643.5.1.13.13.12.2.77.9999"


BATCH = 200  # rows per request, as `egisz import` sends them
MARK = 100  # events published and marked sent together, as the relay's OUTBOX_BATCH


def figure(name: str, count: int, seconds: float) -> float:
    rate = count / seconds
    print(f"{name:<48} {count:>7} in {seconds:7.2f} s = {rate:8.1f}/s", flush=True)
    return rate


def request_bodies(file: Path) -> list[bytes]:
    """The bodies `egisz import` sends for `file`: valid rows in batches of BATCH."""
    rows: list[ImportRow] = []
    for _, raw in read_rows(file):
        try:
            rows.append(ImportRow.model_validate(raw))
        except ValidationError:
            continue
    return [
        json.dumps(
            ImportWorkers(rows=rows[i : i + BATCH]).model_dump(mode="json", exclude_none=True)
        ).encode()
        for i in range(0, len(rows), BATCH)
    ]


async def raw_bulk_import(
    nats_url: str,
    mongo_url: str,
    bodies: list[bytes],
    workers: list[dict[str, Any]],
    outbox: list[dict[str, Any]],
) -> float:
    """The import's I/O with no framework (see the module's docstring); returns the seconds."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    db = client["bench_raw_import"]
    await db["workers"].create_indexes(INDEXES[WORKERS])
    await db["outbox"].create_indexes(RUNTIME_INDEXES[OUTBOX])
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await js.add_stream(name="BENCH_RAW_IMPORT", subjects=["bench.raw.>"])
    by_snils = {w["snils"]: w for w in workers}
    about: dict[str, list[dict[str, Any]]] = {}
    for e in outbox:
        about.setdefault(json.loads(e["body"])["subject"], []).append(e)

    spent = dict.fromkeys(("look-ups", "inserts + commit", "publish + acks", "sent mark"), 0.0)
    committed: asyncio.Queue[list[dict[str, Any]]] = asyncio.Queue()

    async def respond(msg: Msg) -> None:
        body = json.loads(msg.data)
        docs = [by_snils[r["snils"]] for r in body["rows"] if r["snils"] in by_snils]
        events = [e for d in docs for e in about.get(d["_id"], [])]
        t0 = time.perf_counter()
        async with client.start_session() as session, await session.start_transaction():
            snils = [r["snils"] for r in body["rows"]]
            await db["workers"].find({"snils": {"$in": snils}}, session=session).to_list()
            days = list({d["personal"]["birth_date"] for d in docs})
            born = {"personal.birth_date": {"$in": days}}
            names = {"_id": 1, "personal.name": 1, "personal.birth_date": 1}
            await db["workers"].find(born, names, session=session).to_list()
            t1 = time.perf_counter()
            for collection, new in (("workers", docs), ("outbox", events)):
                if new:
                    await db[collection].insert_many(new, session=session)
        spent["look-ups"] += t1 - t0
        spent["inserts + commit"] += time.perf_counter() - t1
        committed.put_nowait(events)  # published after the reply, as the relay does
        reply = [{"row": r["row"], "outcome": "created", "errors": []} for r in body["rows"]]
        await msg.respond(json.dumps({"ok": True, "result": {"rows": reply}}).encode())

    async def relay() -> None:
        while True:
            events = await committed.get()
            for chunk in range(0, len(events), MARK):  # the relay's batches
                some = events[chunk : chunk + MARK]
                t0 = time.perf_counter()
                await asyncio.gather(
                    *(
                        js.publish(
                            "bench.raw." + e["subject"],
                            e["body"],
                            headers={"Nats-Msg-Id": e["_id"]},
                        )
                        for e in some
                    )
                )
                t1 = time.perf_counter()
                await db["outbox"].update_many(
                    {"_id": {"$in": [e["_id"] for e in some]}}, {"$set": {"sent_at": utcnow()}}
                )
                spent["publish + acks"] += t1 - t0
                spent["sent mark"] += time.perf_counter() - t1
            committed.task_done()

    await nc.subscribe("bench.import", cb=respond)
    relaying = asyncio.create_task(relay())
    started = time.perf_counter()
    for body in bodies:
        await nc.request("bench.import", body, timeout=60)
    answered = time.perf_counter() - started
    await committed.join()
    seconds = time.perf_counter() - started
    relaying.cancel()
    print(
        f"raw: answered after {answered:.1f} s, every event published after {seconds:.1f} s; "
        + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items())
    )
    await nc.drain()
    await client.drop_database("bench_raw_import")
    await client.close()
    return seconds


async def raw_baselines(nats_url: str, mongo_url: str) -> None:
    mongo = Mongo(mongo_url, "bench_raw")
    started = time.perf_counter()
    for i in range(1000):
        await mongo["docs"].insert_one({"_id": i, "snils": f"{i:011d}", "name": "x" * 40})
    figure("raw: sequential insert_one (SecantusDB)", 1000, time.perf_counter() - started)
    started = time.perf_counter()
    for i in range(1000):
        await mongo["docs"].find_one({"_id": i})
    figure("raw: sequential find_one by _id", 1000, time.perf_counter() - started)
    await mongo.client.drop_database("bench_raw")
    await mongo.close()

    nc = await nats.connect(nats_url)

    async def echo(msg: Msg) -> None:
        await msg.respond(msg.data)

    await nc.subscribe("bench.echo", cb=echo)
    started = time.perf_counter()
    for _ in range(1000):
        await nc.request("bench.echo", b"x" * 200, timeout=2)
    figure("raw: sequential NATS request/reply", 1000, time.perf_counter() - started)
    await nc.drain()


async def main(rows: int) -> int:
    print(f"--- {rows:,} rows ---", flush=True)
    configure_logging("bench", "WARNING", "json")
    with embedded_servers() as servers:
        return await measure(rows, servers.root, servers.nats_url, servers.mongo_url)


async def grant_access(registry: Any, org: str, snils: str) -> None:
    """The access an approved FRMO request gives its responsible employee."""
    from egisz.testsupport import seeding

    await seeding.grant_access(seeding.unit_of_work(registry.unit_of_work()), org, snils)


async def measure(rows: int, root: Path, nats_url: str, mongo_url: str) -> int:
    await raw_baselines(nats_url, mongo_url)
    private, public = generate_key_pair(root / "keys")
    for owner in ("accreditation", "audit"):  # the streams the registry waits for at start
        await prepare_streams(ServiceSettings(service_name=owner, nats_url=nats_url), set())
    settings = RegistrySettings(
        nats_url=nats_url, mongo_url=mongo_url, jwt_public_key_file=public, log_level="WARNING"
    )
    file = root / "staff.csv"
    bad = write_staff_csv(file, rows, bad_every=100)
    officer = "12345678964"
    token = dev_token(private, "org_officer", org=ORG, snils=officer)
    async with running(build(settings)) as registry, Client(nats_url, timeout=600) as client:
        await grant_access(registry, ORG, officer)
        started = time.perf_counter()
        first = await import_csv(client, file, token=token)
        answered = time.perf_counter() - started
        unsent = registry.mongo[OUTBOX]
        await eventually(lambda: unsent.count_documents({"sent_at": None}), lambda n: n == 0, 600)
        seconds = time.perf_counter() - started
        print(
            f"system: answered after {answered:.1f} s, every event published after {seconds:.1f} s"
        )
        system = figure(f"import, first run ({len(bad)} bad rows)", rows, seconds)
        outbox = await registry.mongo[OUTBOX].count_documents({})
        written = await registry.mongo[WORKERS].find({}).to_list()
        events = await registry.mongo[OUTBOX].find({}).sort("seq", 1).to_list()
        for e in events:
            e["sent_at"] = None
        seconds = await raw_bulk_import(nats_url, mongo_url, request_bodies(file), written, events)
        raw = figure("raw: the same batches, nats-py + pymongo", rows, seconds)
        print(f"import, first run, of raw: {system / raw:.0%}", flush=True)
        del written, events
        started = time.perf_counter()
        second = await import_csv(client, file, token=token)
        figure("import, second run (nothing to change)", rows, time.perf_counter() - started)
        outbox_after = await registry.mongo[OUTBOX].count_documents({})

    reported = set(first.failed_rows)
    print(f"outcomes, first run:  {dict(first.outcomes)}")
    print(f"outcomes, second run: {dict(second.outcomes)}")
    print(f"events written: {outbox} by the first run, {outbox_after - outbox} by the second")
    ok = (
        reported == bad
        and set(second.failed_rows) == bad
        and second.outcomes["unchanged"] == rows - len(bad)
        and outbox_after == outbox
    )
    print("import correct: " + ("yes" if ok else f"NO (reported {sorted(reported ^ bad)[:10]})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    sys.exit(max(asyncio.run(main(rows)) for rows in sizes))
