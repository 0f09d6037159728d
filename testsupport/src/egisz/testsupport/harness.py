"""Run a service in the test's own process, on real NATS and MongoDB, for integration tests.

The same start and stop order the ASGI app follows (`ServiceRuntime.asgi`), without uvicorn.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import nats
from nats.aio.client import Client as NatsClient
from pydantic import BaseModel
from pymongo import AsyncMongoClient

from egisz.contracts.envelope import HEADER_AUTHORIZATION, HEADER_CORRELATION_ID, Role
from egisz.contracts.subjects import Event
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.auth import issue_token
from egisz.runtime.events import envelope_of
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)


@contextlib.asynccontextmanager
async def service_under_test(
    build: Callable[[SettingsT], ServiceRuntime],
    settings_type: type[SettingsT],
    *,
    nats_url: str | Callable[[str], str],
    mongo_url: str,
    public_key: Path,
    consumes: tuple[str, ...] = (),
    service_token: str | None = None,
    **settings: Any,
) -> AsyncIterator[ServiceRuntime]:
    """A service on the test session's servers: a fresh database (dropped after), quick
    redelivery, and the streams of the services it consumes declared first (each by its owner,
    and the audit journal's);
    `settings` are the service's own. `nats_url` may name each NATS user's URL (the deployed
    users.conf): the service then runs as its own user."""
    url_for = nats_url if callable(nats_url) else (lambda _: nats_url)
    # The audit journal's stream first: the services that keep personal data send it entries.
    for service in ("audit", *consumes):
        owner = ServiceSettings(service_name=service, nats_url=url_for(service))
        await prepare_streams(owner, set())
    name = settings_type.model_fields["service_name"].default
    configured = settings_type(
        nats_url=url_for(name),
        mongo_url=mongo_url,
        mongo_database=f"t_{uuid.uuid4().hex[:10]}",
        jwt_public_key_file=public_key,
        retry_delays_seconds=[0.2, 0.5],
        max_deliver=3,
        outbox_poll_seconds=0.2,
        service_token=service_token,
        # a session's services stop at its end: what has not stopped in seconds is left
        job_grace_seconds=2.0,
        stop_step_seconds=3.0,
        **settings,
    )
    async with running(build(configured)) as rt:
        yield rt
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    try:
        await client.drop_database(configured.database)
    finally:
        await client.close()


@contextlib.asynccontextmanager
async def running(runtime: ServiceRuntime) -> AsyncIterator[ServiceRuntime]:
    await runtime.startup()
    await runtime.broker.start()
    await runtime.after_startup()
    try:
        yield runtime
    finally:
        await runtime.shutdown()
        await runtime.stop_within(runtime.broker.stop(), "broker")
        await runtime.after_shutdown()


class Caller:
    """Sends commands as one identity over real NATS request/reply; answers the reply envelope.
    `before` runs once before the first command (an officer's access grant, say)."""

    def __init__(
        self,
        nc: NatsClient,
        token: str | None,
        before: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._nc, self.token, self._before = nc, token, before

    async def __call__(self, subject: str, body: dict[str, Any]) -> dict[str, Any]:
        if self._before is not None:
            before, self._before = self._before, None
            await before()
        headers = {HEADER_CORRELATION_ID: uuid.uuid4().hex}
        if self.token:
            headers[HEADER_AUTHORIZATION] = f"Bearer {self.token}"
        msg = await self._nc.request(
            subject, json.dumps(body, default=str).encode(), timeout=10, headers=headers
        )
        reply: dict[str, Any] = json.loads(msg.data)
        return reply


Grant = Callable[[str, str], Awaitable[None]]


def snils_for(seed: str) -> str:
    """A valid SNILS derived from `seed`: the same officer for the same organization."""
    first = f"{int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 10**9:09d}"
    total = sum(int(d) * w for d, w in zip(first, range(9, 0, -1), strict=True))
    check = total if total < 100 else 0 if total in (100, 101) else total % 101 % 100
    return f"{first}{check:02d}"


class As:
    """Callers with dev tokens for each role. With `grant` (the registry's, in the tests that run
    it), an officer's first command is preceded by an access grant for their organization."""

    def __init__(self, nc: NatsClient, private_key: str, grant: Grant | None = None) -> None:
        self._nc, self._key, self._grant = nc, private_key, grant

    def officer(self, org: str, snils: str | None = None) -> Caller:
        """An org officer; without `snils`, a person the test gives access to `org` first."""
        person = snils or snils_for(f"officer|{org}")
        token = issue_token(self._key, role=Role.ORG_OFFICER, org=org, snils=person)
        grant = self._grant
        if snils is None and grant is not None:
            return Caller(self._nc, token, lambda: grant(org, person))
        return Caller(self._nc, token)

    def worker(self, snils: str) -> Caller:
        return Caller(self._nc, issue_token(self._key, role=Role.WORKER, snils=snils))

    def manager(self, org: str, name: str) -> Caller:
        token = issue_token(self._key, role=Role.MANAGER, org=org, name=name)
        return Caller(self._nc, token)

    def regulator(self, snils: str) -> Caller:
        """A health authority's person: reads as the register of authorities says."""
        return Caller(self._nc, issue_token(self._key, role=Role.REGULATOR, snils=snils))

    def role(self, role: Role, *, org: str | None = None) -> Caller:
        return Caller(self._nc, issue_token(self._key, role=role, org=org))

    def system(self, identity: str, *, org: str | None = None) -> Caller:
        """A service or outside system by its identity (`egisz.contracts.identities`)."""
        return Caller(self._nc, issue_token(self._key, role=Role.SERVICE, sub=identity, org=org))

    def anonymous(self) -> Caller:
        return Caller(self._nc, None)


async def read_all_parts(reader: Caller, subject: str, body: dict[str, Any]) -> bytes:
    """A file a download command answers part by part (`FilePart`), read to its last part."""
    content, part = b"", 0
    while True:
        reply = await reader(subject, body | {"part": part})
        assert reply["ok"], reply
        content += base64.b64decode(reply["result"]["data"])
        if reply["result"]["last"]:
            return content
        part += 1


async def eventually(
    probe: Callable[[], Awaitable[Any]], check: Callable[[Any], bool], timeout: float = 15
) -> Any:
    """Probe until `check` holds and return that value, or fail at the deadline with the last one
    (never a bare sleep in a test, never a wait that passes silently)."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if check(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"did not hold within {timeout} s; last value: {value!r}")
        await asyncio.sleep(0.1)


async def publish_event(
    rt: ServiceRuntime,
    spec: Event[Any],
    data: BaseModel,
    *,
    event_id: str | None = None,
    msg_id: str | None = None,
    about: str | None = None,
    actor: str | None = None,
    time: datetime | None = None,
) -> str:
    """Publish an event as its owner's relay would; the same `event_id` under another `msg_id`
    is a redelivery past the stream's duplicate window. Returns the event id."""
    event_id = event_id or uuid.uuid4().hex
    envelope: Any = envelope_of(type(data))(
        id=event_id,
        source=f"/egisz/{spec.service}",
        type=spec.type,
        time=time or datetime.now(UTC),
        subject=about or getattr(data, "worker_id", None) or event_id,
        data=data,
        **({"actor": actor} if actor else {}),
    )
    body = envelope.model_dump_json().encode()
    headers = {"Nats-Msg-Id": msg_id or event_id}
    admin = os.environ.get("EGISZ_TEST_NATS_ADMIN_URL")
    if admin is None or spec.service == rt.name:  # an open server, or the owner's own event
        await rt.broker.publish(body, spec.subject, headers=headers, stream=spec.stream)
        return event_id
    # Under users.conf only the owner may publish its events: the test does, as the admin.
    nc = await nats.connect(admin)
    try:
        await nc.jetstream().publish(spec.subject, body, headers=headers, stream=spec.stream)
    finally:
        await nc.close()
    return event_id


def pdf_bytes(marker: bytes = b"", *, padding: int = 0) -> bytes:
    """A real one-page PDF (PDFium opens it), with `marker` and `padding` bytes in a stream so
    tests get distinct files of the sizes they need."""
    filler = marker + b"0" * padding
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def image_bytes(
    kind: str = "PNG",
    size: tuple[int, int] = (2480, 3508),
    dpi: int | None = 300,
    mode: str = "RGB",
) -> bytes:
    """A real image Pillow decodes, PNG or JPEG: by default an A4 page scanned in colour at 300
    dpi, as a scan must be; smaller, grey or undeclared to be refused."""
    import io

    from PIL import Image

    out = io.BytesIO()
    page = Image.new(mode, size, (235, 235, 230) if mode == "RGB" else 230)
    page.save(out, format=kind, **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()
