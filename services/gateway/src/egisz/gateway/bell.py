"""The bell, live: `GET /api/notify/inbox/stream` is a Server-Sent Events stream of the caller's
new notifications and unread count. Notify stays the judge of whose inbox is whose: the gateway
only asks `inbox.list` under the caller's token, and listens to `notification.created` (one core
subscription per replica) to know when to ask again for the mailboxes that page named.

Each notification is sent with its id as the event id. Ids sort by creation, so a client that
reconnects with `Last-Event-ID` gets every notification after it, in order: nothing is lost
while it was away. A check every `recheck_seconds` covers an event missed while NATS was away."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import Request, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from egisz.contracts.subjects import INBOX_LIST
from egisz.gateway.routes import envelope_error
from egisz.gateway.statuses import status_of
from egisz.runtime.file_transfer import Call
from egisz.runtime.logging import get_logger

log = get_logger("egisz.gateway.bell")

PAGE = 100
CATCH_UP_MAX = 1_000  # more than this missed: the client is told to reload the inbox instead
EVENT_MAX_BYTES = 64 * 1024


class Bell:
    """Which open streams wait on which mailboxes, and how many each person holds: at most
    `per_person` (their tabs and devices) and `max_streams` in all on this replica."""

    def __init__(self, *, max_streams: int = 2000, per_person: int = 5) -> None:
        self._waiting: dict[str, set[asyncio.Event]] = defaultdict(set)
        self.max_streams, self.per_person = max_streams, per_person
        self._open: dict[str, int] = defaultdict(int)

    def admit(self, person: str) -> bool:
        """Take a stream's place for `person` (as notify named them), if there is one."""
        if sum(self._open.values()) >= self.max_streams or self._open[person] >= self.per_person:
            return False
        self._open[person] += 1
        return True

    def leave(self, person: str) -> None:
        self._open[person] -= 1
        if self._open[person] <= 0:
            del self._open[person]

    @contextlib.contextmanager
    def listening(self, mailboxes: list[str]) -> Iterator[asyncio.Event]:
        woken = asyncio.Event()
        for box in mailboxes:
            self._waiting[box].add(woken)
        try:
            yield woken
        finally:
            for box in mailboxes:
                self._waiting[box].discard(woken)
                if not self._waiting[box]:
                    del self._waiting[box]

    def created(self, body: bytes) -> None:
        """A `notification.created` CloudEvent: wake whoever reads its mailbox. Anything else
        on the subject is ignored: the stream's recheck would find a real one anyway."""
        if len(body) > EVENT_MAX_BYTES:
            return
        try:
            recipient = json.loads(body)["data"]["recipient_id"]
        except (ValueError, KeyError, TypeError):
            log.warning("unreadable notification event ignored", size=len(body))
            return
        for woken in self._waiting.get(str(recipient), ()):
            woken.set()


async def newer_than(call: Call, last: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The caller's notifications after `last`, oldest first, and the newest page's reply (its
    unread count, or the refusal). More than `CATCH_UP_MAX`: the list is cut (a reset)."""
    found: list[dict[str, Any]] = []
    body: dict[str, Any] = {"limit": PAGE}
    first: dict[str, Any] | None = None
    while True:
        reply = await call(INBOX_LIST.subject, body)
        first = first or reply
        if not reply.get("ok"):
            return [], reply
        page = reply["result"]
        for item in page["items"]:
            if item["notification_id"] <= last:
                return found[::-1], first
            found.append(item)
        if not page["next_cursor"] or len(found) >= CATCH_UP_MAX:
            return found[::-1], first
        body = {"limit": PAGE, "cursor": page["next_cursor"]}


def too_many_streams() -> Response:
    message = "Открыто слишком много окон с уведомлениями: закройте лишние"
    return Response(
        envelope_error("too_many_streams", "unavailable", message),
        429,
        {"Retry-After": "30"},
        "application/json",
    )


def _sse(event: str, data: Any, id: str | None = None) -> ServerSentEvent:
    return ServerSentEvent(json.dumps(data, ensure_ascii=False, default=str), event=event, id=id)


async def stream(
    bell: Bell, call: Call, request: Request, *, recheck_seconds: float, ping_seconds: float
) -> Response:
    """The first page is asked before the stream opens, so a refusal keeps its status."""
    first = await call(INBOX_LIST.subject, {"limit": 1})
    if not first.get("ok"):
        body = json.dumps(first, ensure_ascii=False).encode()
        return Response(body, status_of(first), media_type="application/json")
    mailboxes: list[str] = first["result"].get("mailboxes") or []
    person = mailboxes[0] if mailboxes else ""  # the caller's own box comes first (notify)
    if not bell.admit(person):
        return too_many_streams()
    resumed = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    newest = [i["notification_id"] for i in first["result"]["items"]]

    async def events() -> AsyncIterator[ServerSentEvent]:
        try:
            async for event in _events():
                yield event
        finally:
            bell.leave(person)

    async def _events() -> AsyncIterator[ServerSentEvent]:
        last, unread = resumed if resumed is not None else (newest[0] if newest else ""), None
        with bell.listening(mailboxes) as woken:
            while True:
                items, reply = await newer_than(call, last)
                if not reply.get("ok"):
                    if status_of(reply) in (401, 403):  # the token ran out or was taken away
                        yield _sse("error", reply["error"])
                        return
                    log.warning("inbox not read, will retry", code=reply["error"].get("code"))
                else:
                    if len(items) >= CATCH_UP_MAX:
                        yield _sse("reset", {"reason": "too_many_missed", "reload": "inbox.list"})
                    for item in items:
                        yield _sse("notification", item, id=item["notification_id"])
                        last = item["notification_id"]
                    count = reply["result"]["unread_count"]
                    if count != unread:
                        unread = count
                        yield _sse("unread", {"unread_count": count})
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken.wait(), recheck_seconds)
                woken.clear()

    return EventSourceResponse(events(), ping=ping_seconds)
