"""One async function per command or reaction: load → ask the model → save.

Who may touch which record is decided here, from the caller the handler built from the verified
token: an officer maintains only their organization's workers, a worker only their own record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import ForbiddenError, InvalidInputError
from egisz.registry.caller import Caller, new_id, require_access
from egisz.registry.domain.errors import TooManyIdentityMissesError
from egisz.registry.domain.identifiers import normalize_snils
from egisz.registry.domain.people import Address, Contacts, IdentityDocument, PersonalData
from egisz.registry.frmr import records
from egisz.registry.frmr.domain.correction import CorrectionFix
from egisz.registry.frmr.domain.errors import (
    CertificateAlreadyRecordedError,
    NotYourOrganizationError,
    WorkerInReviewError,
    WorkerNotFoundError,
)
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import (
    Category,
    Certificate,
    DuplicateDecision,
    Education,
    EducationLevel,
    EmploymentKind,
    EmploymentRecord,
    QualificationCategory,
    ReviewStatus,
)
from egisz.registry.frmr.domain.visibility import Sight, found_by_officer, sight
from egisz.registry.frmr.records import answer_request, check_workplace, maintained
from egisz.registry.identity_misses import misses_today, record_miss

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork

__all__ = ["Caller"]  # with the use cases: handlers build callers from here


# --- registration ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NewWorker:
    snils: str
    personal: PersonalData
    identity_document: IdentityDocument | None = None
    registration_address: Address | None = None
    actual_address: Address | None = None
    contacts: Contacts | None = None


async def register_worker(
    uow: RegistryUnitOfWork, new: NewWorker, *, caller: Caller, clock: Clock = utcnow
) -> Worker:
    """A new record enters FRMR, or waits in review when it looks like someone already there."""
    now = clock()
    registered_by_org = caller.org if caller.is_officer else None
    worker = Worker.register(
        worker_id=new_id(),
        snils=new.snils,
        personal=new.personal,
        identity_document=new.identity_document,
        registration_address=new.registration_address,
        actual_address=new.actual_address,
        contacts=new.contacts,
        today=now.date(),
        now=now,
        registered_by_org=registered_by_org,
    )
    async with uow.reading_first():  # neither check is held still by a transaction
        await require_access(uow, caller)
        worker.enter(await records.likely_duplicates(uow, worker))
        await uow.begin()
        await uow.workers.add(worker)  # a SNILS already in FRMR: its unique index refuses
        await uow.commit()
    return worker


async def resolve_duplicate(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str,
    decision: DuplicateDecision,
    comment: str | None,
) -> Worker | None:
    """`distinct` lets the record into FRMR; `duplicate` withdraws it (None comes back)."""
    async with uow:
        worker = await maintained(uow, caller, worker_id, active=False)
        worker.resolve_duplicate(decision, comment, today=utcnow().date())
        if decision is DuplicateDecision.DUPLICATE:
            await uow.workers.remove(worker)
        else:
            await uow.workers.save(worker)
        await uow.commit()
    return worker if decision is DuplicateDecision.DISTINCT else None


# --- reading --------------------------------------------------------------------------------
async def _lookup(uow: RegistryUnitOfWork, worker_id: str | None, snils: str | None) -> Worker:
    """Inside an open unit of work: the record by id or SNILS, or «not found»."""
    worker = None
    if worker_id:
        worker = await uow.workers.get(worker_id)
    elif snils:
        worker = await uow.workers.get_by_snils(normalize_snils(snils))
    if worker is None:
        raise WorkerNotFoundError()
    return worker


async def find_worker(
    uow: RegistryUnitOfWork, *, worker_id: str | None, snils: str | None
) -> Worker:
    async with uow:
        return await _lookup(uow, worker_id, snils)


async def read_worker(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str | None,
    snils: str | None,
    clock: Clock = utcnow,
) -> Worker:
    """A worker reads only their own record; an officer only one their organization maintains
    now (see `visibility.maintains`): nobody else's passport, addresses or contacts."""
    if caller.is_worker:
        own = await find_worker(uow, worker_id=None, snils=caller.snils)
        if worker_id not in (None, own.id) or (
            snils is not None and normalize_snils(snils) != own.snils
        ):
            raise ForbiddenError("Работник видит только своё личное дело")
        return own
    async with uow:  # one transaction: the officer's grant and the record
        await require_access(uow, caller)
        worker = await _lookup(uow, worker_id, snils)
    if caller.is_officer and not found_by_officer(worker, caller.org, clock().date()):
        raise WorkerNotFoundError()  # officers do not learn of other organizations' staff
    return worker


