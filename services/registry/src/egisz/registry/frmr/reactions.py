"""FRMR's reactions to other services' events. The runtime keeps them once: the event's mark is
written by this transaction, with the change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egisz.registry.frmr.domain.errors import WorkerNotFoundError
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
