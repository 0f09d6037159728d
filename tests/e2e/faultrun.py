"""`make faults`: the journey under faults, done for real, then counted.

Several clients register workers steadily, each with its own idempotency key and retries (as a
clinic's system would). Meanwhile each service is killed with SIGKILL and started again, the
registry is killed by its own relay between a commit and the publish and between a publish and
the sent mark (`egisz.testsupport.crashing`), the database process is frozen (SIGSTOP) for 10 s, and nats-server is
killed and started again.
Afterwards every accepted registration must be exactly one record whose client got its first
answer, and every worker exactly one portfolio, one applicant, one «Личный кабинет создан» and one
e-mail; every registration answered must be in the audit journal (its entry went ahead of the
answer); no outbox row unsent and no dead letter anywhere.

    python tests/e2e/faultrun.py [RUNS] [CLIENTS]
"""

from __future__ import annotations

import asyncio
import logging
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import nats
from pymongo import AsyncMongoClient

from egisz.cli.client import Client, ServiceUnavailableError, dev_token
from egisz.cli.demo import random_snils
from egisz.cli.stack import SERVICES, Stack, StackSettings
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.testsupport.harness import snils_for
from egisz.testsupport.seeding import grant_access_at

ORG = "1.2.643.5.1.13.13.12.2.77.7777"
Mongo = AsyncMongoClient[dict[str, Any]]


CRASH_WAIT_SECONDS = 150.0  # how long a service set to kill itself may take to get there
GRACE_SECONDS = 60.0  # how long a registration may stay unanswered once the faults are over


@dataclass
class Tally:
    """What the clients saw."""

    answered: dict[str, str] = field(default_factory=dict)  # snils → worker id of the first answer
    lost_first_answer: list[str] = field(default_factory=list)
    different_answer: list[str] = field(default_factory=list)
    gave_up: list[str] = field(default_factory=list)
    retries: int = 0


def people(count: int, offset: int) -> list[dict[str, Any]]:
    born = date(1950, 1, 1)
    found = []
    for i in range(count):
        snils = random_snils()
        digits = snils.replace("-", "").replace(" ", "")
        found.append(
            {
                "snils": snils,
                "last_name": "Сбоева",
                "first_name": "Ирина",
                "birth_date": (born + timedelta(days=offset + i)).isoformat(),
                "email": f"w{digits}@clinic.example",
            }
        )
    return found


async def register_until(
    client: Client, token: str, offset: int, tally: Tally, done: asyncio.Event, pause: float
) -> None:
    """One clinic's system, registering someone new every `pause` seconds until the faults are
    over: each person once, retried with the same key until answered."""
    n = 0
    give_up_at: float | None = None
    while not done.is_set():
        [body] = people(1, offset + n)
        n += 1
        await asyncio.sleep(pause)
        key = uuid.uuid4().hex
        digits = body["snils"].replace("-", "").replace(" ", "")
        first: str | None = None
        while True:
            if done.is_set():
                give_up_at = give_up_at or time.monotonic() + GRACE_SECONDS
                if time.monotonic() > give_up_at:
                    tally.gave_up.append(digits)
                    return
            try:
                reply = await client.call(
                    subjects.WORKER_REGISTER.subject, body, token=token, idempotency_key=key
                )
            except (ServiceUnavailableError, nats.errors.Error, OSError):
                tally.retries += 1
                await asyncio.sleep(0.5)
                continue
            if reply.get("ok"):
                first = reply["result"]["worker_id"]
                break
            code = reply["error"]["code"]
            if code in ("service_unavailable", "concurrent_update"):  # "try again"
                tally.retries += 1
                await asyncio.sleep(0.5)
                continue
            if code == "worker_already_registered":
                tally.lost_first_answer.append(digits)  # a retry that did not get its answer
                break
            raise AssertionError(f"unexpected refusal for {digits}: {reply['error']}")
        if first is not None:
            if tally.answered.get(digits, first) != first:
                tally.different_answer.append(digits)
            tally.answered[digits] = first


async def in_thread(fn: Callable[[], Any]) -> Any:
    return await asyncio.to_thread(fn)


async def faults(stack: Stack, pace: float, log: Callable[[str], None]) -> None:
    """Each fault in turn, `pace` seconds apart, while the clients keep going. A restarted
    process is not waited for, as a supervisor does not wait (issue 29): the next fault may meet
    it starting, and one service is restarted while the database is frozen."""
    assert stack.mongo and stack.nats
    for service in SERVICES:
        await asyncio.sleep(pace)
        log(f"kill -9 {service}, started again at once")
        await in_thread(stack.services[service].kill)
        await in_thread(lambda s=service: stack.start_service(s))
    for point in ("after_commit", "after_publish"):
        await asyncio.sleep(pace)
        await crash_at(stack, "registry", point, log)
    await asyncio.sleep(pace)
    log("database frozen (SIGSTOP) for 10 s; portfolio killed and started again meanwhile")
    stack.mongo.signal(signal.SIGSTOP)
    await asyncio.sleep(2)
    await in_thread(stack.services["portfolio"].kill)
    await in_thread(lambda: stack.start_service("portfolio"))
    await asyncio.sleep(8)
    stack.mongo.signal(signal.SIGCONT)
    log("database thawed")
    await asyncio.sleep(pace)
    log("kill -9 nats-server, started again at once")
    await in_thread(stack.nats.kill)
    await in_thread(stack.nats.start)
    await asyncio.sleep(pace)
    await in_thread(lambda: stack.wait_ready(*SERVICES, timeout=180))
    log("every service ready")


