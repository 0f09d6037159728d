"""The NATS users and permissions of `deploy/nats/users.conf`, on a real nats-server: a service
reaches JetStream for its own stream and answers its commands; registry cannot publish on
portfolio's subjects; the observer reads events and publishes nothing; a wrong password is
refused. (The end-to-end tests run the four services under this same file.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.client import Client as NatsClient
from nats.errors import Error as NatsError

from egisz.cli.infra import EmbeddedNats, free_port
from egisz.runtime.devsecrets import nats_passwords
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams

pytestmark = pytest.mark.integration

USERS = Path(__file__).parents[2] / "deploy" / "nats" / "users.conf"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedNats]:
    root = tmp_path_factory.mktemp("nats-accounts")
    running = EmbeddedNats(
        root / "js",
        free_port(),
        config_file=USERS,
        users=nats_passwords(root / "passwords"),
        sink=None,
        log_file=root / "nats.log",
    )
    running.start()
    running.wait_ready()
    yield running
    running.stop()


class Connection:
    """A connection as one user, keeping the permission errors the server sends it."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.nc: NatsClient | None = None

    async def open(self, url: str) -> NatsClient:
        async def on_error(exc: Exception) -> None:
            self.errors.append(str(exc))

        self.nc = await nats.connect(url, error_cb=on_error, allow_reconnect=False)
        return self.nc

    async def refused(self, subject: str) -> bool:
        assert self.nc is not None
        before = len(self.errors)
        await self.nc.publish(subject, b"{}")
        await self.nc.flush()
        for _ in range(50):
            if len(self.errors) > before:
                return "permissions violation" in self.errors[-1].lower()
            await asyncio.sleep(0.02)
        return False


async def test_each_service_reaches_its_own_stream_and_answers_its_commands(
    server: EmbeddedNats,
) -> None:
    for service in ("registry", "portfolio", "accreditation", "notify"):
        url = server.url_for(service)
        await prepare_streams(ServiceSettings(service_name=service, nats_url=url), set())
        me = Connection()
        nc = await me.open(url)
        js = nc.jetstream()
        ack = await js.publish(f"egisz.{service}.evt.test.happened", b"{}")
        assert ack.stream == f"EGISZ_{service.upper()}"

        async def answer(msg: Any) -> None:
            await msg.respond(b"ok")

        await nc.subscribe(f"egisz.{service}.cmd.test.ping", cb=answer)
        gateway = await nats.connect(server.url_for("gateway"))
        reply = await gateway.request(f"egisz.{service}.cmd.test.ping", b"{}", timeout=2)
        assert reply.data == b"ok"
        await gateway.close()
        assert me.errors == []
        await nc.close()


async def test_registry_cannot_publish_on_portfolios_subjects_or_touch_its_stream(
    server: EmbeddedNats,
) -> None:
    registry = Connection()
    nc = await registry.open(server.url_for("registry"))
    assert await registry.refused("egisz.portfolio.evt.approval.decided")
    assert await registry.refused("egisz.portfolio.cmd.approval.decide")
    assert await registry.refused("$JS.API.STREAM.DELETE.EGISZ_PORTFOLIO")
    assert not await registry.refused("egisz.registry.evt.worker.registered")
    await nc.close()


async def test_the_observer_reads_events_and_can_publish_nothing(server: EmbeddedNats) -> None:
    observer = Connection()
    nc = await observer.open(server.url_for("observer"))
    seen: list[bytes] = []

    async def record(msg: Any) -> None:
        seen.append(msg.data)

    await nc.subscribe("egisz.*.evt.>", cb=record)
    await nc.flush()
    registry = await nats.connect(server.url_for("registry"))
    await registry.publish("egisz.registry.evt.worker.registered", b'{"id": "e1"}')
    await registry.flush()
    for _ in range(50):
        if seen:
            break
        await asyncio.sleep(0.02)
    assert seen == [b'{"id": "e1"}']
    info = await nc.jetstream().stream_info("EGISZ_REGISTRY")  # may read the streams, too
    assert info.config.name == "EGISZ_REGISTRY"
    assert await observer.refused("egisz.registry.evt.worker.registered")
    assert await observer.refused("egisz.registry.cmd.worker.register")
    assert await observer.refused("$JS.API.STREAM.PURGE.EGISZ_REGISTRY")
    await registry.close()
    await nc.close()


async def test_a_wrong_password_is_refused(server: EmbeddedNats) -> None:
    wrong = server.url_for("registry").replace(server.users["registry"], "not-the-password")
    for url in (wrong, f"nats://{server.host}:{server.port}"):  # and no password at all
        errors: list[Exception] = []

        async def on_error(exc: Exception, errors: list[Exception] = errors) -> None:
            errors.append(exc)

        with pytest.raises(NatsError) as refused:
            await nats.connect(url, error_cb=on_error, allow_reconnect=False)
        said = [str(refused.value), *map(str, errors)]
        assert any("Authorization Violation" in s for s in said), said
