"""The NATS users and permissions of `deploy/nats/users.conf`, on a real nats-server: a service
reaches JetStream for its own stream and answers its commands; registry cannot publish on
portfolio's subjects; the observer reads events and publishes nothing; a wrong password is
refused. (The end-to-end tests run the four services under this same file.)"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.client import Client as NatsClient
from nats.errors import Error as NatsError

from egisz.cli.infra import EmbeddedNats
from egisz.contracts.identities import http_commands
from egisz.contracts.subjects import SERVICES
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.testsupport.servers import deployed_nats

pytestmark = pytest.mark.integration

USERS = Path(__file__).parents[2] / "deploy" / "nats" / "users.conf"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedNats]:
    root = tmp_path_factory.mktemp("nats-accounts")
    with deployed_nats(root, USERS, refusals_expected=True) as running:  # what they test
        yield running


async def connect(url: str, **options: Any) -> NatsClient:
    """As a client of this deployment: each user with its own inbox prefix."""
    from egisz.runtime.settings import inbox_prefix_of

    return await nats.connect(url, inbox_prefix=inbox_prefix_of(url), **options)


class Connection:
    """A connection as one user, keeping the permission errors the server sends it."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.nc: NatsClient | None = None

    async def open(self, url: str) -> NatsClient:
        async def on_error(exc: Exception) -> None:
            self.errors.append(str(exc))

        self.nc = await connect(url, error_cb=on_error, allow_reconnect=False)
        return self.nc

    async def refused(self, subject: str, body: bytes = b"{}") -> bool:
        assert self.nc is not None
        before = len(self.errors)
        await self.nc.publish(subject, body)
        await self.nc.flush()
        for _ in range(50):
            if len(self.errors) > before:
                return "permissions violation" in self.errors[-1].lower()
            await asyncio.sleep(0.02)
        return False


async def test_each_service_reaches_its_own_stream_and_answers_its_commands(
    server: EmbeddedNats,
) -> None:
    for service in ("registry", "portfolio", "accreditation", "notify", "fac"):
        url = server.url_for(service)
        await prepare_streams(ServiceSettings(service_name=service, nats_url=url), set())
        me = Connection()
        nc = await me.open(url)
        js = nc.jetstream()
        ack = await js.publish(f"egisz.{service}.evt.test.happened", b"{}")
        assert ack.stream == f"EGISZ_{service.upper()}"

        async def answer(msg: Any) -> None:
            await msg.respond(b"ok")

        # The gateway sends only the public commands (contracts.identities.http_commands).
        command = next(c.subject for c in http_commands() if c.service == service)
        await nc.subscribe(command, cb=answer)
        gateway = await connect(server.url_for("gateway"))
        reply = await gateway.request(command, b"{}", timeout=2)
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


async def test_only_accreditation_delivers_to_the_center_and_the_center_reaches_nothing_else(
    server: EmbeddedNats,
) -> None:
    center = await connect(server.url_for("fac"))

    async def receipt(msg: Any) -> None:
        await msg.respond(b"receipt")

    await center.subscribe("egisz.fac.cmd.package.intake", cb=receipt)
    await center.flush()
    accreditation = await connect(server.url_for("accreditation"))
    reply = await accreditation.request("egisz.fac.cmd.package.intake", b"{}", timeout=2)
    assert reply.data == b"receipt"
    await accreditation.close()
    # The package comes with no token: only accreditation's NATS user may publish it — not the
    # gateway (people and outside systems), not another service (issue 28, row 2).
    for user in ("registry", "portfolio", "notify", "gateway", "observer"):
        other = Connection()
        nc = await other.open(server.url_for(user))
        assert await other.refused("egisz.fac.cmd.package.intake"), user
        await nc.close()
    fac = Connection()
    nc = await fac.open(server.url_for("fac"))
    assert await fac.refused("egisz.accreditation.evt.application.status_changed")
    assert await fac.refused("egisz.registry.cmd.worker.get")
    assert await fac.refused("$JS.API.STREAM.DELETE.EGISZ_ACCREDITATION")
    await nc.close()
    await center.close()


