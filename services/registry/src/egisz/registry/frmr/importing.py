"""Bulk import of workers from an HR system's file: a bad row is reported and the rest go on; a
row already imported changes nothing; a person already in FRMR is hired by the rule of
`worker.hire` — the same SNILS and birth date — and gains the job (the record keeps its own name:
a surname changed since is the person's to update, with the document)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import DomainError, FieldProblem, InvalidInputError
from egisz.registry.caller import Caller, new_id, require_access
from egisz.registry.domain.coding import POSITIONS, CodeBook
from egisz.registry.domain.errors import TooManyIdentityMissesError
from egisz.registry.domain.identity_check import MissBudget
from egisz.registry.frmr.domain.errors import (
    CertificateAlreadyRecordedError,
    WorkerAlreadyRegisteredError,
)
from egisz.registry.frmr.domain.likeness import likely_same
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import EmploymentRecord
from egisz.registry.frmr.records import check_workplace, likely_duplicates
from egisz.registry.frmr.usecases import (
    NewEmployment,
    NewWorker,
    _required_start,
)
from egisz.registry.identity_misses import misses_today, record_miss

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


# --- bulk import ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportLine:
    row: int
    worker: NewWorker
    job: NewEmployment | None = None


@dataclass(frozen=True)
class ImportOutcome:
    row: int
    outcome: str  # created | employed | unchanged | failed
    worker_id: str | None = None
    problems: tuple[FieldProblem, ...] = ()


async def import_workers(
    new_uow: Callable[[], RegistryUnitOfWork],
    caller: Caller,
    lines: list[ImportLine],
    *,
    codes: CodeBook,
    clock: Clock = utcnow,
) -> list[ImportOutcome]:
    """A bad row is reported and the rest go on; a row already imported changes nothing, so the
    same file can be sent again. The good rows are written in one transaction; if another
    registration raced it, the batch is retried row by row."""
    now = clock()
    async with new_uow() as uow:
        await require_access(uow, caller)
        if caller.org is not None:  # every row's job is at the officer's organization
            await check_workplace(uow, caller.org, None, date.min)
        budget = await misses_today(uow, caller, now)
    known = Known(caller, now, budget)
    outcomes: dict[int, ImportOutcome] = {}
    prepared: list[tuple[ImportLine, Worker, EmploymentRecord | None]] = []
    for line in lines:
        try:
            line = await _coded(line, codes)
            worker, job = _prepare(line, caller, now)
        except DomainError as exc:
            outcomes[line.row] = _failed(line.row, exc)
        else:
            prepared.append((line, worker, job))
    try:
        outcomes |= await _import_together(new_uow(), prepared, known)
    except (WorkerAlreadyRegisteredError, CertificateAlreadyRecordedError):
        for line, _, _ in prepared:
            try:
                worker, job = _prepare(line, caller, now)
                outcomes[line.row] = await _import_alone(new_uow(), line.row, worker, job, known)
            except DomainError as exc:
                outcomes[line.row] = _failed(line.row, exc)
    return [outcomes[line.row] for line in lines]


async def _coded(line: ImportLine, codes: CodeBook) -> ImportLine:
    """The row's position by its code in the positions' book on the job's start (the book's
    name is kept); a code the book lacks fails this row only."""
    job = line.job
    if job is None or not job.position_code or job.start_date is None:
        return line  # no code, or no start: `_prepare` reports what is missing
    found = await codes.code(POSITIONS, job.position_code, field="position_code", on=job.start_date)
    return replace(line, job=replace(job, position=found.name, position_code=found.code))


def _failed(row: int, exc: DomainError) -> ImportOutcome:
    if isinstance(exc, InvalidInputError) and exc.fields:
        return ImportOutcome(row, "failed", problems=tuple(exc.fields))
    field = "snils" if isinstance(exc, WorkerAlreadyRegisteredError) else "row"
    return ImportOutcome(row, "failed", problems=(FieldProblem(field, exc.message, exc.code),))


def _prepare(
    line: ImportLine, caller: Caller, now: datetime
) -> tuple[Worker, EmploymentRecord | None]:
    """The row as a record and a job, every field checked; nothing stored yet."""
    worker = Worker.register(
        worker_id=new_id(),
        snils=line.worker.snils,
        personal=line.worker.personal,
        contacts=line.worker.contacts,
        today=now.date(),
        now=now,
        registered_by_org=caller.org,
    )
    if line.job is None:
        return worker, None
    return worker, EmploymentRecord(
        id=new_id(),
        organization_oid=caller.org or "",
        subdivision_oid=None,
        position=line.job.position.strip(),
        rate=line.job.rate,
        kind=line.job.kind,
        start_date=_required_start(line.job),
        position_code=line.job.position_code,
    )


@dataclass(frozen=True)
class Known:
    """What a row naming someone already in FRMR is checked with: who imports, when, and how
    many more wrong birth dates they may name today (`domain.identity_check`)."""

    caller: Caller
    now: datetime
    budget: MissBudget


async def _merge(
    uow: RegistryUnitOfWork,
    current: Worker,
    row: Worker,
    job: EmploymentRecord | None,
    known: Known,
) -> str:
    """A row whose SNILS is already in FRMR: hired as `worker.hire` hires, by SNILS and birth
    date. A wrong birth date is answered as any SNILS already entered is — never «the birth
    date differs» — and journaled as a miss."""
    if known.budget.exhausted:
        raise TooManyIdentityMissesError()
    if current.personal.birth_date != row.personal.birth_date:
        known.budget.spend()
        await record_miss(uow, known.caller, current.snils, "worker.import", known.now)
        raise WorkerAlreadyRegisteredError()
    today = known.now.date()
    if job is None or any(
        (e.organization_oid, e.position, e.start_date)
        == (job.organization_oid, job.position, job.start_date)
        for e in current.employments
    ):
        return "unchanged"
    current.start_employment(job, today=today)
    return "employed"


async def _import_together(
    uow: RegistryUnitOfWork,
    prepared: list[tuple[ImportLine, Worker, EmploymentRecord | None]],
    known_by: Known,
) -> dict[int, ImportOutcome]:
    today = known_by.now.date()
    outcomes: dict[int, ImportOutcome] = {}
    async with uow:
        snils = [w.snils for _, w, _ in prepared]
        known = {w.snils: w for w in await uow.workers.get_many_by_snils(snils)}
        born = await uow.workers.names_born_on(
            list({w.personal.birth_date for _, w, _ in prepared})
        )
        created: dict[str, Worker] = {}
        changed: dict[str, Worker] = {}
        for line, worker, job in prepared:
            try:
                current = known.get(worker.snils) or created.get(worker.snils)
                if current is not None:
                    outcome = await _merge(uow, current, worker, job, known_by)
                    if outcome == "employed" and current.snils in known:
                        changed[current.id] = current
                    outcomes[line.row] = ImportOutcome(line.row, outcome, current.id)
                    continue
                day = worker.personal.birth_date
                worker.enter(likely_same(worker.name, born.get(day, [])))
                if job is not None:
                    worker.start_employment(job, today=today)
            except DomainError as exc:
                outcomes[line.row] = _failed(line.row, exc)
                continue
            created[worker.snils] = worker
            born.setdefault(day, []).append((worker.id, worker.name))
            outcomes[line.row] = ImportOutcome(line.row, "created", worker.id)
        await uow.workers.add_many(list(created.values()))
        for worker in changed.values():
            await uow.workers.save(worker)
        await uow.commit()
    return outcomes


async def _import_alone(
    uow: RegistryUnitOfWork, row: int, worker: Worker, job: EmploymentRecord | None, known: Known
) -> ImportOutcome:
    today = known.now.date()
    async with uow:
        existing = await uow.workers.get_by_snils(worker.snils)
        if existing is not None:
            outcome = await _merge(uow, existing, worker, job, known)
            if outcome == "employed":
                await uow.workers.save(existing)
                await uow.commit()
            return ImportOutcome(row, outcome, existing.id)
        worker.enter(await likely_duplicates(uow, worker))
        if job is not None:
            worker.start_employment(job, today=today)
        await uow.workers.add(worker)
        await uow.commit()
    return ImportOutcome(row, "created", worker.id)
