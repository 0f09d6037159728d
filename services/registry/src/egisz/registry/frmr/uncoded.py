"""Stored text given its code (issue 31's migration): a job's position written as text is mapped
to the positions' book by name where exactly one entry has that name; what no name matches stays
uncoded on the record and waits in the support desk's queue, with the book's nearest names, until
the desk gives it a code. Each coding is a correction of the entry: the history keeps what it
said, `entry.corrected` tells the other services."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import DomainError, InvalidInputError
from egisz.registry.domain.coding import POSITIONS, CodeBook, Coded
from egisz.registry.frmr.domain.errors import EmploymentNotFoundError, WorkerNotFoundError
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import EmploymentRecord

if TYPE_CHECKING:  # the port only: no driver is imported at run time
    from collections.abc import Callable

    from egisz.registry.repository import RegistryUnitOfWork

MAPPED = "Должность сопоставлена со справочником должностей НСИ по наименованию"
RESOLVED = "Код должности указан СТП ЕГИСЗ по справочнику должностей НСИ"
CANDIDATES = 5


@dataclass(frozen=True)
class Mapped:
    coded: int
    left: int
    next_cursor: str | None


@dataclass(frozen=True)
class Queued:
    worker: Worker
    job: EmploymentRecord
    candidates: list[Coded]


def _code(worker: Worker, job: EmploymentRecord, found: Coded, reason: str, clock: Clock) -> None:
    now = clock()
    corrected = replace(job, position=found.name, position_code=found.code)
    worker.correct_entry(corrected, reason=reason, by_org=None, today=now.date(), now=now)


async def map_positions(
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
            for job in worker.uncoded_jobs:
                found = await codes.by_name(POSITIONS, job.position, on=job.start_date)
                try:
                    if found is None:
                        raise InvalidInputError.of("position", "no name matches", "unmatched")
                    _code(worker, job, found, MAPPED, clock)
                    done += 1
                except DomainError:  # no match, or the entry no longer passes today's rules
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
        Queued(
            w, job, await codes.near(POSITIONS, job.position, on=job.start_date, limit=CANDIDATES)
        )
        for w in page
        for job in w.uncoded_jobs
    ]
    return found, page[-1].id if len(page) == limit else None


async def resolve(
    uow: RegistryUnitOfWork,
    codes: CodeBook,
    *,
    worker_id: str,
    employment_id: str,
    position_code: str,
    clock: Clock = utcnow,
) -> EmploymentRecord:
    """The support desk codes one queued entry."""
    async with uow:
        worker = await uow.workers.get(worker_id)
        if worker is None:
            raise WorkerNotFoundError()
        job = next((e for e in worker.uncoded_jobs if e.id == employment_id), None)
        if job is None:
            raise EmploymentNotFoundError.at("employment_id", "not_queued")
        found = await codes.code(POSITIONS, position_code, field="position_code", on=job.start_date)
        _code(worker, job, found, RESOLVED, clock)
        await uow.workers.save(worker)
        await uow.commit()
    return next(e for e in worker.employments if e.id == employment_id)
