"""What FRMR answers without changing anything: an organization's staff pages, the duplicate
review queue and public verification of a practitioner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import FieldProblem, InvalidInputError
from egisz.registry.caller import Caller, require_access
from egisz.registry.frmr.domain.errors import NotYourOrganizationError, WorkerNotFoundError
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import ReviewStatus
from egisz.registry.frmr.domain.practice import PracticeAnswer, may_practise
from egisz.registry.frmr.domain.staff_search import NO_CODES, StaffCodes
from egisz.registry.frmr.domain.visibility import found_by_officer
from egisz.runtime.ports import next_cursor

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


# --- queries --------------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffPage:
    organization_oid: str
    workers: list[Worker]
    next_cursor: str | None


async def staff_page(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    organization_oid: str | None,
    after: str | None,
    limit: int,
    codes: StaffCodes = NO_CODES,
    clock: Clock = utcnow,
) -> StaffPage:
    """An organization's staff, a page at a time: for an officer only the people it maintains
    today (`domain/visibility.py`), so former staff's SNILS is not listed."""
    org = organization_oid or caller.org
    if org is None or (caller.is_officer and org != caller.org):
        raise NotYourOrganizationError()
    async with uow:
        await require_access(uow, caller)
        found = await uow.workers.staff_page(org, after, limit, codes)
    today = clock().date()
    shown = [w for w in found if not caller.is_officer or found_by_officer(w, org, today)]
    return StaffPage(org, shown, next_cursor(found, limit))


PUBLIC_MATCHES = 20


async def verify_practitioner(
    uow: RegistryUnitOfWork,
    *,
    worker_id: str | None,
    last_name: str | None,
    first_name: str | None,
    middle_name: str | None,
    today: date,
) -> tuple[list[Worker], dict[str, str]]:
    """Active records matching a public id or a full name, and the FRMO names of their current
    employers; the handler strips personal data."""
    async with uow:
        if worker_id:
            found = [w for w in [await uow.workers.get(worker_id)] if w is not None]
        elif last_name and first_name:
            found = await uow.workers.by_name(last_name, first_name, middle_name, PUBLIC_MATCHES)
        else:
            raise InvalidInputError(
                "Укажите worker_id или фамилию и имя",
                fields=[
                    FieldProblem("last_name", "Укажите фамилию и имя (или worker_id)", "missing")
                ],
            )
        found = [w for w in found if w.review is ReviewStatus.ACTIVE]
        names: dict[str, str] = {}
        for oid in {e.organization_oid for w in found for e in w.current_employments(today)}:
            if (organization := await uow.organizations.get(oid)) is not None:
                names[oid] = organization.requisites.name
    return found, names


async def duplicate_review_queue(
    uow: RegistryUnitOfWork, caller: Caller, *, after: str | None, limit: int
) -> list[Worker]:
    """Records waiting in duplicate review, oldest first (ids are time-ordered): the support
    desk's every one, an officer's those their organization entered (and so may resolve)."""
    async with uow:
        await require_access(uow, caller)
        return await uow.workers.in_review(None if caller.is_support else caller.org, after, limit)


async def practice_of(
    uow: RegistryUnitOfWork,
    *,
    worker_id: str,
    speciality: str | None,
    speciality_code: str | None,
    day: date,
) -> PracticeAnswer:
    """Public: what a record in FRMR says of practising a speciality on a day (one in duplicate
    review, or withdrawn, is not in FRMR)."""
    if not (speciality or speciality_code):
        raise InvalidInputError.of(
            "speciality", "Укажите специальность или её код (speciality_code)", "missing"
        )
    async with uow:
        worker = await uow.workers.get(worker_id)
    if worker is None or worker.review is not ReviewStatus.ACTIVE:
        raise WorkerNotFoundError()
    return may_practise(worker, speciality=speciality, code=speciality_code, day=day)
