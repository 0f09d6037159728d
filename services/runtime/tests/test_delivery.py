"""Delivery on the real servers: outbox relay, optimistic concurrency, retries and dead letters."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import nats
import pytest
from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry
from pymongo import monitoring

from egisz.contracts.events import CloudEvent
from egisz.contracts.registry import WorkerRegistered
from egisz.contracts.subjects import Event, dead_letter_subject
from egisz.kernel.errors import ConcurrencyError, InvalidInputError
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.handling import SecondTransactionError, handling
from egisz.runtime.messaging import Messaging
from egisz.runtime.mongo import (
    OUTBOX,
    PROCESSED_EVENTS,
    Mongo,
    MongoUnitOfWork,
    save_versioned,
)
from egisz.runtime.outbox import OutboxRelay
from egisz.runtime.retries import RedeliveryPolicy
from egisz.runtime.settings import ServiceSettings
from egisz.runtime.streams import prepare_streams

pytestmark = pytest.mark.integration


async def until(probe: Callable[[], Any], check: Callable[[Any], bool], timeout: float = 15) -> Any:
    """Poll `probe` until `check` holds or the deadline passes; return the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if check(value) or time.monotonic() > deadline:
            return value
        await asyncio.sleep(0.05)


@pytest.fixture
async def broker(nats_url: str) -> AsyncIterator[NatsBroker]:
    await prepare_streams(ServiceSettings(service_name="registry", nats_url=nats_url), set())
    b = NatsBroker(nats_url)
    await b.connect()
    yield b
    await b.stop()


def event_spec(unique: str) -> Event:
    return Event(f"egisz.registry.evt.test_{unique}.happened", WorkerRegistered, "test")


def body(event_id: str) -> WorkerRegistered:
    return WorkerRegistered(
        worker_id=event_id,
        snils="11223344595",
        last_name="Орлов",
        first_name="Олег",
        birth_date="1979-03-03",
    )  # type: ignore[arg-type]


async def test_the_relay_publishes_committed_events_once_with_their_id(
    mongo: Mongo, broker: NatsBroker, nats_url: str, unique: str
) -> None:
    spec = event_spec(unique)
    async with MongoUnitOfWork(mongo) as uow:
        uow.publish(
            outgoing(spec, body("w1"), about="w1", cause=Cause("c1"), event_id=f"e-{unique}")
        )
        await uow.commit()
    relay = OutboxRelay(mongo, broker)
    assert await relay.flush() == 1
    # Crash between publish and mark: the row is pending again and is republished.
    await mongo[OUTBOX].update_one({"_id": f"e-{unique}"}, {"$set": {"sent_at": None}})
    assert await relay.flush() == 1
    nc = await nats.connect(nats_url)
    info = await nc.jetstream().stream_info("EGISZ_REGISTRY", subjects_filter=spec.subject)
    await nc.close()
    assert sum((info.state.subjects or {}).values()) == 1  # JetStream dropped the duplicate


async def test_an_aborted_transaction_leaves_no_event(mongo: Mongo, unique: str) -> None:
    spec = event_spec(unique)

    async def fail_before_commit() -> None:
        async with MongoUnitOfWork(mongo) as uow:
            uow.publish(outgoing(spec, body("w1"), about="w1", cause=Cause()))
            raise RuntimeError("the use case failed before commit")

    with pytest.raises(RuntimeError):
        await fail_before_commit()
    assert await mongo[OUTBOX].count_documents({}) == 0


async def test_the_runtime_marks_an_event_in_its_handlers_transaction_and_keeps_it_once(
    mongo: Mongo, unique: str
) -> None:
    """A use case names no consumer: inside `handling`, the commit carries the event's mark, a
    second delivery's transaction is rolled back whole, and a second commit is refused."""

    async def count_once(label: str) -> None:
        async with MongoUnitOfWork(mongo) as uow:
            await uow.collection("counted").update_one(
                {"_id": unique}, {"$inc": {"n": 1}}, upsert=True, session=uow.session
            )
            uow.publish(outgoing(event_spec(unique), body(label), about=label, cause=Cause()))
            await uow.commit()

    for delivery in ("first", "again"):
        with handling("counter", f"e-{unique}") as current:
            await count_once(delivery)
            assert current.done
    assert (await mongo["counted"].find_one({"_id": unique}))["n"] == 1
    assert await mongo[OUTBOX].count_documents({"body": {"$regex": "again"}}) == 0
    assert await mongo[PROCESSED_EVENTS].count_documents({"_id": f"counter|e-{unique}"}) == 1
    with handling("counter", f"e2-{unique}"):
        await count_once("one")
        with pytest.raises(SecondTransactionError):
            await count_once("two")
    assert (await mongo["counted"].find_one({"_id": unique}))["n"] == 2


async def test_a_stale_version_is_refused(mongo: Mongo) -> None:
    async with MongoUnitOfWork(mongo) as uow:
        assert (
            await save_versioned(
                uow.collection("things"), {"_id": "a", "n": 1}, 0, session=uow.session
            )
            == 1
        )
        await uow.commit()
    async with MongoUnitOfWork(mongo) as uow:
        assert (
            await save_versioned(
                uow.collection("things"), {"_id": "a", "n": 2}, 1, session=uow.session
            )
            == 2
        )
        await uow.commit()
    async with MongoUnitOfWork(mongo) as uow:
        with pytest.raises(ConcurrencyError):
            await save_versioned(
                uow.collection("things"), {"_id": "a", "n": 3}, 1, session=uow.session
            )