def sight_of(caller: Caller, worker: Worker, today: date | None = None) -> Sight:
    """How much of this record the caller sees (`domain/visibility.py` says who sees what)."""
    return sight(
        worker,
        officer_of=caller.org if caller.is_officer else None,
        system=caller.is_system,
        today=today or utcnow().date(),
    )


# --- edits ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sections:
    personal: PersonalData | None = None
    identity_document: IdentityDocument | None = None
    registration_address: Address | None = None
    actual_address: Address | None = None
    contacts: Contacts | None = None


# What a request's section names, by the sections of `worker.update`.
_REQUEST_SECTION = {
    "personal": "personal",
    "identity_document": "identity_document",
    "registration_address": "addresses",
    "actual_address": "addresses",
    "contacts": "contacts",
}


async def update_worker(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str | None,
    sections: Sections,
    correction_id: str | None = None,
    clock: Clock = utcnow,
) -> Worker:
    """Replace sections; an officer answering a worker's correction request names it, and the
    request is closed by this change."""
    now = clock()
    async with uow:
        if caller.is_worker:  # every section, contacts too (seed 001: «…актуальность контактов»)
            if correction_id is not None:
                raise ForbiddenError(
                    "Запрос на исправление закрывает организация, которой он адресован"
                )
            worker = await uow.workers.get_by_snils(caller.snils or "")
            if worker is None:
                raise WorkerNotFoundError()
            if worker_id not in (None, worker.id):
                raise ForbiddenError("Работник меняет только своё личное дело")
        else:
            if worker_id is None:
                raise WorkerNotFoundError()
            worker = await maintained(uow, caller, worker_id, active=False)
        changed = worker.update(today=now.date(), **sections.__dict__)
        if correction_id is not None:
            if not changed:
                raise InvalidInputError.of(
                    "correction_id",
                    "Изменение совпадает с личным делом: исправлять нечего, запрос не закрыт",
                    "unchanged",
                )
            fix = CorrectionFix(tuple(dict.fromkeys(_REQUEST_SECTION[s] for s in changed)))
            await answer_request(
                uow, caller, correction_id, worker, fix, "Исправлено: " + ", ".join(changed), now
            )
        if changed:
            await uow.workers.save(worker)
            await uow.commit()
    return worker


@dataclass(frozen=True)
class NewEmployment:
    organization_oid: str | None
    subdivision_oid: str | None
    position: str
    rate: Decimal
    kind: EmploymentKind
    start_date: date | None  # None only from an import row, where it is reported missing
    end_date: date | None = None
    dismissal_reason: str | None = None
    position_code: str | None = None  # the position's name is then the book's
    dismissal_reason_code: str | None = None


@dataclass(frozen=True)
class Hire:
    """A person already in FRMR, named as an employer knows them from the contract."""

    snils: str
    birth_date: date


async def start_employment(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str,
    job: NewEmployment,
    clock: Clock = utcnow,
) -> Worker:
    """A job for one of the organization's own workers. An id learned elsewhere (public
    verification) hires no one: a record the organization does not maintain is not found by id."""
    org = _employer(caller, job)
    async with uow:
        worker = await maintained(uow, caller, worker_id, today=clock().date())
        return await _record_job(uow, worker, org, job, clock)


async def hire_worker(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    hire: Hire,
    job: NewEmployment,
    clock: Clock = utcnow,
) -> Worker:
    """A person already in FRMR takes a job at the organization: the record is not entered
    again, it gains the job (and the organization, while it employs them, sight of it)."""
    org = _employer(caller, job)
    now = clock()
    async with uow:
        await require_access(uow, caller)
        if (await misses_today(uow, caller, now)).exhausted:
            raise TooManyIdentityMissesError()
        worker = await _hired(uow, hire)
        if worker is None:
            await record_miss(uow, caller, hire.snils, "worker.hire", now)
            raise WorkerNotFoundError()
        return await _record_job(uow, worker, org, job, clock)


def _employer(caller: Caller, job: NewEmployment) -> str:
    org = job.organization_oid or caller.org
    if org is None or (caller.is_officer and org != caller.org):
        raise NotYourOrganizationError()
    return org


