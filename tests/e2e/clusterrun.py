"""`make cluster`: the deployment's shape, run for real on one machine, then counted.

Three nats-server nodes from the wheel form a JetStream cluster on loopback (every stream R3), and
every service and the gateway run as two processes sharing their queue groups and durables
(reporting as one: one process opens its facts file). Clinics' systems register workers steadily,
half over NATS and half over HTTP through either gateway. Meanwhile a NATS node that leads nothing
of the registry's stream is killed with SIGKILL and started again, then the stream's leader, then
one process of each service and of the gateway. Afterwards every accepted registration must be
exactly one record, portfolio, applicant, «Личный кабинет создан» and e-mail (two notify
processes run the deliveries), the reminders planned for today each sent once (two notify
processes run that schedule), no outbox row unsent, no dead letter, no NATS permission violation.
Then the throughput: the same clients for the same time against one process of each service and
against two, on this one machine.

    python -m tests.e2e.clusterrun [SECONDS] [CLIENTS]
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import nats
from pymongo import AsyncMongoClient

from egisz.cli.client import Client, ServiceUnavailableError, dev_token
from egisz.cli.stack import PROCESSES, Stack, StackSettings
from egisz.contracts.envelope import Role
from egisz.notify.domain.model import NotificationKind
from egisz.notify.domain.reminders import Reminder
from egisz.notify.repository import MongoNotifyUnitOfWork
from egisz.runtime.mongo import Mongo as RuntimeMongo, MongoUnitOfWork, OutgoingEvent
from egisz.testsupport.harness import snils_for
from egisz.testsupport.seeding import grant_access_at

from .faultrun import (
    ORG,
    Mongo,
    Tally,
    dead_letters,
    exited,
    in_thread,
    register_until,
    settle,
)


class Gateways:
    """A clinic's system over HTTP: the same `call` as the NATS client, each request to the next
    gateway process in turn, one that does not answer skipped."""

    def __init__(self, urls: list[str]) -> None:
        self._next = itertools.cycle(urls)
        self._http = httpx.AsyncClient(timeout=10)

    async def call(
        self, subject: str, body: dict[str, Any], *, token: str, idempotency_key: str
    ) -> dict[str, Any]:
        path = "/api/" + subject.replace("egisz.", "", 1).replace(".cmd.", "/").replace(".", "/")
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": idempotency_key}
        try:
            reply = await self._http.post(next(self._next) + path, json=body, headers=headers)
            answer: dict[str, Any] = reply.json()
        except (httpx.HTTPError, ValueError) as exc:  # a gateway down, or not answering JSON
            raise ServiceUnavailableError(str(exc)) from exc
        return answer

    async def close(self) -> None:
        await self._http.aclose()


def cluster(data_dir: Path, replicas: int, nodes: int = 3) -> Stack:
    settings = StackSettings.on_free_ports(data_dir)
    settings.nats_nodes, settings.replicas = nodes, replicas
    notify = {"DISPATCH_SECONDS": "0.5", "REMINDER_CHECK_SECONDS": "1"}
    return Stack(settings, sink=None, service_env={"notify": notify})


async def stream_leader(stack: Stack, stream: str, timeout: float = 60.0) -> str:
    """The server leading `stream`, once it has one (an election follows a leader's loss)."""
    nc = await nats.connect(stack.nats_url_for("admin").split(","), connect_timeout=3)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                info = await nc.jetstream(timeout=2).stream_info(stream)
                if info.cluster and info.cluster.leader:
                    return info.cluster.leader
            except (nats.errors.Error, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{stream} has no leader after {timeout:.0f} s")
            await asyncio.sleep(0.5)
    finally:
        await nc.close()


async def cluster_faults(stack: Stack, pace: float, log: Callable[[str], None]) -> set[str]:
    """A node that leads nothing of the registry's stream, then its leader, then one process of
    each service and of the gateway: each killed with SIGKILL, started again `pace` s later.
    Returns the NATS permission violations logged while the nodes were failing over."""
    before = set(stack.permission_violations())
    leader = await stream_leader(stack, "EGISZ_REGISTRY")
    for leading in (False, True):
        node = next(n for n in stack.nats_nodes if (n.server_name == leader) is leading)
        await asyncio.sleep(pace)
        log(f"kill -9 NATS {node.server_name} (the registry stream's leader: {leader})")
        node.kill()
        await asyncio.sleep(pace)
        node.start()
        await in_thread(node.wait_ready)
        leader = await stream_leader(stack, "EGISZ_REGISTRY")
        log(f"{node.server_name} back; the leader now {leader}")
    await asyncio.sleep(pace)  # the last replies of the failover
    failover = set(stack.permission_violations()) - before
    for service in PROCESSES:
        replica = stack.replicas(service)
        name = service if replica == 1 else f"{service}-{replica}"
        await asyncio.sleep(pace / 2)
        log(f"kill -9 {name}")
        stack.services[name].kill()
        await asyncio.sleep(pace / 2)
        stack.start_service(service, replica=replica)
    return failover


def refused_replies(failover: set[str]) -> list[str]:
    """Of the violations logged during a failover, the replies a node refused: a responder's
    right to answer (`allow_responses`) lives on the node that delivered the request, so a reply
    sent after the responder reconnected to another node is refused there; its caller times out
    and asks again with the same idempotency key (a lost answer is counted apart)."""
    return [v for v in failover if re.fullmatch(r"[a-z]+: publish _INBOX_[a-z]+\..+", v)]


async def load(
    stack: Stack,
    clients: int,
    done: asyncio.Event,
    tally: Tally,
    offset: int = 0,
    spacing: int = 700,  # days of birth dates a client may use (from 1950, never the future)
    http: bool = True,
) -> asyncio.Future[Any]:
    """`clients` clinics' systems registering until `done`: half over NATS and half over HTTP
    through the gateways, or (not `http`: a stack without its gateway) all over NATS."""
    assert stack.mongo
    officer = snils_for(f"officer|{ORG}")
    await grant_access_at(stack.mongo.url, ORG, officer)
    token = dev_token(stack.private_key, Role.ORG_OFFICER, org=ORG, snils=officer)
    over_nats = Client(stack.nats_url_for("gateway"), timeout=5)
    await over_nats.__aenter__()
    gateways = [stack.http_url(n) for n, (s, _) in stack.replica_of.items() if s == "gateway"]
    over_http = Gateways(gateways)

    async def run() -> None:
        try:
            await asyncio.gather(
                *(
                    register_until(
                        over_http if http and i % 2 else over_nats,  # type: ignore[arg-type]
                        token,
                        offset + i * spacing,
                        tally,
                        done,
                        0.2,
                    )
                    for i in range(clients)
                )
            )
        finally:
            await over_nats.__aexit__(None, None, None)
            await over_http.close()

    return asyncio.ensure_future(run())


def _no_events(event: object) -> OutgoingEvent:
    raise TypeError(f"planning reminders records no events, got {event!r}")


async def plan_reminders_at(mongo_url: str, count: int) -> list[str]:
    """`count` reminders due today, each to a mailbox of its own, as an event would plan them;
    every notify process's schedule finds them due at once."""
    mongo = RuntimeMongo(mongo_url, "egisz_notify")
    ids = [f"cluster-run-{i}" for i in range(count)]
    today = datetime.now(UTC).date()
    since = today - timedelta(days=183)  # as `review_plan` names its steps
    try:
        async with MongoNotifyUnitOfWork(MongoUnitOfWork(mongo), _no_events) as uow:
            for rid in ids:
                await uow.reminders.add(
                    Reminder(
                        rid, rid, f"person:cluster-run-{rid}", NotificationKind.DATA_REVIEW_DUE,
                        f"{since.isoformat()}+6m", today, {"since": since.strftime("%d.%m.%Y")},
                    )
                )  # fmt: skip
            await uow.commit()
    finally:
        await mongo.close()
    return ids


async def reminders_sent(stack: Stack) -> dict[str, int]:
    """Per reminder the run planned: the notifications it made (each must be one)."""
    assert stack.mongo
    mongo: Mongo = AsyncMongoClient(stack.mongo.url)
    made: dict[str, int] = {}
    try:
        async for doc in mongo["egisz_notify"]["notifications"].find(
            {"source_event_id": {"$regex": "^reminder:cluster-run-"}}, {"source_event_id": 1}
        ):
            rid = doc["source_event_id"].removeprefix("reminder:")
            made[rid] = made.get(rid, 0) + 1
    finally:
        await mongo.close()
    return made


async def cluster_run(
    clients: int = 6,
    pace: float = 5.0,
    log: Callable[[str], None] = print,
    settle_seconds: float = 240.0,
    reminders: int = 20,
) -> dict[str, Any]:
    """One run on a fresh cluster; returns the figures and the list of what went wrong."""
    with tempfile.TemporaryDirectory() as tmp:
        stack = cluster(Path(tmp), replicas=2)
        try:
            await in_thread(stack.start)
            log(f"cluster up: {len(stack.nats_nodes)} NATS nodes, {len(stack.services)} processes")
            assert stack.mongo
            planned = await plan_reminders_at(stack.mongo.url, reminders)
            tally, done = Tally(), asyncio.Event()
            started = time.monotonic()
            running = await load(stack, clients, done, tally)
            failover = await cluster_faults(stack, pace, log)
            await asyncio.sleep(pace)  # a little steady load after the last fault
            done.set()
            await running
            loaded = time.monotonic() - started
            log(f"load stopped ({len(tally.answered)} answered)")
            digits = sorted(tally.answered)
            found = await settle(stack, digits, settle_seconds)
            sent = await reminders_sent(stack)
            letters = await dead_letters(stack)
            violations = stack.permission_violations()
            gone = exited(stack)
            log("counted")
        finally:
            await in_thread(stack.stop)
            log("stopped")
    problems = found.problems()
    if sorted(sent) != sorted(planned) or any(n != 1 for n in sent.values()):
        problems.append(f"reminders: {len(planned)} planned, sent {sent}")
    problems += [f"{len(v)} {k}" for k, v in vars(tally).items() if isinstance(v, list) and v]
    problems += [f"{n} unsent outbox rows in {s}" for s, n in found.unsent.items() if n]
    problems += [f"{n} dead letters in {s}" for s, n in letters.items() if n]
    refused = refused_replies(failover)
    problems += [f"NATS permission violation: {v}" for v in violations if v not in refused]
    problems += gone
    return {
        "registrations": len(digits),
        "seconds": round(loaded, 1),
        "client retries": tally.retries,
        "e-mails arriving again (same Message-ID)": found.again,
        "reminders sent": len(sent),
        "replies refused by a node after a failover": len(refused),
        "problems": problems,
    }


SHAPES = {  # name: (NATS nodes, processes a service)
    "one NATS node, one process a service": (1, 1),
    "three nodes (R3), one process a service": (3, 1),
    "three nodes (R3), two processes a service": (3, 2),
}


async def throughputs(clients: int, seconds: float, rounds: int = 3) -> dict[str, list[float]]:
    """Registrations answered a second by `clients` steady clients, no faults, on each of
    `SHAPES`: all three stacks up at once and measured in turn, round after round, so the
    machine's drift falls on each alike."""
    found: dict[str, list[float]] = {name: [] for name in SHAPES}
    with tempfile.TemporaryDirectory() as tmp:
        stacks = {
            name: cluster(Path(tmp) / str(i), replicas=replicas, nodes=nodes)
            for i, (name, (nodes, replicas)) in enumerate(SHAPES.items())
        }
        try:
            for stack in stacks.values():
                await in_thread(stack.start)
            for r in range(rounds):
                for name, stack in stacks.items():
                    tally, done = Tally(), asyncio.Event()
                    running = await load(stack, clients, done, tally, r * clients * 100, 100)
                    await asyncio.sleep(3)  # warm
                    before, started = len(tally.answered), time.monotonic()
                    await asyncio.sleep(seconds)
                    found[name].append(
                        (len(tally.answered) - before) / (time.monotonic() - started)
                    )
                    done.set()
                    await running
        finally:
            for stack in stacks.values():
                await in_thread(stack.stop)
    return found


async def main(seconds: float, clients: int) -> int:
    logging.getLogger("nats").setLevel(logging.CRITICAL)  # the client's reconnect tracebacks
    began = time.monotonic()

    def log(line: str) -> None:
        print(f"  {time.monotonic() - began:6.1f} s  {line}", flush=True)

    print(f"cluster run: 3 NATS nodes (R3), 2 processes a service, {clients} clients", flush=True)
    report = await cluster_run(clients, pace=max(2.0, seconds / 12), log=log)
    print(
        f"  {report['registrations']} registrations in {report['seconds']} s, "
        f"{report['client retries']} client retries, {report['reminders sent']} reminders, "
        f"{report['replies refused by a node after a failover']} replies refused after a "
        "failover, "
        f"{report['e-mails arriving again (same Message-ID)']} e-mails arriving again: "
        + ("; ".join(report["problems"]) or "nothing lost, doubled or dead-lettered"),
        flush=True,
    )
    # The clients pause 0.2 s between registrations: enough of them to keep every process busy.
    busy = clients * 4
    rates = await throughputs(busy, seconds / 4)
    print(
        f"registrations answered a second, {busy} clients, 3 rounds of {seconds / 4:.0f} s "
        f"each in turn, on {_cores()} cores:",
        flush=True,
    )
    for name, per_round in rates.items():
        print(f"  {name}: median {statistics.median(per_round):.1f} "
              f"({', '.join(f'{r:.1f}' for r in per_round)})", flush=True)  # fmt: skip
    return 1 if report["problems"] else 0


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:]]
    seconds, clients = (args + [60.0, 6.0][len(args) :])[:2]
    sys.exit(asyncio.run(main(seconds, int(clients))))