async def crash_at(stack: Stack, service: str, point: str, log: Callable[[str], None]) -> None:
    """Restart `service` set to kill itself at `point` of its outbox relay (events committed and
    not published, or published and not marked sent), then start it as usual."""
    log(f"kill -9 {service}; started again to kill itself {point.replace('_', ' ')}")
    await in_thread(stack.services[service].kill)
    crashing = ["egisz.testsupport.crashing", service, point]
    proc = await in_thread(lambda: stack.start_service(service, run=crashing))
    assert proc.proc is not None
    try:  # past the database's 60 s transaction lifetime: the last kill may have left some open
        code = await in_thread(lambda: proc.proc.wait(CRASH_WAIT_SECONDS) if proc.proc else None)
    except subprocess.TimeoutExpired:
        last = "\n".join(list(proc.lines)[-30:])
        raise AssertionError(
            f"{service} never reached {point} with load running:\n{last}"
        ) from None
    assert code == -signal.SIGKILL, code
    await in_thread(proc.drain)
    assert any("killing this process on purpose" in line for line in proc.lines), list(proc.lines)[
        -10:
    ]
    await in_thread(lambda: stack.start_service(service))
    await in_thread(lambda: stack.wait_ready(service, timeout=120))
    log(f"{service} killed {point.replace('_', ' ')}, back")


async def counts(mongo: Mongo, digits: list[str]) -> dict[str, list[int]]:
    async def per(db: str, coll: str, key: str, values: list[str]) -> list[int]:
        found: dict[str, int] = {}
        async for doc in mongo[db][coll].find({key: {"$in": values}}, {key: 1}):
            found[doc[key]] = found.get(doc[key], 0) + 1
        return [found.get(v, 0) for v in values]

    cabinet: dict[str, int] = {}
    async for doc in mongo["egisz_notify"]["notifications"].find(
        {"kind": "cabinet_created", "recipient_id": {"$in": [f"person:{d}" for d in digits]}},
        {"recipient_id": 1},
    ):
        cabinet[doc["recipient_id"]] = cabinet.get(doc["recipient_id"], 0) + 1
    return {
        "records": await per("egisz_registry", "workers", "snils", digits),
        "portfolios": await per("egisz_portfolio", "portfolios", "snils", digits),
        "applicants": await per("egisz_accreditation", "applicants", "snils", digits),
        "cabinet notices": [cabinet.get(f"person:{d}", 0) for d in digits],
    }


async def unjournaled(mongo: Mongo, digits: list[str]) -> int:
    """Registrations answered whose command the audit journal does not hold (an entry goes
    ahead of its reply; one the stream lost is sent again from the service's outbox). A retried
    command answered again is journaled again: more than one is no fault."""
    seen: set[str] = set()
    async for doc in mongo["egisz_audit"]["journal"].find(
        {
            "persons": {"$in": digits},
            "entry.command": subjects.WORKER_REGISTER.subject,
            "entry.outcome": "ok",
        },
        {"persons": 1},
    ):
        seen.update(doc["persons"])
    return len(set(digits) - seen)


def emails_to(stack: Stack, digits: list[str]) -> tuple[list[int], int]:
    """Distinct e-mails (by Message-ID) each worker got, and how many arrived again: a notify
    killed between the SMTP server's 250 and the saved outcome sends the same message again under
    its delivery's Message-ID (SMTP is at-least-once; the receiving side sees one message)."""
    assert stack.mail
    seen: dict[str, set[str]] = {}
    arrived = 0
    for message in stack.mail.messages():
        seen.setdefault(str(message["To"]), set()).add(str(message["Message-ID"]))
        arrived += 1
    distinct = [len(seen.get(f"w{d}@clinic.example", ())) for d in digits]
    return distinct, arrived - sum(len(ids) for ids in seen.values())


async def dead_letters(stack: Stack) -> dict[str, int]:
    assert stack.nats
    nc = await nats.connect(stack.nats.url)
    try:
        js = nc.jetstream()
        found = {}
        for service in SERVICES:
            info = await js.stream_info(
                f"EGISZ_{service.upper()}", subjects_filter=f"egisz.{service}.dlq.>"
            )
            found[service] = sum((info.state.subjects or {}).values())
        return found
    finally:
        await nc.close()


async def unsent(mongo: Mongo) -> dict[str, int]:
    return {
        s: await mongo[f"egisz_{s}"]["outbox"].count_documents({"sent_at": None}) for s in SERVICES
    }


