"""«Сообщить о неточности»: a worker reports an inaccuracy to an organization linked to their
record; its officers resolve it; the support desk sees every one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egisz.registry.caller import Caller, new_id, require_access
from egisz.registry.domain.correction import CorrectionRequest, CorrectionStatus
from egisz.registry.domain.errors import (
    CorrectionNotFoundError,
    OrganizationNotLinkedError,
    WorkerNotFoundError,
)
from egisz.runtime.clock import Clock, utcnow
from egisz.runtime.errors import FieldProblem

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


# --- corrections ----------------------------------------------------------------------------
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
