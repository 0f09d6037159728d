"""JetStream streams: the owner declares its own from settings, and the pull consumers other teams
read its public events with; consumers wait for theirs (docs/stack.md, pitfall 4: only the owning
service declares a stream).

Other teams (the `observer` NATS user) may not create consumers: a push consumer's
`deliver_subject` is published by the server on the account's behalf, on any subject (docs/stack.md
pitfall 30). So the owner declares `OBSERVER_DURABLES` — pull consumers of the public form of its
events (`contracts.public`), from the start of the stream — and the observer may only read and
acknowledge them."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import nats
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DeliverPolicy,
    DiscardPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.client import JetStreamContext
from nats.js.errors import Error as JetStreamError, NotFoundError

from egisz.contracts.public import public_wildcard
from egisz.contracts.subjects import stream_name, stream_subjects
from egisz.runtime.logging import get_logger
from egisz.runtime.settings import ServiceSettings, nats_servers

log = get_logger("egisz.streams")

# The durable pull consumers another team may read our public events with (one name a team).
OBSERVER_DURABLES = ("observer-1", "observer-2", "observer-3")


def own_stream_config(settings: ServiceSettings) -> StreamConfig:
    return StreamConfig(
        name=stream_name(settings.service_name),
        subjects=stream_subjects(settings.service_name),
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        max_age=settings.stream_max_age_days * 86400,
        duplicate_window=settings.stream_duplicate_window_seconds,
        num_replicas=settings.stream_replicas,
        allow_direct=True,  # the change feed reads pages by batched direct get (changes.py)
    )


async def prepare_streams(settings: ServiceSettings, consumes: set[str]) -> None:
    """Declare or update our stream; wait (logging) until every stream we consume exists."""
    nc = await nats.connect(
        nats_servers(settings.nats_url),
        name=f"{settings.service_name}-admin",
        inbox_prefix=settings.inbox_prefix,
    )
    try:
        js = nc.jetstream()
        config = own_stream_config(settings)
        try:
            await js.stream_info(config.name)  # type: ignore[arg-type]
            await js.update_stream(config)
        except NotFoundError:
            await js.add_stream(config)
            log.info("stream created", stream=config.name)
        await declare_observer_durables(js, settings.service_name)
        for name in sorted(consumes - {config.name}):
            next_log = 0.0
            while True:
                try:
                    await js.stream_info(name)
                    break
                except NotFoundError:
                    if time.monotonic() >= next_log:  # say so now and every 10 s, not every poll
                        log.info("waiting for stream of another service", stream=name)
                        next_log = time.monotonic() + 10
                    await asyncio.sleep(0.5)
    finally:
        await nc.close()


async def declare_observer_durables(js: JetStreamContext, service: str) -> None:
    """Each of `OBSERVER_DURABLES` on our stream, a pull consumer of our public events; one that
    exists is left as it is (a team's position in it is theirs)."""
    stream = stream_name(service)
    for durable in OBSERVER_DURABLES:
        try:
            await js.consumer_info(stream, durable)
            continue
        except NotFoundError:
            pass
        try:
            await js.add_consumer(
                stream,
                ConsumerConfig(
                    durable_name=durable,
                    filter_subject=public_wildcard(service),
                    ack_policy=AckPolicy.EXPLICIT,
                    deliver_policy=DeliverPolicy.ALL,
                    ack_wait=30,
                    max_deliver=20,
                    max_ack_pending=1000,
                ),
            )
        except JetStreamError as exc:  # a replica declared it at the same moment
            log.info("observer durable not declared", durable=durable, error=repr(exc))


async def reconcile_consumers(
    js: JetStreamContext, durables: list[tuple[str, str]], max_deliver: int, ack_wait: float
) -> None:
    """Apply the redelivery settings to durables that exist already: JetStream keeps a
    durable's config from its first start, and FastStream binds to it as it is (docs/stack.md,
    pitfall 3)."""
    for stream, durable in durables:
        try:
            info = await js.consumer_info(stream, durable)
        except NotFoundError:
            continue  # created at start, with these settings
        config = info.config
        if (config.max_deliver, config.ack_wait) == (max_deliver, ack_wait):
            continue
        await js.add_consumer(stream, replace(config, max_deliver=max_deliver, ack_wait=ack_wait))
        log.info(
            "consumer updated",
            consumer=durable,
            max_deliver=f"{config.max_deliver} -> {max_deliver}",
            ack_wait=f"{config.ack_wait} -> {ack_wait}",
        )
