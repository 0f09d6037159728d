"""The audit journal's sending side (`contracts.audit`). Every command a journaled service answers
that changes something, and every read that disclosed somebody's data (the handler says whose:
`CommandContext.disclosed`), becomes one entry sent to the audit service on the service's own
subject; the entries of commands answered while the service's last message to the journal was on
its way go together in the next (`JournalEntries`: a group commit, one acknowledgement for all).
The reply leaves only after JetStream has acknowledged the entry: a read whose entry
cannot be kept is refused (`journal_unavailable`), so no personal data leaves unjournaled; a
change already committed is answered as it went, its entry kept in the service's outbox for its
relay to send when NATS is back (a restart does not lose it; never in a public form), or — the
database out too — sent again from memory until JetStream takes it (`Nats-Msg-Id` = the entry's
id: a repeat is dropped by the stream)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Protocol

from faststream.nats import NatsBroker
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
    """Every entry is kept before its reply leaves, so the journal has them in the order they
    were answered. A read whose entry cannot be kept is refused; a change has happened (or was
    refused) either way: its entry is sent in the background until kept."""
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
        """Kept by the journal's stream when it returns; raises when it could not be."""
        ...

    async def record_later(self, entry: JournalEntry) -> None:
        """Sent when it can be (a change that has already happened): kept where a restart
        finds it if the service can, else retried from memory."""
        ...


_JOURNAL_EVENT = CloudEvent[JournalEntries]  # made once: parametrizing costs ~0.3 ms a time


def _together(waiting: list[tuple[JournalEntry, asyncio.Future[None]]]) -> int:
    """How many of the first entries waiting fit in one message (at least one)."""
    people = 0
    for taken, (entry, _) in enumerate(waiting[:MAX_ENTRIES_PER_MESSAGE]):
        people += len(entry.persons)
        if people > MAX_PERSONS_PER_ENTRY:
            return max(taken, 1)
    return min(len(waiting), MAX_ENTRIES_PER_MESSAGE)


def _settle(batch: list[tuple[JournalEntry, asyncio.Future[None]]], *, kept: bool) -> None:
    """Tell the callers still waiting whether their entries were kept."""
    for _, caller in batch:
        if caller.done():
            continue
        if kept:
            caller.set_result(None)
        else:
            caller.set_exception(JournalUnavailableError())


class JetStreamJournal:
    """Publishes entries as CloudEvents on `egisz.audit.evt.<service>.journaled`: an entry alone
    when none is on its way (sent by its own caller), and those that came while one was waiting
    for JetStream together in the next (sent by a task) — under load one acknowledgement keeps
    many entries."""

    def __init__(
        self,
        broker: NatsBroker,
        service: str,
        *,
        timeout: float = 2.0,
        outbox: Callable[[], Mongo] | None = None,
    ) -> None:
        """`outbox`: the service's database, whose outbox keeps an entry NATS did not take."""
        if service not in JOURNALED_SERVICES:
            raise ValueError(f"{service} keeps no personal data: nothing to journal")
        self._broker = broker
        self._outbox = outbox
        self._service = service
        self._event = JOURNALED[service]
        self._timeout = timeout
        self._later: set[asyncio.Task[None]] = set()
        self._js: JetStreamContext | None = None
        # Each entry waiting for the next message, and what its caller awaits.
        self._waiting: list[tuple[JournalEntry, asyncio.Future[None]]] = []
        self._sender: asyncio.Task[None] | None = None  # held: the loop keeps tasks weakly
        self._sending = False  # a message of entries is on its way to the stream

    def _body(self, entries: list[JournalEntry]) -> tuple[str, bytes]:
        first = entries[0]
        event = _JOURNAL_EVENT(
            id=uuid.uuid4().hex,
            source=f"/egisz/{self._service}",
            type=self._event.type,
            time=first.at,
            data=JournalEntries(entries=entries),
            correlationid=first.correlation_id if len(entries) == 1 else None,
            actor=f"{first.actor.role.value}:{first.actor.sub}" if len(entries) == 1 else None,
        )
        return event.id, event.model_dump_json(exclude_none=True).encode()

    async def _publish(self, event_id: str, body: bytes) -> None:
        if self._js is None:  # one context: the connection stays the same across reconnects
            self._js = self._broker.connection.jetstream()
        await self._js.publish(
            self._event.subject, body, timeout=self._timeout, headers={"Nats-Msg-Id": event_id}
        )

    async def record(self, entry: JournalEntry) -> None:
        if self._sending:  # a message is on its way: this entry goes in the next
            kept = asyncio.get_running_loop().create_future()
            self._waiting.append((entry, kept))
            try:
                await kept  # a caller cancelled leaves the message its entry is in alone
            except JournalUnavailableError:
                log.warning("journal entry not kept", command=entry.command)
                raise
            return
        self._sending = True  # none on its way: this caller sends its own, no task needed
        try:
            await self._publish(*self._body([entry]))
        except Exception as exc:
            log.warning("journal entry not kept", command=entry.command, error=repr(exc))
            raise JournalUnavailableError() from exc
        finally:
            if self._waiting:  # those answered meanwhile: the next message, from a task
                self._sender = asyncio.create_task(self._send_waiting())
            else:
                self._sending = False

    async def _send_waiting(self) -> None:
        try:
            while self._waiting:
                n = _together(self._waiting)
                batch, self._waiting = self._waiting[:n], self._waiting[n:]
                try:
                    await self._publish(*self._body([entry for entry, _ in batch]))
                except Exception as exc:
                    log.warning("journal entries not kept", entries=n, error=repr(exc))
                else:
                    _settle(batch, kept=True)
                finally:  # not kept, or not known to be (this task cancelled): refused
                    _settle(batch, kept=False)
        finally:
            self._sending = False
            _settle(self._waiting, kept=False)  # this task cancelled with entries waiting
            self._waiting = []

    async def record_later(self, entry: JournalEntry) -> None:
        event_id, body = self._body([entry])
        if self._outbox is not None:
            try:
                event = OutgoingEvent(
                    event_id, self._event.subject, stream_name("audit"), body, entry.correlation_id
                )
                await self._outbox()[OUTBOX].insert_one(outbox_row(event, utcnow(), private=True))
                log.warning("journal entry kept in the outbox", command=entry.command)
                return
            except Exception as exc:
                log.warning("journal entry not kept in the outbox", error=repr(exc))
        task = asyncio.create_task(self._until_kept(event_id, body, entry.command))
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def _until_kept(self, event_id: str, body: bytes, command: str) -> None:
        delay = 0.5
        while True:
            try:
                await self._publish(event_id, body)
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