@dataclass
class Consuming:
    messaging: Messaging
    broker: NatsBroker

    async def stop(self) -> None:
        await self.messaging.stop()
        await self.broker.stop()


async def _consume(
    broker: NatsBroker,
    nats_url: str,
    mongo: Mongo,
    unique: str,
    handler: Callable[[CloudEvent[Any]], Awaitable[None]],
    events: list[str],
) -> Consuming:
    spec = event_spec(unique)
    consumer_broker = NatsBroker(nats_url)
    messaging = Messaging(
        "registry",
        consumer_broker,
        verifier=lambda: None,  # type: ignore[arg-type,return-value]
        mongo=lambda: mongo,
        policy=RedeliveryPolicy(max_deliver=3, delays=(0.1, 0.2), batch_size=4),
        metrics=CollectorRegistry(),
    )
    messaging.consumer(spec, name=f"t{unique}")(handler)
    await consumer_broker.start()
    await messaging.start()
    nc = await nats.connect(nats_url)
    for event_id in events:
        await nc.jetstream().publish(
            spec.subject, _envelope(spec, event_id), headers={"Nats-Msg-Id": event_id}
        )
    await nc.close()
    return Consuming(messaging, consumer_broker)


def _envelope(spec: Event, event_id: str) -> bytes:
    if event_id.startswith("poison"):
        return json.dumps({"id": event_id}).encode()
    return (
        CloudEvent[WorkerRegistered](
            id=event_id, source="/t", type=spec.type, time=datetime.now(UTC), data=body(event_id)
        )
        .model_dump_json()
        .encode()
    )


async def _letters(nats_url: str, unique: str, count: int) -> list[dict[str, Any]]:
    nc = await nats.connect(nats_url)
    sub = await nc.jetstream().subscribe(
        dead_letter_subject("registry", f"registry-t{unique}"), ordered_consumer=True
    )
    letters = [json.loads((await sub.next_msg(timeout=15)).data) for _ in range(count)]
    await nc.close()
    return letters


async def test_a_transient_failure_is_retried_with_a_delay_and_then_succeeds(
    broker: NatsBroker, nats_url: str, mongo: Mongo, unique: str
) -> None:
    attempts: dict[str, int] = {}
    done: list[str] = []

    async def flaky(event: CloudEvent[Any]) -> None:
        attempts[event.id] = attempts.get(event.id, 0) + 1
        if attempts[event.id] < 2:
            raise OSError("the database blinked")
        done.append(event.id)

    consumer = await _consume(broker, nats_url, mongo, unique, flaky, ["a1", "a2"])
    try:
        await until(lambda: done, lambda d: sorted(d) == ["a1", "a2"])
    finally:
        await consumer.stop()
    assert sorted(done) == ["a1", "a2"]
    assert attempts == {"a1": 2, "a2": 2}


async def test_poison_refused_and_hopeless_events_are_dead_lettered_with_reasons(
    broker: NatsBroker, nats_url: str, mongo: Mongo, unique: str
) -> None:
    done: list[str] = []

    async def handler(event: CloudEvent[Any]) -> None:
        if event.id == "refused":
            raise InvalidInputError.of("snils", "bad")
        if event.id == "hopeless":
            raise OSError("never works")
        done.append(event.id)

    consumer = await _consume(
        broker, nats_url, mongo, unique, handler, ["poison-1", "refused", "hopeless", "fine"]
    )
    try:
        letters = await _letters(nats_url, unique, 3)
    finally:
        await consumer.stop()
    reasons = {letter["message_id"]: letter["reason"] for letter in letters}
    assert "does not match WorkerRegistered" in reasons["poison-1"]
    assert reasons["refused"].startswith("refused: validation_failed")
    assert reasons["hopeless"].startswith("gave up after 3 deliveries")
    assert done == ["fine"]
    assert {letter["deliveries"] for letter in letters if letter["message_id"] == "hopeless"} == {3}


class Commands(monitoring.CommandListener):
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.sent.append((event.command_name, str(event.command.get(event.command_name))))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


async def test_committed_events_are_handed_to_the_relay_and_published_without_an_outbox_read(
    mongo_url: str, database_name: str, broker: NatsBroker, nats_url: str, unique: str
) -> None:
    commands = Commands()
    watched = Mongo(mongo_url, database_name, [commands])
    relay = OutboxRelay(watched, broker, poll_seconds=3600)  # only the start-up poll
    relay.start()
    try:
        # the start-up poll has read the outbox (not a fixed sleep: on a busy machine it runs late)
        await until(lambda: list(commands.sent), lambda sent: ("find", OUTBOX) in sent)
        await asyncio.sleep(0.1)  # and its read has answered
        commands.sent.clear()
        spec = event_spec(unique)
        async with MongoUnitOfWork(watched, on_commit=relay.wake) as uow:
            uow.publish(
                outgoing(spec, body("w1"), about="w1", cause=Cause(), event_id=f"h-{unique}")
            )
            await uow.commit()
        trips = await until(lambda: list(commands.sent), lambda sent: ("update", OUTBOX) in sent)
        assert ("update", OUTBOX) in trips  # marked sent, in one write
        assert ("find", OUTBOX) not in trips  # and never read back to be published
        stored = await watched[OUTBOX].find_one({"_id": f"h-{unique}"})
        assert stored is not None and stored["sent_at"] is not None
        nc = await nats.connect(nats_url)
        info = await nc.jetstream().stream_info("EGISZ_REGISTRY", subjects_filter=spec.subject)
        await nc.close()
        assert sum((info.state.subjects or {}).values()) == 1
    finally:
        await relay.stop()
        await watched.client.drop_database(database_name)
        await watched.close()
