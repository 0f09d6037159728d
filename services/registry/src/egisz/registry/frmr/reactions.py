"""FRMR's reactions to other services' events. The runtime keeps them once: the event's mark is
written by this transaction, with the change."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from egisz.kernel.standing import StandingChange
from egisz.registry.frmr.domain.errors import AccreditationNotYetRecordedError, WorkerNotFoundError
from egisz.registry.frmr.domain.parts import AccreditationRecord

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


async def record_accreditation(
    uow: RegistryUnitOfWork,
    *,
    worker_id: str,
    record: AccreditationRecord,
) -> None:
    """Reaction to accreditation's «passed»: write it into the record."""
    async with uow:
        worker = await uow.workers.get(worker_id)
        if worker is None:
            raise WorkerNotFoundError()
        if worker.record_accreditation(record):
            await uow.workers.save(worker)
        await uow.commit()


async def record_standing(
    uow: RegistryUnitOfWork,
    *,
    worker_id: str,
    record_id: str,
    changes: tuple[StandingChange, ...],
) -> None:
    """Reaction to accreditation's «standing changed»: the record's accreditation takes the
    center's whole history of it. A pass not in FRMR yet (no `worker_id`) carries it in its
    «passed» when the person enters; one whose «passed» has not arrived waits (redelivered)."""
    if not worker_id:
        return
    async with uow:
        worker = await uow.workers.get(worker_id)
        if worker is None:
            raise WorkerNotFoundError()
        known = next((a for a in worker.accreditations if a.id == record_id), None)
        if known is None:
            raise AccreditationNotYetRecordedError()
        if worker.record_accreditation(replace(known, standing=changes)):
            await uow.workers.save(worker)
        await uow.commit()
