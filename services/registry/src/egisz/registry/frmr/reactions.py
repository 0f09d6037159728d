"""FRMR's reactions to other services' events: each applied once (the inbox mark in the same
transaction as the change)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egisz.registry.domain.errors import WorkerNotFoundError
from egisz.registry.domain.model import AccreditationRecord

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


async def record_accreditation(
    uow: RegistryUnitOfWork,
    *,
    consumer: str,
    event_id: str,
    worker_id: str,
    record: AccreditationRecord,
) -> None:
    """Reaction to accreditation's «passed»: write it into the record, once."""
    async with uow:
        if await uow.already_processed(consumer, event_id):
            return
        worker = await uow.workers.get(worker_id)
        if worker is None:
            raise WorkerNotFoundError()
        if worker.record_accreditation(record):
            await uow.workers.save(worker)
        uow.mark_processed(consumer, event_id)
        await uow.commit()
