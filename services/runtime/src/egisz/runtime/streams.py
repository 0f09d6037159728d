"""JetStream streams: the owner declares its own from settings; consumers wait for theirs
(STACK.md pitfall 4: only the owning service declares a stream)."""

from __future__ import annotations

import asyncio
import time

import nats
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from egisz.contracts.subjects import stream_name, stream_subjects
from egisz.runtime.logging import get_logger
from egisz.runtime.settings import ServiceSettings

log = get_logger("egisz.streams")


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
    )


async def prepare_streams(settings: ServiceSettings, consumes: set[str]) -> None:
    """Declare or update our stream; wait (logging) until every stream we consume exists."""
    nc = await nats.connect(
        settings.nats_url,
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
