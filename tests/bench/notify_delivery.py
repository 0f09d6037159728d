"""`make bench`: notifications and their e-mails, on the embedded NATS and SecantusDB with the
local mail catcher. Publishes N `worker.registered` events (each worker with an e-mail) and prints
how fast they reach the inbox and the SMTP server, beside a raw baseline in the same run; asserts
only that each arrives once.

The raw baseline is plain nats-py + pymongo + aiosmtplib doing notify's I/O with no framework:
the same event bodies on a stream of its own, read by a durable pull consumer 16 at a time; per
event one transaction (the processed mark, the mailbox, the notification, the delivery, an outbox
row), then the ack; the outbox rows published and marked sent; a sender that takes the due
deliveries, sends them 8 at a time and marks each sent.

    python tests/bench/notify_delivery.py [N]      # default 500
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
import uuid
from datetime import UTC, date, datetime
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import nats
from pymongo import AsyncMongoClient

from egisz.cli.infra import MailCatcher, free_port
from egisz.contracts import subjects
from egisz.contracts.registry import WorkerRegistered
from egisz.notify.app import build
from egisz.notify.repository import DELIVERIES, NOTIFICATIONS
from egisz.notify.settings import NotifySettings
from egisz.runtime.logging import configure_logging
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.testsupport.harness import publish_event, running
from egisz.testsupport.servers import embedded_servers


def figure(name: str, count: int, seconds: float) -> float:
    rate = count / seconds
    print(f"{name:<48} {count:>7} in {seconds:7.2f} s = {rate:8.1f}/s", flush=True)
    return rate


def registered(i: int) -> WorkerRegistered:
    return WorkerRegistered(
        worker_id=uuid.uuid4().hex,
        snils=f"{i:011d}",
        last_name="Быстрова",
        first_name="Анна",
        birth_date=date(1980, 1, 1),
        email=f"w{i}@example.org",
    )


async def raw_notify(
    count: int, nats_url: str, mongo_url: str, mail: MailCatcher
) -> tuple[float, float]:
    """Notify's I/O with no framework (see the module's docstring): seconds until every event is
    in the inbox, and until every e-mail is accepted."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    db = client["bench_raw_notify"]
    await db["deliveries"].create_index([("status", 1), ("next_attempt_at", 1)])
    await db["outbox"].create_index([("sent_at", 1), ("seq", 1)])
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await js.add_stream(name="BENCH_RAW_NOTIFY", subjects=["bench.notify.>"])
    bodies = [registered(i).model_dump_json().encode() for i in range(count)]
    stop = asyncio.Event()

    async def handle(msg: Any) -> None:
        data = json.loads(msg.data)
        person, now = f"person:{data['snils']}", datetime.now(UTC)
        notification_id = uuid.uuid4().hex

        async def write(session: Any) -> None:
            await db["processed"].insert_one(
                {"_id": f"raw|{msg.headers['Nats-Msg-Id']}"}, session=session
            )
            await db["mailboxes"].update_one(
                {"_id": person},
                {"$set": {"emails": [data["email"]], "name": data["first_name"]}},
                upsert=True,
                session=session,
            )
            await db["notifications"].insert_one(
                {
                    "_id": notification_id,
                    "recipient_id": person,
                    "title": "Личный кабинет создан",
                    "body": "Здравствуйте! " * 20,
                    "created_at": now,
                },
                session=session,
            )
            await db["deliveries"].insert_one(
                {
                    "_id": f"{notification_id}:email:0",
                    "address": data["email"],
                    "status": "pending",
                    "next_attempt_at": now,
                },
                session=session,
            )
            await db["outbox"].insert_one(
                {"_id": notification_id, "seq": now, "sent_at": None, "body": msg.data},
                session=session,
            )

        async with client.start_session() as session:
            await session.with_transaction(write)  # retries write conflicts, as the system does
        await msg.ack()
        await js.publish("bench.events.created", msg.data, headers={"Nats-Msg-Id": notification_id})
        await db["outbox"].update_one({"_id": notification_id}, {"$set": {"sent_at": now}})

    async def consume() -> None:
        sub = await js.pull_subscribe("bench.notify.>", durable="raw")
        while not stop.is_set():
            try:
                batch = await sub.fetch(16, timeout=0.5)
            except TimeoutError:
                continue
            await asyncio.gather(*(handle(m) for m in batch))

    async def send(delivery: dict[str, Any], slots: asyncio.Semaphore) -> None:
        async with slots:
            message = EmailMessage()
            message["From"], message["To"] = "noreply@egisz.local", delivery["address"]
            message["Subject"] = "Личный кабинет создан"
            message.set_content("Здравствуйте! " * 20)
            await aiosmtplib.send(message, hostname="127.0.0.1", port=mail.port)
            await db["deliveries"].update_one(
                {"_id": delivery["_id"]}, {"$set": {"status": "sent"}}
            )

    async def dispatch() -> None:
        slots = asyncio.Semaphore(8)
        while not stop.is_set():
            due = await db["deliveries"].find({"status": "pending"}).limit(50).to_list()
            if due:
                await db["deliveries"].update_many(
                    {"_id": {"$in": [d["_id"] for d in due]}}, {"$set": {"status": "leased"}}
                )
                await asyncio.gather(*(send(d, slots) for d in due))
            else:
                await asyncio.sleep(0.05)

    await js.add_stream(name="BENCH_RAW_EVENTS", subjects=["bench.events.>"])
    workers = [asyncio.create_task(consume()), asyncio.create_task(dispatch())]
    started = time.perf_counter()
    for i, body in enumerate(bodies):
        await js.publish("bench.notify.registered", body, headers={"Nats-Msg-Id": f"raw-{i}"})
    inbox = await until(
        "raw notifications", lambda: db["notifications"].count_documents({}), count, started, 600
    )
    sent = await until(
        "raw e-mails",
        lambda: db["deliveries"].count_documents({"status": "sent"}),
        count,
        started,
        600,
    )
    stop.set()
    await asyncio.gather(*workers)
    await nc.drain()
    await client.drop_database("bench_raw_notify")
    await client.close()
    return inbox, sent


