"""The change feed on a real nats-server: pages follow the cursor, and a cursor older than what
the stream keeps is refused with the oldest one that misses nothing — never a silent gap."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from nats.js.api import StreamConfig

from egisz.runtime.changes import CursorExpiredError, read_changes
from egisz.runtime.replies import error_body

pytestmark = pytest.mark.integration


async def feed(nc: Any, kept: int, published: int) -> tuple[str, str]:
    """A stream keeping the last `kept` of `published` events."""
    name = f"FEED_{uuid.uuid4().hex[:8].upper()}"
    subject = f"test.{name.lower()}.evt"
    js = nc.jetstream()
    await js.add_stream(
        StreamConfig(name=name, subjects=[f"{subject}.>"], max_msgs=kept, allow_direct=True)
    )
    for n in range(published):
        await js.publish(f"{subject}.x", json.dumps({"id": n}).encode())
    return name, f"{subject}.>"


async def test_pages_follow_the_cursor_to_the_end(nc: Any) -> None:
    stream, subjects = await feed(nc, kept=10, published=5)
    first = await read_changes(nc, stream=stream, subjects=subjects, after=0, limit=3)
    rest = await read_changes(
        nc, stream=stream, subjects=subjects, after=first.next_cursor, limit=3
    )
    assert [e["id"] for e in first.events + rest.events] == [0, 1, 2, 3, 4]
    assert (first.has_more, rest.has_more, rest.next_cursor) == (True, False, 5)


async def test_a_cursor_older_than_the_stream_keeps_is_refused_with_the_oldest_one(
    nc: Any,
) -> None:
    stream, subjects = await feed(nc, kept=3, published=5)  # events 1 and 2 are gone
    with pytest.raises(CursorExpiredError) as refused:
        await read_changes(nc, stream=stream, subjects=subjects, after=1, limit=10)
    body = error_body(refused.value)
    assert (body.code, body.details) == ("cursor_expired", {"oldest_cursor": 2})
    assert [f.field for f in body.fields] == ["after"]
    page = await read_changes(nc, stream=stream, subjects=subjects, after=2, limit=10)
    assert [e["id"] for e in page.events] == [2, 3, 4]


async def test_a_reader_that_knows_a_time_starts_at_the_first_event_stored_since(nc: Any) -> None:
    stream, subjects = await feed(nc, kept=10, published=2)
    js = nc.jetstream()
    await asyncio.sleep(0.05)
    since = datetime.now(UTC)
    for n in (2, 3):
        await js.publish(subjects.replace(">", "x"), json.dumps({"id": n}).encode())
    page = await read_changes(nc, stream=stream, subjects=subjects, after=0, since=since, limit=10)
    assert ([e["id"] for e in page.events], page.next_cursor, page.has_more) == ([2, 3], 4, False)
    later = await read_changes(
        nc, stream=stream, subjects=subjects, after=0, since=datetime.now(UTC), limit=10
    )
    assert (later.events, later.next_cursor) == ([], 4)
