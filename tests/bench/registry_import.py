"""`make bench`: bulk import of generated workers into the registry, on the embedded NATS and
SecantusDB, beside raw baselines measured in the same run. Prints figures; asserts only that the
import is right (exactly the bad rows reported; a second run changes nothing).

    python tests/bench/registry_import.py [ROWS]      # default 10,000 rows, 1% bad
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nats
from nats.aio.msg import Msg

from egisz.cli.client import Client, dev_token
from egisz.cli.importer import import_csv, write_staff_csv
from egisz.cli.infra import EmbeddedMongo, EmbeddedNats, free_port
from egisz.registry.app import build
from egisz.registry.settings import RegistrySettings
from egisz.runtime.auth import generate_key_pair
from egisz.runtime.logging import configure_logging
from egisz.runtime.mongo import OUTBOX, Mongo
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.runtime.testing import running

ORG = "1.2.643.5.1.13.13.12.2.77.9999"


def figure(name: str, count: int, seconds: float) -> None:
    print(f"{name:<48} {count:>7} in {seconds:7.2f} s = {count / seconds:8.1f}/s", flush=True)


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
    configure_logging("bench", "WARNING", "console")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        nats_server = EmbeddedNats(root / "nats", free_port(), sink=None, log_file=root / "n.log")
        mongo_server = EmbeddedMongo(
            root / "mongo", free_port(), sink=None, log_file=root / "m.log"
        )
        nats_server.start()
        mongo_server.start()
        try:
            nats_server.wait_ready()
            mongo_server.wait_ready()
            return await measure(rows, root, nats_server.url, mongo_server.url)
        finally:
            mongo_server.stop()
            nats_server.stop()


async def grant_access(registry: Any, org: str, snils: str) -> None:
    """The access an approved FRMO request gives its responsible employee."""
    from egisz.registry import seeding

    await seeding.grant_access(seeding.unit_of_work(registry.unit_of_work()), org, snils)


async def measure(rows: int, root: Path, nats_url: str, mongo_url: str) -> int:
    await raw_baselines(nats_url, mongo_url)
    private, public = generate_key_pair(root / "keys")
    await prepare_streams(ServiceSettings(service_name="accreditation", nats_url=nats_url), set())
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
        figure(f"import, first run ({len(bad)} bad rows)", rows, time.perf_counter() - started)
        outbox = await registry.mongo[OUTBOX].count_documents({})
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
    sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)))
