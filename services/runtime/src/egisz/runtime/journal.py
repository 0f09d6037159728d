"""The audit journal's sending side (`contracts.audit`). Every command a journaled service answers
that changes something, and every read that disclosed somebody's data (the handler says whose:
`CommandContext.disclosed`), becomes one entry sent to the audit service on the service's own
subject.

Each entry leaves before its reply, on the same connection: NATS keeps a connection's order, so
no caller has an answer before the server has its entry. While the journal's stream acknowledges,
the reply does not wait for that acknowledgement (it costs a read a round trip: +16% measured);
an entry the stream refuses or does not acknowledge in time is kept in the service's outbox, and
from then on the service waits: each reply leaves only once its entry is acknowledged, a read
whose entry cannot be kept is refused (`journal_unavailable`), until the stream acknowledges
again. Lost only if the stream fails an entry and the service dies within the timeout after
answering, two faults at once; `ack_before_reply` waits for every acknowledgement (the setting
`JOURNAL_ACK_BEFORE_REPLY`). Waiting, the entries of commands answered while a message was on
its way go together in the next (`JournalEntries`: a group commit, one acknowledgement for all).

A change already committed is answered as it went either way: its entry not acknowledged is
kept in the outbox for the relay to send when NATS is back (a restart does not lose it; never in
a public form), or — the database out too — sent again from memory until JetStream takes it
(a repeat of an entry is dropped by its event id: by the stream, or by the journal for one
first sent ahead, without `Nats-Msg-Id`)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from faststream.nats import NatsBroker
from nats.aio.msg import Msg
from nats.js import JetStreamContext

from egisz.contracts.audit import (
    JOURNALED_SERVICES,
    MAX_ENTRIES_PER_MESSAGE,
    MAX_PERSONS_PER_ENTRY,
    DataPart,
    JournalActor,
    JournalEntries,
    JournalEntry,
    JournalPerson,
)
from egisz.contracts.envelope import CommandMeta, Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.subjects.audit_subjects import JOURNALED
from egisz.contracts.subjects.naming import Command, stream_name
from egisz.kernel.clock import utcnow
from egisz.kernel.errors import TransientError
from egisz.kernel.snils import digits_only
from egisz.runtime.logging import get_logger
from egisz.runtime.mongo import OUTBOX, Mongo, OutgoingEvent, outbox_row

log = get_logger("egisz.journal")


class JournalUnavailableError(TransientError):
    code = "journal_unavailable"
    default_message = (
        "Журнал аудита сейчас недоступен, поэтому данные не показаны: повторите запрос позже"
    )


class Disclosures:
    """Whose data one command read or changed, and what of it."""

    def __init__(self) -> None:
        self._parts: dict[str, set[DataPart]] = {}

    def add(self, snils: str | None, *parts: DataPart) -> None:
        digits = digits_only(snils or "")
        if digits and parts:
            self._parts.setdefault(digits, set()).update(parts)

    def __bool__(self) -> bool:
        return bool(self._parts)

    def stored(self) -> dict[str, list[str]]:
        """For a stored answer: its replay shows the same people's data again."""
        return {snils: sorted(parts) for snils, parts in self._parts.items()}

    def restore(self, stored: dict[str, list[str]] | None) -> None:
        for snils, parts in (stored or {}).items():
            self.add(snils, *(DataPart(part) for part in parts))

    def persons(self) -> list[JournalPerson]:
        """At most `MAX_PERSONS_PER_ENTRY`: a page holds fewer; more would be a bug to see."""
        if len(self._parts) > MAX_PERSONS_PER_ENTRY:
            log.error("too many people in one journal entry", people=len(self._parts))
        return [
            JournalPerson(snils=snils, parts=sorted(parts))
            for snils, parts in list(self._parts.items())[:MAX_PERSONS_PER_ENTRY]
        ]


def journal_entry(
    command: Command, outcome: str, meta: CommandMeta, disclosures: Disclosures
) -> JournalEntry | None:
    """The entry for one answered command; None for a read that disclosed no one's data and for
    what no one signed in did (an anonymous caller reads only public data, changes nothing)."""
    actor = meta.actor
    if actor.role is Role.ANONYMOUS or (command.is_query and not disclosures):
        return None
    return JournalEntry(
        command=command.subject,
        kind="read" if command.is_query else "change",
        outcome=outcome,
        at=utcnow(),
        actor=JournalActor(
            role=actor.role,
            sub=actor.sub[:64],
            snils=digits_only(actor.snils) if actor.snils else None,
            org=actor.org,
            name=actor.name,
        ),
        persons=disclosures.persons(),
        correlation_id=meta.correlation_id[:64],
    )