async def test_the_observer_reads_public_events_only_and_can_publish_nothing(
    server: EmbeddedNats,
) -> None:
    """Issue 28, row 5: other teams read the public form (no personal data), not our events."""
    observer = Connection()
    nc = await observer.open(server.url_for("observer"))
    seen: list[bytes] = []

    async def record(msg: Any) -> None:
        seen.append(msg.data)

    await nc.subscribe("egisz.*.pub.>", cb=record)
    await nc.flush()
    registry_url = server.url_for("registry")  # its stream, whichever test ran first
    await prepare_streams(ServiceSettings(service_name="registry", nats_url=registry_url), set())
    registry = await connect(registry_url)
    await registry.publish("egisz.registry.evt.worker.registered", b'{"id": "whole"}')
    await registry.publish("egisz.registry.pub.worker.registered", b'{"id": "e1"}')
    await registry.flush()
    for _ in range(50):
        if seen:
            break
        await asyncio.sleep(0.02)
    assert seen == [b'{"id": "e1"}']
    info = await nc.jetstream().stream_info("EGISZ_REGISTRY")  # may read the streams, too
    assert info.config.name == "EGISZ_REGISTRY"
    for subject in ("egisz.*.evt.>", "egisz.registry.dlq.>", "egisz.>"):
        assert await subscription_refused(nc, observer.errors, subject), subject
    assert await observer.refused("egisz.registry.pub.worker.registered")
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


# --- each user reads only its replies; no one touches another's durables ----------------------
def test_the_committed_users_conf_is_the_one_the_code_writes() -> None:
    from egisz.cli.natsusers import render

    assert USERS.read_text(encoding="utf-8") == render(), (
        "deploy/nats/users.conf is out of date: run `uv run egisz nats-users`"
    )


async def subscription_refused(nc: NatsClient, errors: list[str], subject: str) -> bool:
    before = len(errors)
    await nc.subscribe(subject)
    await nc.flush()
    for _ in range(50):
        if len(errors) > before:
            return "permissions violation" in errors[-1].lower()
        await asyncio.sleep(0.02)
    return False


async def test_no_user_can_read_another_users_replies(server: EmbeddedNats) -> None:
    for user in ("observer", "gateway", "registry", "notify"):
        snooper = Connection()
        nc = await snooper.open(server.url_for(user))
        for others in ("_INBOX.>", "_INBOX_gateway.*", "_INBOX_registry.>", ">"):
            if others.startswith(f"_INBOX_{user}"):
                continue
            assert await subscription_refused(nc, snooper.errors, others), (user, others)
        await nc.close()
    # A request with the user's own prefix gets its answer.
    responder = await connect(server.url_for("registry"))

    async def echo(msg: Any) -> None:
        await msg.respond(msg.data)

    await responder.subscribe("egisz.registry.cmd.practitioner.verify", cb=echo)
    gateway = await connect(server.url_for("gateway"))
    reply = await gateway.request("egisz.registry.cmd.practitioner.verify", b"mine", timeout=2)
    assert reply.data == b"mine"
    await gateway.close()
    await responder.close()


async def _service_durable(server: EmbeddedNats) -> tuple[str, str]:
    """A durable as the portfolio service makes it, with one event waiting in it."""
    from nats.js.api import ConsumerConfig

    for service in ("registry", "portfolio"):
        url = server.url_for(service)
        await prepare_streams(ServiceSettings(service_name=service, nats_url=url), set())
    url = server.url_for("portfolio")
    portfolio = await connect(url)
    js = portfolio.jetstream()
    await js.add_consumer(
        "EGISZ_REGISTRY",
        ConsumerConfig(
            durable_name="portfolio-worker-registered",
            filter_subject="egisz.registry.evt.worker.registered",
            max_deliver=5,
            ack_wait=30,
        ),
    )
    await portfolio.close()
    registry = await connect(server.url_for("registry"))
    await registry.jetstream().publish("egisz.registry.evt.worker.registered", b'{"id":"x"}')
    await registry.close()
    return "EGISZ_REGISTRY", "portfolio-worker-registered"


