"""A service's change feed: its events after a cursor, read back from its own JetStream stream.

The cursor is the stream sequence, so a new subscriber can page through history and then switch
to a durable consumer starting at the last sequence it saw (DeliverPolicy.BY_START_SEQUENCE).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nats.aio.client import Client as NatsClient
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from egisz.runtime.errors import ConflictError, FieldProblem


class CursorExpiredError(ConflictError):
    """The events after the cursor are no longer all kept (the stream's age limit removed the
    oldest): reading on would skip some without a word."""

    code = "cursor_expired"
    default_message = "События после этого курсора уже удалены из ленты изменений"
    fixable_by = "organization"

    def __init__(self, oldest: int) -> None:
        message = (
            f"События до {oldest + 1}-го уже удалены из ленты изменений: восстановите данные "
            f"заново и продолжайте с курсора {oldest} (details.oldest_cursor)"
        )
        super().__init__(
            message,
            fields=[FieldProblem("after", message, "expired")],
            details={"oldest_cursor": oldest},
        )


@dataclass(frozen=True)
class ChangesPage:
    events: list[dict[str, Any]]
    next_cursor: int
    has_more: bool


async def read_changes(
    nc: NatsClient,
    *,
    stream: str,
    subjects: str,
    after: int,
    limit: int,
    since: datetime | None = None,
    wait: float = 2.0,
) -> ChangesPage:
    """The events after the cursor `after`; with the cursor 0 and `since`, from the first one
    stored at or after that instant (a reader that knows a time, not a sequence: FHIR `_since`)."""
    js = nc.jetstream()
    info = await js.stream_info(stream)
    end = info.state.last_seq
    if since is not None and after == 0:
        start = ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=since)
    else:
        oldest = (info.state.first_seq or 1) - 1  # the earliest cursor that misses nothing
        if after < oldest:
            raise CursorExpiredError(oldest)
        if end <= after:
            return ChangesPage([], max(after, end), False)
        start = ConsumerConfig(
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=after + 1
        )
    start.ack_policy = AckPolicy.NONE
    start.inactive_threshold = 30.0
    start.mem_storage = True
    start.num_replicas = 1
    sub = await js.pull_subscribe(subjects, durable=None, stream=stream, config=start)
    try:
        try:
            messages = await sub.fetch(limit, timeout=wait)
        except NatsTimeoutError:
            messages = []
    finally:
        await sub.unsubscribe()
    if not messages:
        return ChangesPage([], max(after, end), False)
    last = messages[-1].metadata
    return ChangesPage(
        [json.loads(m.data) for m in messages],
        last.sequence.stream,
        bool(last.num_pending),
    )
