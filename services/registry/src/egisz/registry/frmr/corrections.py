"""Correcting a record: an entry corrected or annulled with its reason kept in the record's
history, and «Сообщить о неточности» — a worker reports an inaccuracy to an organization linked
to their record, whose officers decline it or resolve it by the change that fixed it; the support
desk sees every one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import FieldProblem
from egisz.registry.caller import Caller, new_id, require_access
from egisz.registry.frmr.domain.correction import CorrectionFix, CorrectionRequest, CorrectionStatus
from egisz.registry.frmr.domain.errors import (
    CorrectionNotFoundError,
    NotYourOrganizationError,
    OrganizationNotLinkedError,
    WorkerNotFoundError,
)
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import EmploymentRecord, EntryKind, EntryRevision
from egisz.registry.frmr.records import answer_request, check_workplace, maintained

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


# --- entries corrected or annulled ----------------------------------------------------------
@dataclass(frozen=True)
class Revision:
    """Why an entry changes and, when a worker asked for it, their correction request."""

    reason: str
    correction_id: str | None = None


async def correct_entry(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str,
    kind: EntryKind,
    entry_id: str,
    fields: Mapping[str, Any],
    revision: Revision,
    clock: Clock = utcnow,
) -> Worker:
    """The entry now reads as `fields` say (every field of the kind, as when it was added)."""
    now = clock()

    async def correct(worker: Worker) -> EntryRevision:
        corrected = replace(worker.entry(kind, entry_id), **fields)
        if isinstance(corrected, EmploymentRecord):
            await check_workplace(
                uow, corrected.organization_oid, corrected.subdivision_oid, corrected.start_date
            )
        return worker.correct_entry(
            corrected,
            reason=revision.reason,
            by_org=caller.org,
            today=now.date(),
            now=now,
            correction_id=revision.correction_id,
        )

    return await _revise(uow, caller, worker_id, kind, entry_id, now, correct)


async def annul_entry(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str,
    kind: EntryKind,
    entry_id: str,
    revision: Revision,
    clock: Clock = utcnow,
) -> Worker:
    now = clock()

    async def annul(worker: Worker) -> EntryRevision:
        return worker.annul_entry(
            kind,
            entry_id,
            reason=revision.reason,
            by_org=caller.org,
            now=now,
            correction_id=revision.correction_id,
        )

    return await _revise(uow, caller, worker_id, kind, entry_id, now, annul)


async def _revise(
    uow: RegistryUnitOfWork,
    caller: Caller,
    worker_id: str,
    kind: EntryKind,
    entry_id: str,
    now: datetime,
    revise: Callable[[Worker], Awaitable[EntryRevision]],
) -> Worker:
    """One revision in one transaction: the record, the request it answers, their events."""
    async with uow:
        worker = await _editable(uow, caller, worker_id, kind, entry_id, now.date())
        done = await revise(worker)
        await _answer_request(uow, caller, worker, done, now)
        await uow.workers.save(worker)
        await uow.commit()
    return worker


async def _editable(
    uow: RegistryUnitOfWork,
    caller: Caller,
    worker_id: str,
    kind: EntryKind,
    entry_id: str,
    today: date,
) -> Worker:
    """A record the caller maintains; a job only at the officer's own organization."""
    worker = await maintained(uow, caller, worker_id, today=today)
    entry = worker.entry(kind, entry_id)
    if (
        isinstance(entry, EmploymentRecord)
        and caller.is_officer
        and entry.organization_oid != caller.org
    ):
        raise NotYourOrganizationError("Запись о работе исправляет организация, где она была")
    return worker


async def _answer_request(
    uow: RegistryUnitOfWork, caller: Caller, worker: Worker, done: EntryRevision, now: datetime
) -> None:
    if done.correction_id is None:
        return
    fix = CorrectionFix((done.kind.section,), entry_id=done.entry_id, revision=done.number)
    await answer_request(uow, caller, done.correction_id, worker, fix, done.reason, now)


# --- correction requests --------------------------------------------------------------------
async def report_inaccuracy(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    organization_oid: str,
    section: str,
    description: str,
    clock: Clock = utcnow,
) -> CorrectionRequest:
    async with uow:
        worker = await uow.workers.get_by_snils(caller.snils or "")
        if worker is None:
            raise WorkerNotFoundError()
        if not worker.linked_to(organization_oid):
            raise OrganizationNotLinkedError(
                fields=[
                    FieldProblem(
                        "organization_oid", OrganizationNotLinkedError.default_message, "not_linked"
                    )
                ]
            )
        request = CorrectionRequest.report(
            request_id=new_id(),
            worker_id=worker.id,
            organization_oid=organization_oid,
            section=section,
            description=description,
            now=clock(),
        )
        await uow.corrections.add(request)
        await uow.commit()
    return request


async def resolve_correction(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    correction_id: str,
    status: CorrectionStatus,
    comment: str | None,
    clock: Clock = utcnow,
) -> CorrectionRequest:
    async with uow:
        await require_access(uow, caller)
        request = await uow.corrections.get(correction_id)
        if request is None or request.organization_oid != caller.org:
            raise CorrectionNotFoundError()
        request.resolve(status, comment=comment, by=caller.sub, now=clock())
        await uow.corrections.save(request)
        await uow.commit()
    return request


async def list_corrections(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    status: CorrectionStatus | None,
    after: str | None,
    limit: int,
) -> list[CorrectionRequest]:
    async with uow:
        if caller.is_worker:
            worker = await uow.workers.get_by_snils(caller.snils or "")
            if worker is None:
                raise WorkerNotFoundError()
            return await uow.corrections.page(
                organization_oid=None, worker_id=worker.id, status=status, after=after, limit=limit
            )
        await require_access(uow, caller)
        return await uow.corrections.page(
            organization_oid=None if caller.is_support else caller.org,
            worker_id=None,
            status=status,
            after=after,
            limit=limit,
        )