async def send_to_journal(journal: Journal, entry: JournalEntry | None) -> None:
    """Every entry is on its way before its reply leaves, so the journal has them in the order
    they were answered. A read whose entry cannot be kept is refused; a change has happened (or
    was refused) either way: its entry is sent in the background until kept."""
    if entry is None:
        return
    if entry.kind == "read" and entry.outcome == "ok":
        await journal.record(entry)
        return
    try:
        await journal.record(entry)
    except JournalUnavailableError:
        await journal.record_later(entry)


class Journal(Protocol):
    async def record(self, entry: JournalEntry) -> None:
        """On its way ahead of the reply and kept — by the stream, or else by the service's
        outbox — when it returns; raises when it could not be."""
        ...

    async def record_later(self, entry: JournalEntry) -> None:
        """Sent when it can be (a change that has already happened): kept where a restart
        finds it if the service can, else retried from memory."""
        ...


_JOURNAL_EVENT = CloudEvent[JournalEntries]  # made once: parametrizing costs ~0.3 ms a time

# Entries sent ahead whose acknowledgement has not come yet, at most: past it, replies wait.
MAX_AHEAD = 1000

Waiting = list[tuple[JournalEntry, asyncio.Future[None]]]


def _together(waiting: Waiting) -> int:
    """How many of the first entries waiting fit in one message (at least one)."""
    people = 0
    for taken, (entry, _) in enumerate(waiting[:MAX_ENTRIES_PER_MESSAGE]):
        people += len(entry.persons)
        if people > MAX_PERSONS_PER_ENTRY:
            return max(taken, 1)
    return min(len(waiting), MAX_ENTRIES_PER_MESSAGE)


def _settle(batch: Waiting, *, sent: bool) -> None:
    """Tell the callers still waiting whether their entries were sent."""
    for _, caller in batch:
        if caller.done():
            continue
        if sent:
            caller.set_result(None)
        else:
            caller.set_exception(JournalUnavailableError())


class _Together:
    """Entries that came while others were on their way, sent together by a task: as many in
    a message as fit, its callers told once `send` returned (a group commit)."""

    def __init__(self, send: Callable[[list[JournalEntry]], Awaitable[None]]) -> None:
        self._send = send
        self._waiting: Waiting = []
        self._sender: asyncio.Task[None] | None = None  # held: the loop keeps tasks weakly

    def __bool__(self) -> bool:
        return self._sender is not None

    async def join(self, entry: JournalEntry) -> None:
        sent = asyncio.get_running_loop().create_future()
        self._waiting.append((entry, sent))
        if self._sender is None:
            self._sender = asyncio.create_task(self._send_waiting())
        try:
            await sent  # a caller cancelled leaves the message its entry is in alone
        except JournalUnavailableError:
            log.warning("journal entry not kept", command=entry.command)
            raise

    async def _send_waiting(self) -> None:
        try:
            while self._waiting:
                n = _together(self._waiting)
                batch, self._waiting = self._waiting[:n], self._waiting[n:]
                try:
                    await self._send([entry for entry, _ in batch])
                except Exception as exc:
                    log.warning("journal entries not kept", entries=n, error=repr(exc))
                else:
                    _settle(batch, sent=True)
                finally:  # not sent, or not known to be (this task cancelled): refused
                    _settle(batch, sent=False)
        finally:
            self._sender = None
            _settle(self._waiting, sent=False)  # this task cancelled with entries waiting
            self._waiting = []


@dataclass(frozen=True, slots=True)
class _SentAhead:
    acknowledged: asyncio.Future[None]  # done once acknowledged or kept elsewhere
    overdue: asyncio.TimerHandle
    event_id: str
    body: bytes
    first: JournalEntry