async def _record_job(
    uow: RegistryUnitOfWork, worker: Worker, org: str, job: NewEmployment, clock: Clock
) -> Worker:
    """Inside the open unit of work: the job enters the record, saved with its event."""
    await check_workplace(uow, org, job.subdivision_oid, _required_start(job))
    worker.start_employment(
        EmploymentRecord(
            id=new_id(),
            organization_oid=org,
            subdivision_oid=job.subdivision_oid,
            position=job.position.strip(),
            rate=job.rate,
            kind=job.kind,
            start_date=_required_start(job),
            end_date=job.end_date,
            dismissal_reason=job.dismissal_reason,
            position_code=job.position_code,
            dismissal_reason_code=job.dismissal_reason_code,
        ),
        today=clock().date(),
    )
    await uow.workers.save(worker)
    await uow.commit()
    return worker


async def end_employment(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str,
    employment_id: str,
    end_date: date,
    reason: str,
    reason_code: str | None = None,
    clock: Clock = utcnow,
) -> Worker:
    def dismiss(worker: Worker) -> None:
        job = next((e for e in worker.employments if e.id == employment_id), None)
        if job is not None and caller.is_officer and job.organization_oid != caller.org:
            raise NotYourOrganizationError("Увольняет только организация, где человек работает")
        worker.end_employment(
            employment_id,
            end_date=end_date,
            reason=reason,
            reason_code=reason_code,
            today=clock().date(),
        )

    return await _change_worker(uow, caller, worker_id, dismiss)


@dataclass(frozen=True)
class NewEducation:
    level: EducationLevel
    institution: str
    speciality: str
    document_number: str
    document_date: date
    hours: int | None = None
    speciality_code: str | None = None  # the speciality's name is then the book's


async def _change_worker(
    uow: RegistryUnitOfWork, caller: Caller, worker_id: str, change: Callable[[Worker], object]
) -> Worker:
    """Load a record the caller maintains, apply one rule of the model, save it with its events."""
    async with uow:
        worker = await maintained(uow, caller, worker_id)
        change(worker)
        await uow.workers.save(worker)
        await uow.commit()
    return worker


async def add_education(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str,
    item: NewEducation,
    clock: Clock = utcnow,
) -> Worker:
    education = Education(new_id(), **item.__dict__)
    return await _change_worker(
        uow, caller, worker_id, lambda w: w.add_education(education, today=clock().date())
    )


@dataclass(frozen=True)
class NewCertificate:
    number: str
    issuer: str
    speciality: str
    issued_on: date
    valid_until: date
    speciality_code: str | None = None
    kind_code: str | None = None  # «тип сертификата» in its book
    kind: str | None = None


async def add_certificate(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str,
    item: NewCertificate,
    clock: Clock = utcnow,
) -> Worker:
    certificate = Certificate(new_id(), **item.__dict__)
    async with uow:
        holder = await uow.workers.certificate_holder(certificate.key)
    if holder not in (None, worker_id):
        raise CertificateAlreadyRecordedError()
    # The unique index on certificate keys closes the race between this check and the save.
    return await _change_worker(
        uow, caller, worker_id, lambda w: w.add_certificate(certificate, today=clock().date())
    )


async def assign_category(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    worker_id: str,
    category: Category,
    speciality: str,
    assigned_on: date,
    speciality_code: str | None = None,
    clock: Clock = utcnow,
) -> Worker:
    item = QualificationCategory(
        new_id(), category, speciality.strip(), assigned_on, speciality_code=speciality_code
    )
    return await _change_worker(
        uow, caller, worker_id, lambda w: w.assign_category(item, today=clock().date())
    )


async def _hired(uow: RegistryUnitOfWork, hire: Hire) -> Worker | None:
    """The person a SNILS and birth date name; none for an unknown SNILS and for a wrong birth
    date alike (a miss), never a hint which."""
    worker = await uow.workers.get_by_snils(normalize_snils(hire.snils))
    if worker is None or worker.personal.birth_date != hire.birth_date:
        return None
    if worker.review is ReviewStatus.IN_REVIEW:
        raise WorkerInReviewError()
    return worker


def _required_start(job: NewEmployment) -> date:
    if job.start_date is None:
        raise InvalidInputError.of("start_date", "Укажите дату начала работы", "missing")
    return job.start_date
