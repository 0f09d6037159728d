"""Stored text given its code (issue 31's migration): a job's position and dismissal reason, the
speciality of a diploma, certificate or category, written as text, are mapped to their book by
name where exactly one entry has that name on the day that matters; what no name matches stays
uncoded on the record and waits in the support desk's queue, with the book's nearest names,
until the desk gives it a code. Each coding is a correction of the entry: the history keeps what
it said, `entry.corrected` tells the other services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import DomainError
from egisz.registry.domain.coding import CodeBook, Coded
from egisz.registry.domain.errors import NotQueuedError
from egisz.registry.frmr.domain.errors import WorkerNotFoundError
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import Entry, EntryKind
from egisz.registry.frmr.domain.uncoded import UncodedField

if TYPE_CHECKING:  # the port only: no driver is imported at run time
    from collections.abc import Callable

    from egisz.registry.repository import RegistryUnitOfWork

CANDIDATES = 5


@dataclass(frozen=True)
class Mapped:
    coded: int
    left: int
    next_cursor: str | None


@dataclass(frozen=True)
class Queued:
    worker: Worker
    waiting: UncodedField
    candidates: list[Coded]


def _code(
    worker: Worker, waiting: UncodedField, found: Coded, by_desk: bool, clock: Clock
) -> Entry:
    now = clock()
    corrected = waiting.coded(found)
    reason = waiting.reason(by_desk=by_desk)
    worker.correct_entry(corrected, reason=reason, by_org=None, today=now.date(), now=now)
    return corrected


async def map_by_name(
    new_uow: Callable[[], RegistryUnitOfWork],
    codes: CodeBook,
    *,
    after: str | None,
    limit: int,
    clock: Clock = utcnow,
) -> Mapped:
    """One page of queued records: each its own transaction, so a large register is mapped page
    by page and a failure loses at most one record's work."""
    async with (uow := new_uow()):
        page = await uow.workers.uncoded(after, limit)
    coded = left = 0
    for queued in page:
        async with (uow := new_uow()):
            worker = await uow.workers.get(queued.id)
            if worker is None:
                continue
            done = 0
            for waiting in worker.uncoded_fields:
                found = await codes.by_name(waiting.book, waiting.text, on=waiting.on)
                try:
                    if found is None:
                        left += 1
                        continue
                    _code(worker, _current(worker, waiting), found, False, clock)
                    done += 1
                except DomainError:  # the entry no longer passes today's rules: the desk's
                    left += 1
            if done:
                await uow.workers.save(worker)
                await uow.commit()
            coded += done
    return Mapped(coded, left, page[-1].id if len(page) == limit else None)


async def queue(
    uow: RegistryUnitOfWork, codes: CodeBook, *, after: str | None, limit: int
) -> tuple[list[Queued], str | None]:
    async with uow:
        page = await uow.workers.uncoded(after, limit)
    found = [
        Queued(w, f, await codes.near(f.book, f.text, on=f.on, limit=CANDIDATES))
        for w in page
        for f in w.uncoded_fields
    ]
    return found, page[-1].id if len(page) == limit else None


async def resolve(
    uow: RegistryUnitOfWork,
    codes: CodeBook,
    *,
    worker_id: str,
    kind: EntryKind,
    entry_id: str,
    field: str,
    code: str,
    clock: Clock = utcnow,
) -> tuple[UncodedField, Entry]:
    """The support desk codes one queued field: what waited, and the entry as it reads now."""
    async with uow:
        worker = await uow.workers.get(worker_id)
        if worker is None:
            raise WorkerNotFoundError()
        waiting = next(
            (
                f
                for f in worker.uncoded_fields
                if (f.kind, f.entry_id, f.field) == (kind, entry_id, field)
            ),
            None,
        )
        if waiting is None:
            raise NotQueuedError.at("entry_id", "not_queued")
        found = await codes.code(waiting.book, code, field="code", on=waiting.on)
        corrected = _code(worker, waiting, found, True, clock)
        await uow.workers.save(worker)
        await uow.commit()
    return waiting, corrected


def _current(worker: Worker, waiting: UncodedField) -> UncodedField:
    """The field as the entry reads now: coding an entry's other field earlier in the same
    pass replaced the entry (a job's position, then its dismissal reason)."""
    entry = worker.entry(waiting.kind, waiting.entry_id)
    return UncodedField(waiting.kind, entry, waiting.field, waiting.book, waiting.text, waiting.on)
