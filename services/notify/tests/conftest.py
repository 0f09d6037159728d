"""The notify service in the test process on the session's NATS and MongoDB, with a real SMTP
server (aiosmtpd) and a real HTTP SMS gateway (uvicorn) started here; both record what they get."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import socket
from collections.abc import AsyncIterator, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from aiosmtpd.controller import Controller
from nats.aio.client import Client as NatsClient

from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, eventually

SMS_KEY = "test-gateway-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MailServer:
    """A real SMTP server; `stop()` and `start()` make an outage on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SmsGateway:
    """A real HTTP server in the test's loop; `failing` answers 503."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[dict[str, Any]] = []
        self.keys: dict[str, list[int]] = {}  # Idempotency-Key → the statuses it was answered
        self.failing = False
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/messages"

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            part = await receive()
            body += part.get("body", b"")
            if not part.get("more_body"):
                break
        headers = dict(scope["headers"])
        authorized = headers.get(b"authorization") == f"Bearer {SMS_KEY}".encode()
        status = 401 if not authorized else 503 if self.failing else 202
        key = headers.get(b"idempotency-key", b"").decode()
        self.keys.setdefault(key, []).append(status)
        if status == 202:
            self.received.append(json.loads(body))
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    def to(self, phone: str) -> list[dict[str, Any]]:
        return [m for m in self.received if m["to"] == phone]

    async def start(self) -> None:
        config = uvicorn.Config(
            self, host="127.0.0.1", port=self.port, lifespan="off", log_level="warning"
        )
        server = self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(server.serve())

        async def started() -> bool:
            return bool(server.started)

        assert await eventually(started, bool, timeout=10)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task


@pytest.fixture(scope="session")
def mail_server() -> Iterator[MailServer]:
    server = MailServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
async def sms_gateway() -> AsyncIterator[SmsGateway]:
    gateway = SmsGateway()
    await gateway.start()
    yield gateway
    await gateway.stop()


@pytest.fixture(scope="session")
async def notify(
    nats_url_for: Any,
    mongo_url: str,
    dev_keys: tuple[Path, Path],
    mail_server: MailServer,
    sms_gateway: SmsGateway,
) -> AsyncIterator[ServiceRuntime]:
    from egisz.notify.app import build
    from egisz.notify.settings import NotifySettings
    from egisz.testsupport.harness import service_under_test

    async with service_under_test(
        build,
        NotifySettings,
        nats_url=nats_url_for,
        mongo_url=mongo_url,
        public_key=dev_keys[1],
        consumes=("registry", "portfolio", "accreditation"),
        smtp_host="127.0.0.1",
        smtp_port=mail_server.port,
        sms_gateway_url=sms_gateway.url,
        sms_gateway_key=SMS_KEY,
        delivery_retry_delays_seconds=[0.3, 0.6, 1.0, 2.0],
        dispatch_seconds=0.2,
        reminder_check_seconds=3600.0,
    ) as rt:
        yield rt


@pytest.fixture(scope="session")
def as_(notify: ServiceRuntime, nc: NatsClient, dev_keys: tuple[Path, Path]) -> As:
    return As(nc, dev_keys[0].read_text())