@dataclass
class Settled:
    """Each worker's counts, e-mails (distinct Message-IDs) and the outboxes, once settled."""

    counts: dict[str, list[int]]
    mails: list[int]
    again: int
    unsent: dict[str, int]
    unjournaled: int

    def problems(self) -> list[str]:
        """What is missing or doubled of what each registration should have made."""
        found = [
            f"{what}: {n.count(0)} missing, {sum(1 for c in n if c > 1)} doubled"
            for what, n in self.counts.items()
            if any(c != 1 for c in n)
        ]
        if any(c != 1 for c in self.mails):
            found.append(
                f"e-mails: {self.mails.count(0)} missing, "
                f"{sum(1 for c in self.mails if c > 1)} doubled"
            )
        if self.unjournaled:
            found.append(f"audit journal: {self.unjournaled} registrations answered, no entry")
        return found


def exited(stack: Stack) -> list[str]:
    """The service processes not running when the run is counted, each with its last line: a
    process that exited at a restart otherwise shows only as what it left undone."""
    return [
        f"{name} exited: {proc.lines[-1] if proc.lines else '(no output)'}"[:600]
        for name, proc in stack.services.items()
        if not proc.running
    ]


async def settle(stack: Stack, digits: list[str], seconds: float) -> Settled:
    """Wait (at most `seconds`) until every worker counts one of each and one e-mail and every
    outbox is empty; then what stands, settled or not."""
    assert stack.mongo
    mongo: Mongo = AsyncMongoClient(stack.mongo.url)
    want = {k: [1] * len(digits) for k in ("records", "portfolios", "applicants")}
    want["cabinet notices"] = [1] * len(digits)
    deadline = time.monotonic() + seconds
    try:
        while True:
            got = await counts(mongo, digits)
            if got == want or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        while True:
            mails, again = emails_to(stack, digits)
            if mails == [1] * len(digits) or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        while True:  # the last commits' events may still be on their way (a relay polls 1 s)
            pending = await unsent(mongo)
            if not any(pending.values()) or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        while True:
            missing = await unjournaled(mongo, digits)
            if not missing or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
        return Settled(got, mails, again, pending, missing)
    finally:
        await mongo.close()


async def fault_run(
    clients: int = 6,
    pause: float = 0.2,
    pace: float = 5.0,
    log: Callable[[str], None] = print,
    settle_seconds: float = 240.0,
) -> dict[str, Any]:
    """One run on a fresh stack; returns the figures and the list of what went wrong."""
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(
            StackSettings.on_free_ports(Path(tmp)),
            sink=None,
            service_env={s: {"DISPATCH_SECONDS": "0.5"} for s in SERVICES if s == "notify"},
        )
        try:
            await in_thread(stack.start)
            assert stack.nats and stack.mongo
            officer = snils_for(f"officer|{ORG}")
            await grant_access_at(stack.mongo.url, ORG, officer)
            token = dev_token(stack.private_key, Role.ORG_OFFICER, org=ORG, snils=officer)
            tally = Tally()
            done = asyncio.Event()
            started = time.monotonic()
            async with Client(stack.nats.url, timeout=5) as client:
                load = asyncio.gather(
                    *(
                        register_until(client, token, i * 2_000, tally, done, pause)
                        for i in range(clients)
                    )
                )
                await faults(stack, pace, log)
                await asyncio.sleep(pace)  # a little steady load after the last fault
                done.set()
                await load
                log(f"load stopped ({len(tally.answered)} answered)")
            loaded = time.monotonic() - started
            digits = sorted(tally.answered)
            settled = await settle(stack, digits, settle_seconds)
            letters = await dead_letters(stack)
            gone = exited(stack)
        finally:
            await in_thread(stack.stop)
    problems = settled.problems()
    problems += [f"{len(v)} {k}" for k, v in vars(tally).items() if isinstance(v, list) and v]
    problems += [f"{n} unsent outbox rows in {s}" for s, n in settled.unsent.items() if n]
    problems += [f"{n} dead letters in {s}" for s, n in letters.items() if n]
    problems += gone
    return {
        "registrations": len(digits),
        "seconds": round(loaded, 1),
        "client retries": tally.retries,
        "e-mails arriving again (same Message-ID)": settled.again,
        "problems": problems,
    }


async def main(runs: int, clients: int) -> int:
    logging.getLogger("nats").setLevel(logging.CRITICAL)  # the client's reconnect tracebacks
    failed = 0
    for run in range(1, runs + 1):
        began = time.monotonic()

        def log(line: str, began: float = began) -> None:
            print(f"  {time.monotonic() - began:6.1f} s  {line}", flush=True)

        print(f"fault run {run}/{runs}: {clients} clients registering throughout", flush=True)
        report = await fault_run(clients, log=log)
        failed += bool(report["problems"])
        print(
            f"  {report['registrations']} registrations in {report['seconds']} s, "
            f"{report['client retries']} client retries, "
            f"{report['e-mails arriving again (same Message-ID)']} e-mails arriving again: "
            + ("; ".join(report["problems"]) or "nothing lost, doubled or dead-lettered"),
            flush=True,
        )
    print(f"{runs - failed} of {runs} runs clean")
    return 1 if failed else 0


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    sys.exit(asyncio.run(main(*(args + [1, 6][len(args) :]))))
