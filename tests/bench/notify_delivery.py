"""`make bench`: notifications and their e-mails, on the embedded NATS and SecantusDB with the
local mail catcher. Publishes N `worker.registered` events (each worker with an e-mail) and prints
how fast they reach the inbox and the SMTP server; asserts only that each arrives once.

    python tests/bench/notify_delivery.py [N]      # default 500
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from egisz.cli.infra import EmbeddedMongo, EmbeddedNats, MailCatcher, free_port
from egisz.contracts import subjects
from egisz.contracts.registry import WorkerRegistered
from egisz.notify.app import build
from egisz.notify.repository import DELIVERIES, NOTIFICATIONS
from egisz.notify.settings import NotifySettings
from egisz.runtime.logging import configure_logging
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.runtime.testing import publish_event, running


def figure(name: str, count: int, seconds: float) -> None:
    print(f"{name:<48} {count:>7} in {seconds:7.2f} s = {count / seconds:8.1f}/s", flush=True)


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
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        nats_server = EmbeddedNats(root / "nats", free_port(), sink=None, log_file=root / "n.log")
        mongo_server = EmbeddedMongo(
            root / "mongo", free_port(), sink=None, log_file=root / "m.log"
        )
        mail = MailCatcher(root / "mail", free_port())
        nats_server.start()
        mongo_server.start()
        mail.start()
        try:
            nats_server.wait_ready()
            mongo_server.wait_ready()
            return await measure(count, nats_server.url, mongo_server.url, mail)
        finally:
            mail.stop()
            mongo_server.stop()
            nats_server.stop()


async def measure(count: int, nats_url: str, mongo_url: str, mail: MailCatcher) -> int:
    for service in ("registry", "portfolio", "accreditation"):
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
            await publish_event(
                notify,
                subjects.WORKER_REGISTERED,
                WorkerRegistered(
                    worker_id=uuid.uuid4().hex,
                    snils=f"{i:011d}",
                    last_name="Быстрова",
                    first_name="Анна",
                    birth_date=date(1980, 1, 1),
                    email=f"w{i}@example.org",
                ),
            )
        figure("events published (JetStream, acked)", count, time.perf_counter() - started)
        inbox = await until(
            "notifications",
            lambda: notify.mongo[NOTIFICATIONS].count_documents({}),
            count,
            started,
            600,
        )
        figure("in the inbox (event → notification)", count, inbox)
        sent = await until(
            "e-mails",
            lambda: notify.mongo[DELIVERIES].count_documents({"status": "sent"}),
            count,
            started,
            600,
        )
        figure("e-mailed (event → SMTP accepted)", count, sent)
    received = {m["To"] for m in mail.messages()}
    ok = len(mail.messages()) == count and len(received) == count
    print(
        "each once: " + ("yes" if ok else f"NO ({len(mail.messages())} mails, {len(received)} to)")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)))