async def test_no_one_pulls_changes_or_deletes_a_services_durable(server: EmbeddedNats) -> None:
    stream, durable = await _service_durable(server)
    admin = await nats.connect(server.url)
    before = await admin.jetstream().consumer_info(stream, durable)
    for user in ("observer", "notify", "accreditation", "gateway"):
        intruder = Connection()
        nc = await intruder.open(server.url_for(user))
        for subject in (
            f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
            f"$JS.API.CONSUMER.DURABLE.CREATE.{stream}.{durable}",
            f"$JS.API.CONSUMER.CREATE.{stream}.{durable}",
            f"$JS.API.CONSUMER.CREATE.{stream}.{durable}.egisz.registry.evt.>",
            f"$JS.API.CONSUMER.DELETE.{stream}.{durable}",
        ):
            assert await intruder.refused(subject), (user, subject)
        await nc.close()
    # nats-server 2.14 lets a create on `$JS.API.CONSUMER.CREATE.<stream>` (no name token) with
    # `name` in its body reconfigure any consumer of that stream: no user may send it.
    for user in ("observer", "notify", "gateway"):
        intruder = Connection()
        nc = await intruder.open(server.url_for(user))
        assert await intruder.refused(f"$JS.API.CONSUMER.CREATE.{stream}"), user
        await nc.close()
    info = await admin.jetstream().consumer_info(stream, durable)
    # untouched, its events still waiting for it
    assert (info.config.max_deliver, info.num_pending) == (5, before.num_pending) != (5, 0)
    await admin.close()


async def test_the_observer_reads_the_pull_consumers_the_owner_declares_and_creates_none(
    server: EmbeddedNats,
) -> None:
    """Issue 28, row 6: the observer made a push consumer whose deliver subject was another
    service's event subject, and JetStream published there. It may now create no consumer at
    all; the owner declares its pull consumers of the public form, which it reads and acks."""
    await _service_durable(server)  # the registry's stream, as the registry declares it
    registry = await connect(server.url_for("registry"))
    await registry.jetstream().publish("egisz.registry.pub.worker.registered", b'{"id":"p"}')
    await registry.close()
    observer = Connection()
    nc = await observer.open(server.url_for("observer"))
    js = nc.jetstream()
    mine = await js.pull_subscribe_bind(durable="observer-1", stream="EGISZ_REGISTRY")
    [msg] = await mine.fetch(1, timeout=5)
    await msg.ack()
    assert msg.subject == "egisz.registry.pub.worker.registered", "the public form only"
    for subject in (
        "$JS.API.CONSUMER.CREATE.EGISZ_REGISTRY.observer-1",
        "$JS.API.CONSUMER.CREATE.EGISZ_REGISTRY.observer-3.egisz.registry.pub.>",
        "$JS.API.CONSUMER.DURABLE.CREATE.EGISZ_REGISTRY.observer-2",
        "$JS.API.CONSUMER.CREATE.EGISZ_REGISTRY",
        "$JS.API.CONSUMER.DELETE.EGISZ_REGISTRY.observer-1",
    ):
        assert await observer.refused(subject), subject
    push = json.dumps(
        {
            "stream_name": "EGISZ_REGISTRY",
            "config": {
                "durable_name": "observer-3",
                "deliver_subject": "egisz.portfolio.evt.sectest.injected",
                "filter_subject": "egisz.registry.pub.>",
            },
        }
    ).encode()
    assert await observer.refused(
        "$JS.API.CONSUMER.CREATE.EGISZ_REGISTRY.observer-3.egisz.registry.pub.>", push
    )
    admin = await nats.connect(server.url)
    info = await admin.jetstream().consumer_info("EGISZ_REGISTRY", "observer-3")
    assert info.config.deliver_subject is None, "still a pull consumer"
    await admin.close()
    await nc.close()


def test_the_whole_suite_runs_under_these_users(nats_url_for: Any) -> None:
    """Issue 29: the services under test run as their deployed users on the session's server
    (root conftest.py), whose log is checked for violations when the session ends."""
    import os

    if os.environ.get("EGISZ_TEST_NATS_URL"):
        pytest.skip("a server from the environment: its users are its own")
    for service in (*SERVICES, "gateway"):
        assert f"//{service}:" in nats_url_for(service), service
