"""How a service's messages arrive, in plain nats-py: a command's queue subscription handling up to
`concurrency` at once, a durable pull consumer fetching a batch and handling it together, a watch
every process hears. `messaging.py` says what each message means; this only brings it there.

Not FastStream's subscribers: their dispatch cost the responding process 230 µs of CPU a message
against 12–15 µs for nats-py's (`tests/bench/faststream_dispatch.py`, docs/stack.md pitfall 33).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import ConsumerConfig
from nats.js.client import JetStreamContext
from nats.js.errors import NotFoundError

from egisz.runtime import compat
from egisz.runtime.dependencies import until_reachable
from egisz.runtime.logging import get_logger

log = get_logger("egisz.subscriptions")
assert compat  # nats-py's fetch raises its own TimeoutError once this is imported

CommandHandler = Callable[[Msg], Awaitable[bytes]]  # the reply: never raises
EventHandler = Callable[[Msg], Awaitable[None]]  # acks, naks or terminates the message itself
WatchHandler = Callable[[bytes], Awaitable[None]]

FETCH_SECONDS = 1.0  # how long a pull waits for messages
PULL_PAUSE_SECONDS = 1.0  # after a failed pull (NATS gone, the stream leader moving)
# A pull on a durable deleted from outside only ever times out, like one with nothing to do: an
# idle pull asks this often whether its consumer is still there.
CONSUMER_CHECK_SECONDS = 30.0


@dataclass(frozen=True)
class CommandSubscription:
    subject: str
    queue: str
    handle: CommandHandler


@dataclass(frozen=True)
class PullConsumer:
    subject: str
    stream: str
    durable: str
    config: ConsumerConfig
    batch: int
    handle: EventHandler


@dataclass(frozen=True)
class Watch:
    subject: str
    handle: WatchHandler


class Subscriptions:
    """What a service subscribes to; `start` subscribes on a connected client, `stop` stops
    taking messages and waits for those being handled."""

    def __init__(self, *, concurrency: int, inbox_prefix: str) -> None:
        self.concurrency = concurrency
        self.inbox_prefix = inbox_prefix
        self.commands: dict[str, CommandSubscription] = {}
        self.consumers: list[PullConsumer] = []
        self.watches: list[Watch] = []
        self._subscriptions: list[Subscription | JetStreamContext.PullSubscription] = []
        self._pulls: list[asyncio.Task[None]] = []
        self._waiting: set[asyncio.Task[Any]] = set()  # pulls waiting for messages
        self._in_flight: set[asyncio.Task[None]] = set()
        self._running = False

    async def start(self, nc: Client, *, patience: float = 0.0) -> None:
        """`patience`: seconds a consumer's binding is tried again for (JetStream's API times
        out while a cluster elects its leaders, or a stream is not there yet)."""
        self._running = True
        for command in self.commands.values():
            on_message = self._answering(nc, command)
            self._subscriptions.append(
                await nc.subscribe(command.subject, queue=command.queue, cb=on_message)
            )
        for watch in self.watches:
            self._subscriptions.append(await nc.subscribe(watch.subject, cb=_hearing(watch)))
        js = nc.jetstream()
        for consumer in self.consumers:
            await until_reachable("nats", functools.partial(self._bind, js, consumer), patience)

    async def _bind(self, js: JetStreamContext, consumer: PullConsumer) -> None:
        pull = await js.pull_subscribe(
            consumer.subject,
            durable=consumer.durable,
            stream=consumer.stream,
            config=consumer.config,
            inbox_prefix=f"{self.inbox_prefix}.".encode(),  # this user's replies only
        )
        self._subscriptions.append(pull)
        self._pulls.append(
            asyncio.create_task(self._pull(js, consumer, pull), name=consumer.durable)
        )

    async def stop(self) -> None:
        """No new messages; those being handled are let finish."""
        self._running = False
        for waiting in self._waiting:  # a message it got after this is delivered again
            waiting.cancel()
        await asyncio.gather(*self._pulls, return_exceptions=True)
        self._pulls.clear()
        for subscription in self._subscriptions:
            with contextlib.suppress(Exception):  # the connection may be gone already
                await subscription.unsubscribe()
        self._subscriptions.clear()
        await asyncio.gather(*self._in_flight, return_exceptions=True)

    def _answering(
        self, nc: Client, command: CommandSubscription
    ) -> Callable[[Msg], Awaitable[None]]:
        # nats-py calls this for one message at a time: waiting for a free place here leaves
        # the rest in the subscription's pending queue.
        places = asyncio.Semaphore(self.concurrency)

        async def on_message(msg: Msg) -> None:
            await places.acquire()
            task = asyncio.create_task(_answer(nc, command, msg))
            self._in_flight.add(task)

            def done(finished: asyncio.Task[None]) -> None:
                places.release()
                self._in_flight.discard(finished)

            task.add_done_callback(done)

        return on_message

    async def _pull(
        self,
        js: JetStreamContext,
        consumer: PullConsumer,
        pull: JetStreamContext.PullSubscription,
    ) -> None:
        this = asyncio.current_task()
        assert this is not None
        checked = time.monotonic()
        while self._running:
            self._waiting.add(this)
            try:
                batch = await pull.fetch(consumer.batch, timeout=FETCH_SECONDS)
            except NatsTimeoutError:  # nothing to do yet, or no consumer to ask
                if time.monotonic() - checked >= CONSUMER_CHECK_SECONDS:
                    checked = time.monotonic()
                    await _restore(js, consumer)
                continue
            except Exception as exc:
                if self._running:
                    log.warning("pull failed", consumer=consumer.durable, error=repr(exc))
                    await _restore(js, consumer)
                    await asyncio.sleep(PULL_PAUSE_SECONDS)
                continue
            finally:
                self._waiting.discard(this)
            checked = time.monotonic()
            await asyncio.gather(*(_settle(consumer, msg) for msg in batch))


async def _restore(js: JetStreamContext, consumer: PullConsumer) -> None:
    """A durable deleted from outside (by hand, with its stream made again) is made again as
    declared. It starts from the stream's first message: those handled before come again, and the
    inbox knows them (a consumer that started later would lose what came in between)."""
    try:
        await js.consumer_info(consumer.stream, consumer.durable)
        return
    except NotFoundError:
        pass
    except Exception:  # NATS away: the failed pull has said so
        return
    config = consumer.config
    filtered = config.filter_subject or (None if config.filter_subjects else consumer.subject)
    declared = replace(
        config, name=consumer.durable, durable_name=consumer.durable, filter_subject=filtered
    )
    try:
        await js.add_consumer(consumer.stream, config=declared)
    except Exception as exc:
        log.warning("consumer not made again", consumer=consumer.durable, error=repr(exc))
        return
    log.warning("consumer made again", consumer=consumer.durable, stream=consumer.stream)


async def _answer(nc: Client, command: CommandSubscription, msg: Msg) -> None:
    reply = await command.handle(msg)
    if not msg.reply:
        return  # published, not requested: no one waits for the answer
    try:
        await nc.publish(msg.reply, reply)
    except Exception as exc:  # the caller times out; the command's effects stand
        log.warning("reply not sent", subject=command.subject, error=repr(exc))


async def _settle(consumer: PullConsumer, msg: Msg) -> None:
    try:
        await consumer.handle(msg)
    except Exception:  # not acked: JetStream delivers it again after the ack wait
        log.exception("event not settled", consumer=consumer.durable)


def _hearing(watch: Watch) -> Callable[[Msg], Awaitable[None]]:
    async def on_message(msg: Msg) -> None:
        try:
            await watch.handle(msg.data)
        except Exception:  # at most once by design: the next message is heard all the same
            log.exception("watched message not handled", subject=watch.subject)

    return on_message
