"""`make bench`: what the audit journal adds to a read, on the embedded NATS and SecantusDB,
beside a raw baseline measured in the same run on the same servers. Prints figures; asserts only
that what was measured is right.

`worker.get` by an officer of the employing organization (the record with its contacts: an entry
naming the person), in alternating rounds with the registry's journal on and off (the same
process, the same record, so drift on a shared machine falls on both); the raw baseline is plain
nats-py publishing the same entry's bytes to the journal's stream and awaiting the ack — the I/O
the journal adds. Target: the journal adds at most 10% to a read.

    python tests/bench/audit_journal.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import nats
import uvloop
from pymongo import AsyncMongoClient

from egisz.cli.client import Client, dev_token
from egisz.contracts import subjects
from egisz.contracts.subjects.audit_subjects import JOURNALED
from egisz.registry.app import build
from egisz.registry.settings import RegistrySettings
from egisz.runtime.auth import generate_key_pair
from egisz.runtime.logging import configure_logging
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.testsupport import seeding
from egisz.testsupport.harness import running, snils_for
from egisz.testsupport.servers import embedded_servers

ORG = "1.2.643.5.1.13.13.12.2.77.9997"
OFFICER = "12345678964"
ROUNDS, PER_ROUND = 20, 100
CLIENTS, LOADED_ROUNDS = 32, 6  # reads at once, and rounds of them, for the loaded figure


async def reads(client: Client, token: str, worker_id: str) -> float:
    """Seconds per `worker.get` over PER_ROUND reads, one after another."""
    started = time.perf_counter()
    for _ in range(PER_ROUND):
        reply = await client.call(
            subjects.WORKER_GET.subject, {"worker_id": worker_id}, token=token
        )
        assert reply["ok"], reply
    return (time.perf_counter() - started) / PER_ROUND


async def reads_at_once(client: Client, token: str, worker_id: str) -> float:
    """Reads a second with CLIENTS callers at once, each sending its next read on its answer."""
    started = time.perf_counter()
    await asyncio.gather(*(reads(client, token, worker_id) for _ in range(CLIENTS)))
    return CLIENTS * PER_ROUND / (time.perf_counter() - started)


async def raw_publishes(
    nats_url: str, body: bytes, before_each: Callable[[], Awaitable[object]] | None = None
) -> float:
    """Seconds per JetStream publish + ack of an entry's bytes, plain nats-py: back to back, or
    each after `before_each` (a read's own I/O, untimed) — back to back, the server's and the
    client's paths stay warm; between reads they are not."""
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    subject = JOURNALED["registry"].subject
    spent = 0.0
    for _ in range(PER_ROUND):
        if before_each is not None:
            await before_each()
        started = time.perf_counter()
        await js.publish(subject, body, headers={"Nats-Msg-Id": uuid.uuid4().hex})
        spent += time.perf_counter() - started
    await nc.close()
    return spent / PER_ROUND


async def measure(root: Path, nats_url: str, mongo_url: str) -> int:
    private, public = generate_key_pair(root / "keys")
    for owner in ("audit", "accreditation"):
        await prepare_streams(ServiceSettings(service_name=owner, nats_url=nats_url), set())
    settings = RegistrySettings(
        nats_url=nats_url, mongo_url=mongo_url, jwt_public_key_file=public, log_level="WARNING"
    )
    officer = dev_token(private, "org_officer", org=ORG, snils=OFFICER)
    async with running(build(settings)) as registry, Client(nats_url, timeout=60) as client:
        await seeding.grant_access(seeding.unit_of_work(registry.unit_of_work()), ORG, OFFICER)
        reply = await client.call(
            subjects.WORKER_REGISTER.subject,
            {
                "snils": snils_for(uuid.uuid4().hex),
                "last_name": "Замерова",
                "first_name": "Анна",
                "birth_date": "1979-04-12",
                "email": "anna@clinic.ru",
            },
            token=officer,
        )
        assert reply["ok"], reply
        worker_id = reply["result"]["worker_id"]
        journal = registry.messaging.journal
        assert journal is not None
        on: list[float] = []
        off: list[float] = []
        cpu: dict[bool, list[float]] = {True: [], False: []}  # this process's, a read
        raw: list[float] = []
        raw_in_reads: list[float] = []
        mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
        workers = mongo[settings.database]["workers"]
        entry = b""

        async def read_worker() -> object:  # what a read does before its entry, plain pymongo
            return await workers.find_one({"_id": worker_id})

        for n in range(ROUNDS):
            for journaled in (True, False) if n % 2 == 0 else (False, True):
                registry.messaging.journal = journal if journaled else None
                spent = time.process_time()
                (on if journaled else off).append(await reads(client, officer, worker_id))
                cpu[journaled].append((time.process_time() - spent) / PER_ROUND)
            if not entry:
                js = registry.broker.connection.jetstream()
                info = await js.stream_info("EGISZ_AUDIT")
                last = await js.get_msg("EGISZ_AUDIT", info.state.last_seq)
                entry = last.data or b""
                assert b"worker.get" in entry, entry[:200]
            raw.append(await raw_publishes(nats_url, entry))
            raw_in_reads.append(await raw_publishes(nats_url, entry, read_worker))
        loaded: dict[bool, list[float]] = {True: [], False: []}
        for n in range(LOADED_ROUNDS):
            for journaled in (True, False) if n % 2 == 0 else (False, True):
                registry.messaging.journal = journal if journaled else None
                loaded[journaled].append(await reads_at_once(client, officer, worker_id))
        registry.messaging.journal = journal
        await mongo.close()
    a, b, r = statistics.median(on), statistics.median(off), statistics.median(raw)
    r_read = statistics.median(raw_in_reads)
    # Each round's two halves ran back to back: their ratio is what the journal adds with the
    # machine's drift between rounds taken out.
    paired = sorted(x / y - 1 for x, y in zip(on, off, strict=True))
    print(f"worker.get with the journal:    {a * 1000:6.3f} ms a read (median of {ROUNDS})")
    print(f"worker.get without the journal: {b * 1000:6.3f} ms a read")
    print(
        f"raw: JetStream publish + ack of the entry ({len(entry)} B), nats-py: {r * 1000:6.3f} ms "
        f"back to back, {r_read * 1000:6.3f} ms each after a read of the worker (pymongo); "
        f"the journal in the service: {(a - b) * 1000:+.3f} ms a read"
    )
    print(
        f"the journal adds {statistics.median(paired):+.1%} to a read, round by round "
        f"(quartiles {paired[len(paired) // 4]:+.1%} … {paired[3 * len(paired) // 4]:+.1%}; "
        f"medians alone {a / b - 1:+.1%}; target ≤ +10%)",
        flush=True,
    )
    c_on, c_off = statistics.median(cpu[True]), statistics.median(cpu[False])
    print(
        f"CPU a read (the registry and the calling client in this process): "
        f"{c_on * 1000:.3f} ms with the journal, {c_off * 1000:.3f} ms without "
        f"({c_on / c_off - 1:+.1%})"
    )
    l_on, l_off = statistics.median(loaded[True]), statistics.median(loaded[False])
    print(
        f"{CLIENTS} readers at once: {l_on:.0f} reads a second with the journal, {l_off:.0f} "
        f"without ({l_on / l_off - 1:+.1%}; median of {LOADED_ROUNDS // 2} rounds each)",
        flush=True,
    )
    return 0


async def main() -> int:
    configure_logging("bench", "WARNING", "json")
    with embedded_servers() as servers:
        return await measure(servers.root, servers.nats_url, servers.mongo_url)


if __name__ == "__main__":
    sys.exit(uvloop.run(main()))  # the loop the services run on
