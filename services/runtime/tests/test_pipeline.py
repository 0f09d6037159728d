"""The pipeline gauges read the real servers exactly: events waiting in the outbox and the age of
the oldest, a durable consumer's pending, unacknowledged and redelivered counts, and the dead
letters held per consumer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import nats
import pytest
from nats.js.api import ConsumerConfig
from prometheus_client import CollectorRegistry

from egisz.contracts.registry import WorkerRegistered
from egisz.contracts.subjects import Event, dead_letter_subject
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.mongo import Mongo, MongoUnitOfWork
from egisz.runtime.pipeline import PipelineGauges
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams

pytestmark = pytest.mark.integration


@pytest.fixture
async def nc(nats_url: str) -> AsyncIterator[Any]:
    await prepare_streams(ServiceSettings(service_name="registry", nats_url=nats_url), set())
    client = await nats.connect(nats_url)
    yield client
    await client.close()


UP = {"nats": True, "mongo": True}  # what the stub readiness answers; a test may turn one off


async def readiness() -> dict[str, bool]:
    return dict(UP)


def read(registry: CollectorRegistry, name: str, **labels: str) -> float | None:
    return registry.get_sample_value(name, {"service": "registry", **labels})


async def test_the_gauges_say_what_waits_in_the_outbox_the_consumer_and_the_dead_letters(
    mongo: Mongo, nc: Any, unique: str
) -> None:
    spec = Event(f"egisz.registry.evt.test_{unique}.happened", WorkerRegistered, "test")
    durable = f"registry-pipeline-{unique}"
    js = nc.jetstream()
    await js.add_consumer(
        "EGISZ_REGISTRY",
        ConsumerConfig(durable_name=durable, filter_subject=spec.subject, ack_wait=1.0),
    )
    registry = CollectorRegistry()
    gauges = PipelineGauges(
        "registry",
        registry,
        mongo=lambda: mongo,
        jetstream=lambda: js,
        durables=[("EGISZ_REGISTRY", durable)],
        readiness=readiness,
    )

    await gauges.refresh()
    assert read(registry, "egisz_ready", dependency="nats") == 1
    assert read(registry, "egisz_outbox_backlog") == 0
    assert read(registry, "egisz_outbox_oldest_age_seconds") == 0
    assert read(registry, "egisz_dead_letters", consumer=durable) == 0

    data = WorkerRegistered.model_validate(
        {
            "worker_id": "w1",
            "snils": "11223344595",
            "last_name": "Орлов",
            "first_name": "Олег",
            "birth_date": "1979-03-03",
        }
    )
    async with MongoUnitOfWork(mongo) as uow:  # committed, no relay running: they wait
        uow.publish(*(outgoing(spec, data, about="w1", cause=Cause()) for _ in range(3)))
        await uow.commit()
    for n in range(4):
        await js.publish(spec.subject, b"{}", headers={"Nats-Msg-Id": f"{unique}-{n}"})
    for _ in range(2):
        await js.publish(dead_letter_subject("registry", durable), b"{}")
    pull = await js.pull_subscribe(spec.subject, durable=durable, stream="EGISZ_REGISTRY")
    taken = await pull.fetch(2, timeout=5)  # given, not acknowledged
    await asyncio.sleep(0.3)

    await gauges.refresh()
    consumer = {"stream": "EGISZ_REGISTRY", "consumer": durable}
    assert read(registry, "egisz_outbox_backlog") == 3
    assert (read(registry, "egisz_outbox_oldest_age_seconds") or 0) >= 0.3
    assert read(registry, "egisz_consumer_pending", **consumer) == 2
    assert read(registry, "egisz_consumer_ack_pending", **consumer) == 2
    assert read(registry, "egisz_consumer_redelivered", **consumer) == 0
    assert read(registry, "egisz_dead_letters", consumer=durable) == 2

    await asyncio.sleep(1.2)  # past ack_wait: the two come again
    again = await pull.fetch(2, timeout=5)
    assert {m.metadata.sequence.stream for m in again} == {
        m.metadata.sequence.stream for m in taken
    }
    await gauges.refresh()
    assert read(registry, "egisz_consumer_redelivered", **consumer) == 2
    for m in again:
        await m.ack()
    await asyncio.sleep(0.2)
    await gauges.refresh()
    assert read(registry, "egisz_consumer_ack_pending", **consumer) == 0

    UP["mongo"] = False  # the database away: its figures are left as they were, not asked
    try:
        async with MongoUnitOfWork(mongo) as uow:
            uow.publish(outgoing(spec, data, about="w1", cause=Cause()))
            await uow.commit()
        await gauges.refresh()
    finally:
        UP["mongo"] = True
    assert read(registry, "egisz_ready", dependency="mongo") == 0
    assert read(registry, "egisz_outbox_backlog") == 3
    await pull.unsubscribe()
