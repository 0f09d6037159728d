"""One async function per command: load → ask the model → save."""

from __future__ import annotations

import uuid
from datetime import date

from egisz.registry.domain.errors import WorkerAlreadyRegisteredError, WorkerNotFoundError
from egisz.registry.domain.identifiers import normalize_snils
from egisz.registry.domain.model import Worker
from egisz.registry.repository import RegistryUnitOfWork
from egisz.runtime.clock import Clock, utcnow


async def register_worker(
    uow: RegistryUnitOfWork,
    *,
    snils: str,
    last_name: str,
    first_name: str,
    middle_name: str | None,
    birth_date: date,
    registered_by_org: str | None,
    clock: Clock = utcnow,
) -> Worker:
    now = clock()
    worker = Worker.register(
        worker_id=uuid.uuid4().hex,
        snils=snils,
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        birth_date=birth_date,
        today=now.date(),
        now=now,
        registered_by_org=registered_by_org,
    )
    async with uow:
        if await uow.workers.get_by_snils(worker.snils.digits) is not None:
            raise WorkerAlreadyRegisteredError()
        await uow.workers.add(worker)
        await uow.commit()
    return worker


async def find_worker(
    uow: RegistryUnitOfWork, *, worker_id: str | None, snils: str | None
) -> Worker:
    async with uow:
        if worker_id:
            worker = await uow.workers.get(worker_id)
        elif snils:
            worker = await uow.workers.get_by_snils(normalize_snils(snils))
        else:
            worker = None
    if worker is None:
        raise WorkerNotFoundError()
    return worker
