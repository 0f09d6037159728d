"""One async function per command or reaction."""

from __future__ import annotations

from egisz.accreditation.domain.model import Applicant
from egisz.accreditation.repository import AccreditationUnitOfWork
from egisz.runtime.clock import Clock, utcnow

WORKER_REGISTERED_CONSUMER = "worker-registered"


async def remember_applicant(
    uow: AccreditationUnitOfWork,
    *,
    event_id: str,
    worker_id: str,
    snils: str,
    clock: Clock = utcnow,
) -> None:
    async with uow:
        if await uow.already_processed(WORKER_REGISTERED_CONSUMER, event_id):
            return
        uow.mark_processed(WORKER_REGISTERED_CONSUMER, event_id)
        await uow.save_applicant(Applicant(worker_id, snils, clock()))
        await uow.commit()


async def find_applicant(
    uow: AccreditationUnitOfWork, *, worker_id: str | None, snils: str | None
) -> Applicant | None:
    async with uow:
        return await uow.applicant(worker_id=worker_id, snils=snils)