class JetStreamJournal:
    """Publishes entries as CloudEvents on `egisz.audit.evt.<service>.journaled`: an entry alone
    when none is on its way (sent by its own caller), and those that came meanwhile together
    (`_Together`) — under load one message and one acknowledgement carry many entries. Ahead
    of the reply while the stream acknowledges, and waiting for it once it has not."""

    def __init__(
        self,
        broker: NatsBroker,
        service: str,
        *,
        timeout: float = 2.0,
        outbox: Callable[[], Mongo] | None = None,
        ack_before_reply: bool = False,
    ) -> None:
        """`outbox`: the service's database, whose outbox keeps an entry NATS did not take.
        `ack_before_reply`: every reply waits for its entry's acknowledgement."""
        if service not in JOURNALED_SERVICES:
            raise ValueError(f"{service} keeps no personal data: nothing to journal")
        self._broker = broker
        self._outbox = outbox
        self._service = service
        self._event = JOURNALED[service]
        self._source, self._type = f"/egisz/{service}", self._event.type
        self._ids, self._made = uuid.uuid4().hex[:20], 0  # an entry's id: unique, no syscall
        self._timeout = timeout
        self._later: set[asyncio.Task[None]] = set()
        self._js: JetStreamContext | None = None
        self._ahead = not ack_before_reply
        self._acknowledging = True  # the stream took the last entry: replies need not wait
        self._acks: str | None = None  # the inbox prefix acknowledgements come to
        self._ahead_of_ack: dict[str, _SentAhead] = {}  # by event id, its reply subject's end
        self._last_ahead: asyncio.Future[None] | None = None  # its acknowledgement
        self._ahead_together = _Together(self._publish_ahead_after_last)
        self._kept_together = _Together(self._publish)
        self._sending = False  # a caller waits for the acknowledgement of its own entry

    def _body(self, entries: list[JournalEntry]) -> tuple[str, bytes]:
        """Made of entries already validated, within a message's bounds (`_together`): not
        validated again — on a read's path that cost a fifth of what the journal adds."""
        first = entries[0]
        self._made += 1
        event = _JOURNAL_EVENT.model_construct(
            id=f"{self._ids}{self._made:012x}",
            source=self._source,
            type=self._type,
            time=first.at,
            data=JournalEntries.model_construct(entries=entries),
            correlationid=first.correlation_id if len(entries) == 1 else None,
            actor=f"{first.actor.role.value}:{first.actor.sub}" if len(entries) == 1 else None,
        )
        return event.id, event.model_dump_json(exclude_none=True).encode()

    def _context(self) -> JetStreamContext:
        if self._js is None:  # one context: the connection stays the same across reconnects
            self._js = self._broker.connection.jetstream()
        return self._js

    async def record(self, entry: JournalEntry) -> None:
        if self._ahead and self._acknowledging and len(self._ahead_of_ack) < MAX_AHEAD:
            try:
                if self._ahead_of_ack or self._ahead_together:
                    await self._ahead_together.join(entry)
                else:  # none on its way: this caller sends its own, no task needed
                    await self._publish_ahead([entry])
                return
            except Exception as exc:  # not even sent (the connection closed): wait instead
                log.warning("journal entry not sent ahead", error=repr(exc))
                self._acknowledging = False
        await self._record_kept(entry)

    async def _publish_ahead(self, entries: list[JournalEntry]) -> None:
        """In the connection's buffer, ahead of the replies, when it returns; its
        acknowledgement comes to `_acknowledged`, or its time runs out (`_overdue`)."""
        event_id, body = self._body(entries)
        nc = self._broker.connection
        if self._acks is None:  # one inbox for every acknowledgement: nats-py resubscribes it
            acks = f"{nc.new_inbox()}."
            await nc.subscribe(f"{acks}*", cb=self._acknowledged)
            self._acks = acks
        loop = asyncio.get_running_loop()
        acknowledged = loop.create_future()
        overdue = loop.call_later(self._timeout, self._overdue, event_id)
        self._ahead_of_ack[event_id] = _SentAhead(acknowledged, overdue, event_id, body, entries[0])
        # Without `Nats-Msg-Id`: the stream's duplicate check cost a read ~1.5%, and the one
        # copy there can be (this message kept late, and again from the outbox) the journal
        # drops itself, by the event's id.
        try:  # registered first: the acknowledgement may come before `publish` returns
            await nc.publish(self._event.subject, body, reply=self._acks + event_id)
        except BaseException:
            del self._ahead_of_ack[event_id]
            overdue.cancel()
            acknowledged.set_result(None)
            raise
        self._last_ahead = acknowledged

    async def _publish_ahead_after_last(self, entries: list[JournalEntry]) -> None:
        """Those that came while a message was on its way go once it is acknowledged: under
        load a reply waits about as long as a kept entry would, and one message carries many."""
        last = self._last_ahead
        if last is not None and not last.done():
            await last
        await self._publish_ahead(entries)

    async def _acknowledged(self, msg: Msg) -> None:
        sent = self._ahead_of_ack.pop(msg.subject.rpartition(".")[2], None)
        if sent is None:  # past its time: already kept in the outbox
            return
        sent.overdue.cancel()
        headers = msg.headers or {}
        if headers.get("Status") == "503":
            self._not_kept(sent, "no stream takes the journal's subject")
        elif b'"error"' in msg.data:
            self._not_kept(sent, msg.data.decode(errors="replace")[:300])
        else:
            sent.acknowledged.set_result(None)

    def _overdue(self, event_id: str) -> None:
        sent = self._ahead_of_ack.pop(event_id, None)
        if sent is not None:
            self._not_kept(sent, f"no acknowledgement in {self._timeout} s")

    def _not_kept(self, sent: _SentAhead, error: str) -> None:
        """A message sent ahead the stream did not keep: kept in the outbox, and replies wait
        for their entries until the stream acknowledges again."""
        self._acknowledging = False
        sent.acknowledged.set_result(None)
        log.warning("journal entries sent ahead not kept", command=sent.first.command, error=error)
        self._in_background(self._keep(sent.event_id, sent.body, sent.first))

    async def _publish(self, entries: list[JournalEntry]) -> None:
        await self._publish_kept(*self._body(entries))
        self._acknowledging = True

    async def _publish_kept(self, event_id: str, body: bytes) -> None:
        """Returns once the stream has it; a repeat of the id is dropped by the stream."""
        await self._context().publish(
            self._event.subject, body, timeout=self._timeout, headers={"Nats-Msg-Id": event_id}
        )

    async def _record_kept(self, entry: JournalEntry) -> None:
        if self._sending or self._kept_together:  # one on its way: this entry goes with others
            await self._kept_together.join(entry)
            return
        self._sending = True
        try:
            await self._publish([entry])
        except Exception as exc:
            log.warning("journal entry not kept", command=entry.command, error=repr(exc))
            raise JournalUnavailableError() from exc
        finally:
            self._sending = False

    async def record_later(self, entry: JournalEntry) -> None:
        await self._keep(*self._body([entry]), entry)

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._later.add(task)  # held: the loop keeps tasks weakly; `settled` waits for them
        task.add_done_callback(self._later.discard)

    async def _keep(self, event_id: str, body: bytes, first: JournalEntry) -> None:
        """The message kept in the outbox as it was sent, or sent again from memory until kept
        (its id: a copy the stream kept after all is dropped — by the stream, or, sent ahead
        without `Nats-Msg-Id`, by the journal)."""
        if self._outbox is not None:
            try:
                event = OutgoingEvent(
                    event_id, self._event.subject, stream_name("audit"), body, first.correlation_id
                )
                await self._outbox()[OUTBOX].insert_one(outbox_row(event, utcnow(), private=True))
                log.warning("journal entry kept in the outbox", command=first.command)
                return
            except Exception as exc:
                log.warning("journal entry not kept in the outbox", error=repr(exc))
        self._in_background(self._until_kept(event_id, body, first.command))

    async def settled(self) -> None:
        """Once every message sent ahead is acknowledged or kept elsewhere (at shutdown, before
        the connection closes: one the stream refuses then still reaches the outbox)."""
        if self._ahead_of_ack:
            await asyncio.wait({sent.acknowledged for sent in self._ahead_of_ack.values()})
        if self._later:
            await asyncio.wait(set(self._later))

    async def _until_kept(self, event_id: str, body: bytes, command: str) -> None:
        delay = 0.5
        while True:
            try:
                await self._publish_kept(event_id, body)
                return
            except Exception as exc:
                log.warning("journal entry not kept yet", command=command, error=repr(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)


class MemoryJournal:
    """For handler tests in memory: what would have been sent."""

    def __init__(self) -> None:
        self.entries: list[JournalEntry] = []

    async def record(self, entry: JournalEntry) -> None:
        self.entries.append(entry)

    async def record_later(self, entry: JournalEntry) -> None:
        self.entries.append(entry)
