"""A record the caller may change, the correction request a change answers, and the records a
new one is likely a duplicate of: what the use cases of records, corrections and imports need,
inside their open unit of work."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from egisz.kernel.clock import utcnow
from egisz.kernel.errors import FieldProblem
from egisz.registry.caller import Caller, require_access
from egisz.registry.domain.errors import OrganizationNotFoundError
from egisz.registry.frmr.domain.correction import CorrectionFix
from egisz.registry.frmr.domain.errors import (
    CorrectionNotFoundError,
    WorkerInReviewError,
    WorkerNotFoundError,
)
from egisz.registry.frmr.domain.likeness import Likeness, likely_same
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import ReviewStatus
from egisz.registry.frmr.domain.visibility import found_by_officer

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


async def maintained(
    uow: RegistryUnitOfWork,
    caller: Caller,
    worker_id: str,
    *,
    active: bool = True,
    today: date | None = None,
) -> Worker:
    """The record, if the caller (an officer with access) maintains it today."""
    await require_access(uow, caller)
    worker = await uow.workers.get(worker_id)
    today = today or utcnow().date()
    if worker is None or not (
        caller.sees_every_record or found_by_officer(worker, caller.org, today)
    ):
        raise WorkerNotFoundError()
    if active and worker.review is ReviewStatus.IN_REVIEW:
        raise WorkerInReviewError()
    return worker


async def answer_request(
    uow: RegistryUnitOfWork,
    caller: Caller,
    correction_id: str,
    worker: Worker,
    fix: CorrectionFix,
    comment: str,
    now: datetime,
) -> None:
    """Inside an open unit of work: close the correction request `fix` answers, in the same
    transaction as the change."""
    request = await uow.corrections.get(correction_id)
    if request is None or request.organization_oid != caller.org:
        raise CorrectionNotFoundError(
            fields=[
                FieldProblem("correction_id", CorrectionNotFoundError.default_message, "not_found")
            ]
        )
    request.fixed_by(fix, worker_id=worker.id, comment=comment, by=caller.sub, now=now)
    await uow.corrections.save(request)


async def check_workplace(
    uow: RegistryUnitOfWork, organization_oid: str, subdivision_oid: str | None, on: date
) -> None:
    """A job names an organization in FRMO and, if any, one of its subdivisions open on the day
    the job starts."""
    organization = await uow.organizations.get(organization_oid)
    if organization is None:
        raise OrganizationNotFoundError(
            fields=[
                FieldProblem(
                    "organization_oid", OrganizationNotFoundError.default_message, "not_found"
                )
            ]
        )
    if subdivision_oid is not None:
        organization.subdivision(subdivision_oid, open_on=on)


async def likely_duplicates(uow: RegistryUnitOfWork, worker: Worker) -> list[tuple[str, Likeness]]:
    """The records likely of this new record's person: born the same day, named alike."""
    born = worker.personal.birth_date
    return likely_same(worker.name, (await uow.workers.names_born_on([born])).get(born, []))
