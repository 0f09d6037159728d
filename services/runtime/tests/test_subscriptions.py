"""How messages arrive, on real NATS: commands handled up to the concurrency at once and each
answered, a stop that lets what is being handled finish, a pull consumer's batch handled together
and a message whose handler failed delivered again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import nats
import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import NoRespondersError
from nats.js.api import ConsumerConfig, StreamConfig

from egisz.runtime import subscriptions as subscriptions_module
from egisz.runtime.subscriptions import (
    CommandSubscription,
    PullConsumer,
    Subscriptions,
)
from egisz.testsupport.harness import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def nc(nats_url: str) -> AsyncIterator[Client]:
    client = await nats.connect(nats_url)
    yield client
    await client.close()


@dataclass(frozen=True)
class Stream:
    name: str
    subject: str

    def consumer(self, handle: Callable[[Msg], Awaitable[None]], **config: Any) -> Subscriptions:
        """Subscriptions holding one durable pull consumer of this stream, 4 messages a pull."""
        durable = f"d{self.name}"
        subscriptions = Subscriptions(concurrency=1, inbox_prefix="_INBOX")
        settings = ConsumerConfig(durable_name=durable, **config)
        subscriptions.consumers.append(
            PullConsumer(self.subject, self.name, durable, settings, 4, handle)
        )
        return subscriptions


@pytest.fixture
async def stream(nc: Client, unique: str) -> AsyncIterator[Stream]:
    made = Stream(f"TEST_{unique}", f"test.{unique}.evt")
    await nc.jetstream().add_stream(StreamConfig(name=made.name, subjects=[made.subject]))
    yield made
    await nc.jetstream().delete_stream(made.name)


class AtOnce:
    """Counts the handlers running at the same time."""

    def __init__(self) -> None:
        self.now = self.most = 0

    async def during(self, work: Callable[[], Awaitable[None]]) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await work()
        finally:
            self.now -= 1


async def test_commands_are_handled_up_to_the_concurrency_at_once_and_each_is_answered(
    nc: Client, unique: str
) -> None:
    subject = f"test.{unique}.echo"
    at_once = AtOnce()

    async def echo(msg: Msg) -> bytes:
        await at_once.during(lambda: asyncio.sleep(0.1))
        return msg.data[::-1]

    subscriptions = Subscriptions(concurrency=3, inbox_prefix="_INBOX")
    subscriptions.commands[subject] = CommandSubscription(subject, "q", echo)
    await subscriptions.start(nc)
    try:
        bodies = [f"request {i}".encode() for i in range(10)]
        replies = await asyncio.gather(*(nc.request(subject, b, timeout=10) for b in bodies))
    finally:
        await subscriptions.stop()
    assert [r.data for r in replies] == [b[::-1] for b in bodies]
    assert at_once.most == 3


async def test_a_stop_lets_the_command_being_handled_answer_and_takes_no_more(
    nc: Client, unique: str
) -> None:
    subject = f"test.{unique}.slow"
    started, finish = asyncio.Event(), asyncio.Event()

    async def slow(msg: Msg) -> bytes:
        started.set()
        await finish.wait()
        return b"done"

    subscriptions = Subscriptions(concurrency=4, inbox_prefix="_INBOX")
    subscriptions.commands[subject] = CommandSubscription(subject, "q", slow)
    await subscriptions.start(nc)
    asked = asyncio.create_task(nc.request(subject, b"", timeout=10))
    await asyncio.wait_for(started.wait(), 10)
    stopping = asyncio.create_task(subscriptions.stop())
    await asyncio.sleep(0.2)
    assert not stopping.done()  # waits for the command being handled
    finish.set()
    assert (await asked).data == b"done"
    await stopping
    with pytest.raises(NoRespondersError):
        await nc.request(subject, b"", timeout=2)


async def test_a_pull_consumer_handles_a_batch_together_and_gets_a_failed_message_again(
    nc: Client, stream: Stream
) -> None:
    at_once = AtOnce()
    tries: dict[bytes, int] = {}
    acked: list[bytes] = []

    async def handle(msg: Msg) -> None:
        tries[msg.data] = tries.get(msg.data, 0) + 1
        await at_once.during(lambda: asyncio.sleep(0.2))
        if msg.data == b"fails once" and tries[msg.data] == 1:
            raise RuntimeError("not settled: the server delivers it again")
        await msg.ack()
        acked.append(msg.data)

    subscriptions = stream.consumer(handle, ack_wait=1, max_deliver=3)
    try:
        for body in (b"a", b"b", b"c", b"fails once"):
            await nc.jetstream().publish(stream.subject, body, stream=stream.name)
        await subscriptions.start(nc)

        async def handled() -> list[bytes]:
            return sorted(acked)

        await eventually(handled, lambda done: done == [b"a", b"b", b"c", b"fails once"])
    finally:
        await subscriptions.stop()
    assert at_once.most == 4  # the batch at once
    assert tries == {b"a": 1, b"b": 1, b"c": 1, b"fails once": 2}


async def test_a_stop_does_not_wait_out_a_pull_waiting_for_messages(
    nc: Client, stream: Stream, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subscriptions_module, "FETCH_SECONDS", 60.0)

    async def handle(msg: Msg) -> None:
        await msg.ack()

    subscriptions = stream.consumer(handle)
    await subscriptions.start(nc)
    await asyncio.sleep(0.2)  # the pull is waiting for messages
    await asyncio.wait_for(subscriptions.stop(), 10)  # not the 60 s of its wait


async def test_a_durable_deleted_from_outside_is_made_again_and_takes_new_messages(
    nc: Client, stream: Stream, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subscriptions_module, "CONSUMER_CHECK_SECONDS", 0.5)
    heard: list[bytes] = []

    async def handle(msg: Msg) -> None:
        heard.append(msg.data)
        await msg.ack()

    subscriptions = stream.consumer(handle)
    js = nc.jetstream()
    try:
        await subscriptions.start(nc)
        await js.publish(stream.subject, b"before", stream=stream.name)
        await eventually(lambda: _now(heard), lambda seen: seen == [b"before"])
        await js.delete_consumer(stream.name, f"d{stream.name}")
        await js.publish(stream.subject, b"after", stream=stream.name)
        # Made again from the stream's start: the first comes again (the inbox knows it).
        await eventually(lambda: _now(heard), lambda seen: b"after" in seen)
    finally:
        await subscriptions.stop()
    assert heard == [b"before", b"before", b"after"]
    info = await js.consumer_info(stream.name, f"d{stream.name}")
    assert info.config.filter_subject == stream.subject


async def _now(heard: list[bytes]) -> list[bytes]:
    return list(heard)


async def test_a_consumer_whose_stream_is_not_there_yet_at_start_is_bound_once_it_is(
    nc: Client, unique: str
) -> None:
    # As when JetStream's API times out while a cluster elects its leaders: binding is tried
    # again with backoff for the start's patience, instead of the process exiting.
    heard: list[bytes] = []

    async def handle(msg: Msg) -> None:
        heard.append(msg.data)
        await msg.ack()

    late = Stream(f"TEST_{unique}", f"test.{unique}.evt")
    subscriptions = late.consumer(handle)
    js = nc.jetstream()
    starting = asyncio.create_task(subscriptions.start(nc, patience=30))
    try:
        await asyncio.sleep(0.3)
        assert not starting.done()
        await js.add_stream(StreamConfig(name=late.name, subjects=[late.subject]))
        await asyncio.wait_for(starting, 10)
        await js.publish(late.subject, b"first", stream=late.name)
        await eventually(lambda: _now(heard), lambda seen: seen == [b"first"])
    finally:
        starting.cancel()
        await subscriptions.stop()
        await js.delete_stream(late.name)


async def test_without_patience_a_consumer_that_cannot_be_bound_fails_the_start(
    nc: Client, unique: str
) -> None:
    async def handle(msg: Msg) -> None:
        await msg.ack()

    missing = Stream(f"TEST_{unique}", f"test.{unique}.evt")
    with pytest.raises(nats.js.errors.NotFoundError):
        await missing.consumer(handle).start(nc)
