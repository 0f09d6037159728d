"""Consumers as code: a durable consumer's redelivery settings follow the service's settings, and
a changed setting is applied to the existing durable when the service starts again."""

from __future__ import annotations

import nats
import pytest

from egisz.contracts.registry import WorkerRegistered
from egisz.contracts.subjects import Event, stream_name
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams
from egisz.testsupport.harness import running

pytestmark = pytest.mark.integration


def service(settings: ServiceSettings, spec: Event) -> ServiceRuntime:
    rt = ServiceRuntime(settings, indexes={})

    @rt.consumer(spec, name="watcher")
    async def watch(event: object) -> None:
        return None

    return rt


async def test_a_changed_redelivery_setting_reaches_the_existing_durable_on_restart(
    nats_url: str, mongo_url: str, unique: str
) -> None:
    await prepare_streams(ServiceSettings(service_name="registry", nats_url=nats_url), set())
    spec = Event(f"egisz.registry.evt.test_{unique}.changed", WorkerRegistered, "test")
    name = f"cfg{unique}"
    settings = ServiceSettings(
        service_name=name,
        nats_url=nats_url,
        mongo_url=mongo_url,
        max_deliver=3,
        ack_wait_seconds=30,
        transient_retry_seconds=0,  # the durable's cap is then max_deliver itself
        outbox_relay_enabled=False,
    )
    async with running(service(settings, spec)):
        pass
    changed = settings.model_copy(update={"max_deliver": 8, "ack_wait_seconds": 12.0})
    async with running(service(changed, spec)):
        nc = await nats.connect(nats_url)
        info = await nc.jetstream().consumer_info(stream_name("registry"), f"{name}-watcher")
        await nc.close()
    assert (info.config.max_deliver, info.config.ack_wait) == (8, 12.0)
    assert info.config.filter_subject == spec.subject
