"""Dead letters: read a service's `egisz.<service>.dlq.<consumer>` from its stream and put the
original messages back on their subjects. Every consumer is idempotent by event id, so a replay
reaches only those that have not processed the event yet."""

from __future__ import annotations

from dataclasses import dataclass

from nats.aio.client import Client as NatsClient
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from egisz.contracts.events import DeadLetter
from egisz.contracts.subjects import stream_name


@dataclass(frozen=True)
class Letter:
    sequence: int
    letter: DeadLetter


async def dead_letters(
    nc: NatsClient, service: str, *, consumer: str | None = None, limit: int = 1000
) -> list[Letter]:
    js = nc.jetstream()
    subject = f"egisz.{service}.dlq.{consumer or '*'}"
    sub = await js.pull_subscribe(
        subject,
        durable=None,
        stream=stream_name(service),
        config=ConsumerConfig(
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.NONE,
            inactive_threshold=30.0,
            mem_storage=True,
            num_replicas=1,
        ),
    )
    found: list[Letter] = []
    try:
        while len(found) < limit:
            try:
                batch = await sub.fetch(min(100, limit - len(found)), timeout=1.0)
            except NatsTimeoutError:
                break
            found += [
                Letter(m.metadata.sequence.stream, DeadLetter.model_validate_json(m.data))
                for m in batch
            ]
            if not batch[-1].metadata.num_pending:
                break
    finally:
        await sub.unsubscribe()
    return found


async def replay(nc: NatsClient, letter: Letter) -> None:
    """Publish the original body on its subject again, under a message id of its own (the
    stream's duplicate window would drop the original id)."""
    await nc.jetstream().publish(
        letter.letter.subject,
        letter.letter.body.encode(),
        headers={"Nats-Msg-Id": f"replay|{letter.sequence}"},
    )
