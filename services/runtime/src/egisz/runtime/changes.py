"""A service's change feed: its events after a cursor, read back from its own JetStream stream.

The cursor is the stream sequence, so a new subscriber can page through history and then switch
to a durable consumer starting at the last sequence it saw (DeliverPolicy.BY_START_SEQUENCE). Only
the service's own events are read (`egisz.<service>.evt.>`), never its public copies or dead
letters.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg

from egisz.kernel.errors import ConflictError, FieldProblem, TransientError


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
    stored at or after that instant (a reader that knows a time, not a sequence: FHIR `_since`).

    Read with one batched direct get (`$JS.API.DIRECT.GET.<stream>`, the stream has
    `allow_direct`): no consumer is created, so the service's NATS user needs no right to create
    consumers of any name on its stream (a short-lived consumer per page was refused by the
    deployed permissions)."""
    js = nc.jetstream()
    info = await js.stream_info(stream)
    end = info.state.last_seq
    request: dict[str, Any] = {"batch": limit, "next_by_subj": subjects}
    if since is not None and after == 0:
        request["start_time"] = since.astimezone(UTC).isoformat()
    else:
        oldest = (info.state.first_seq or 1) - 1  # the earliest cursor that misses nothing
        if after < oldest:
            raise CursorExpiredError(oldest)
        if end <= after:
            return ChangesPage([], max(after, end), False)
        request["seq"] = after + 1
    found, pending = await _direct_batch(nc, stream, request, wait)
    if not found:
        return ChangesPage([], max(after, end), False)
    return ChangesPage([json.loads(data) for _, data in found], found[-1][0], pending > 0)


async def _direct_batch(
    nc: NatsClient, stream: str, request: dict[str, Any], wait: float
) -> tuple[list[tuple[int, bytes]], int]:
    """The messages a batched direct get answers, as (sequence, data), and how many more match
    after the last (`Nats-Num-Pending` of the end-of-batch status)."""
    inbox = nc.new_inbox()
    found: list[tuple[int, bytes]] = []
    pending = 0
    done = asyncio.Event()

    async def answered(msg: Msg) -> None:
        nonlocal pending
        headers = msg.headers or {}
        status = headers.get("Status")
        if status is None:
            found.append((int(headers["Nats-Sequence"]), msg.data))
            return
        pending = int(headers.get("Nats-Num-Pending") or 0) if status == "204" else 0
        done.set()  # 204: end of the batch; 404: nothing to read; anything else: stop here

    subscription = await nc.subscribe(inbox, cb=answered)
    try:
        await nc.publish(f"$JS.API.DIRECT.GET.{stream}", json.dumps(request).encode(), reply=inbox)
        await asyncio.wait_for(done.wait(), wait)
    except TimeoutError as exc:
        raise TransientError() from exc
    finally:
        await subscription.unsubscribe()
    return found, pending