async def until(what: str, probe: object, count: int, started: float, timeout: float) -> float:
    while True:
        n = await probe()  # type: ignore[operator]
        if n >= count:
            return time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"{what}: {n} of {count} after {timeout} s")
        await asyncio.sleep(0.05)


async def main(count: int) -> int:
    configure_logging("bench", "WARNING", "console")
    logging.getLogger("nats").setLevel(logging.CRITICAL)  # the raw fetch cut off at the drain
    with embedded_servers() as servers:
        mail = MailCatcher(servers.root / "mail", free_port())
        mail.start()
        try:
            return await measure(count, servers.nats_url, servers.mongo_url, mail)
        finally:
            mail.stop()


async def measure(count: int, nats_url: str, mongo_url: str, mail: MailCatcher) -> int:
    for service in ("registry", "portfolio", "accreditation", "audit"):
        await prepare_streams(ServiceSettings(service_name=service, nats_url=nats_url), set())
    settings = NotifySettings(
        nats_url=nats_url,
        mongo_url=mongo_url,
        log_level="WARNING",
        smtp_host="127.0.0.1",
        smtp_port=mail.port,
        dispatch_seconds=0.05,
    )
    async with running(build(settings)) as notify:
        started = time.perf_counter()
        for i in range(count):
            await publish_event(notify, subjects.WORKER_REGISTERED, registered(i))
        figure("events published (JetStream, acked)", count, time.perf_counter() - started)
        inbox = await until(
            "notifications",
            lambda: notify.mongo[NOTIFICATIONS].count_documents({}),
            count,
            started,
            600,
        )
        to_inbox = figure("in the inbox (event → notification)", count, inbox)
        sent = await until(
            "e-mails",
            lambda: notify.mongo[DELIVERIES].count_documents({"status": "sent"}),
            count,
            started,
            600,
        )
        to_smtp = figure("e-mailed (event → SMTP accepted)", count, sent)
    received = {m["To"] for m in mail.messages()}
    ok = len(mail.messages()) == count and len(received) == count
    print(
        "each once: " + ("yes" if ok else f"NO ({len(mail.messages())} mails, {len(received)} to)")
    )
    raw_inbox, raw_sent = await raw_notify(count, nats_url, mongo_url, mail)
    raw_to_inbox = figure("raw: in the inbox", count, raw_inbox)
    raw_to_smtp = figure("raw: e-mailed", count, raw_sent)
    print(f"of raw: inbox {to_inbox / raw_to_inbox:.0%}, e-mail {to_smtp / raw_to_smtp:.0%}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)))
