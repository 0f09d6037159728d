"""FRMO's use cases: scans, organization registration requests and the organization record.

An officer changes only the organization they hold access to (`require_access`); the support desk
reviews requests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from cryptography.x509 import Certificate

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import FieldProblem, InvalidInputError
from egisz.registry.caller import Caller, new_id, require_access
from egisz.registry.domain import identifiers
from egisz.registry.domain.checks import Problems
from egisz.registry.domain.errors import OrganizationNotFoundError
from egisz.registry.frmo.acts import ActIssuer
from egisz.registry.frmo.domain.application import Application
from egisz.registry.frmo.domain.errors import (
    EmailTakenError,
    OrganizationAlreadyRegisteredError,
    RequestNotFoundError,
)
from egisz.registry.frmo.domain.files import check_scan
from egisz.registry.frmo.domain.organization import (
    Head,
    Organization,
    RegistrationRequest,
    RequestStatus,
)
from egisz.registry.frmo.domain.request_documents import DocumentKind, Scan
from egisz.registry.frmo.domain.requisites import (
    Licence,
    OrganizationType,
    Requisites,
    ResponsibleEmployee,
    organization_oid,
)
from egisz.registry.frmo.domain.search import OrganizationCriteria
from egisz.registry.frmo.domain.signatories import PowerOfAttorney, RequestHead
from egisz.registry.frmo.domain.structure import Equipment
from egisz.registry.frmo.signing import Signed, signer_of, verifier_for
from egisz.runtime.files import FileInfo, FileStore, read_part, receive_part

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


# --- files ----------------------------------------------------------------------------------
async def upload_scan_part(
    files: FileStore,
    caller: Caller,
    *,
    upload_id: str,
    part: int,
    data: bytes,
    last: bool,
    filename: str,
    max_bytes: int,
) -> tuple[int, FileInfo | None]:
    """A scan arrives in parts; the whole is PDF, JPEG or PNG by its content, within the size."""
    return await receive_part(
        files,
        owner=caller.sub,
        upload_id=upload_id,
        part=part,
        data=data,
        last=last,
        filename=filename,
        max_bytes=max_bytes,
        check=lambda content: check_scan(
            size=len(content), head=content[:262], max_bytes=max_bytes, content=content
        ),
    )


async def read_scan_part(
    files: FileStore, caller: Caller, *, file_id: str, part: int
) -> tuple[FileInfo, bytes, bool]:
    """A part of a stored scan, for its owner or the support desk checking documents."""
    return await read_part(
        files,
        file_id=file_id,
        part=part,
        may_read=lambda info: caller.sub == info.owner or caller.is_support,
    )


# --- FRMO: registration requests --------------------------------------------------------------
@dataclass(frozen=True)
class ScanRef:
    file_id: str
    kind: DocumentKind


@dataclass(frozen=True)
class ApplicationInput:
    type: OrganizationType
    requisites: Requisites
    licences: list[Licence]
    employees: list[ResponsibleEmployee]
    scans: list[ScanRef]
    head: RequestHead | None = None
    attorney: PowerOfAttorney | None = None


async def _application(
    uow: RegistryUnitOfWork, files: FileStore, caller: Caller, given: ApplicationInput
) -> Application:
    """Resolve the attached files (the caller's own) and check that no one else uses the
    employees' e-mails."""
    application, problems = await _resolved(uow, files, caller, given)
    if problems:
        raise InvalidInputError(fields=problems)
    return application


async def _resolved(
    uow: RegistryUnitOfWork, files: FileStore, caller: Caller, given: ApplicationInput
) -> tuple[Application, list[FieldProblem]]:
    """The application with the files found, and what is wrong with its files and e-mails."""
    p = Problems()
    scans: list[Scan] = []
    for i, ref in enumerate(given.scans):
        info = await files.info(ref.file_id)
        if info is None or info.owner != caller.sub:
            p.add(f"scans.{i}.file_id", "Файл не найден: загрузите его заново", "not_found")
            continue
        scans.append(Scan(info.file_id, ref.kind, info.filename, info.content_type, info.size))
    for i, e in enumerate(given.employees):
        if e.email and identifiers.email_problem(e.email) is None:
            holder = await uow.organizations.email_holder(identifiers.normalize_email(e.email))
            if holder not in (None, identifiers.normalize_snils(e.snils)):
                p.add(f"employees.{i}.email", EmailTakenError.default_message, "taken")
    application = Application(
        given.type,
        given.requisites,
        given.licences,
        given.employees,
        scans,
        head=given.head,
        attorney=given.attorney,
    )
    return application, p.items


async def _inn_taken(uow: RegistryUnitOfWork, inn: str) -> bool:
    """An organization with this INN is in FRMO or waits on an open request."""
    return bool(await uow.organizations.get_by_inn(inn) or await uow.requests.open_with_inn(inn))


async def check_registration(
    uow: RegistryUnitOfWork,
    files: FileStore,
    caller: Caller,
    given: ApplicationInput,
    *,
    clock: Clock = utcnow,
) -> list[FieldProblem]:
    """The «Проверка» button: every problem the request would be refused for, nothing stored."""
    async with uow:
        application, problems = await _resolved(uow, files, caller, given)
        try:
            application.checked(clock().date())
        except InvalidInputError as exc:
            problems += exc.fields
        inn = identifiers.digits_only(given.requisites.inn)  # other requisites may still be wrong
        if not any(f.field == "requisites.inn" for f in problems) and await _inn_taken(uow, inn):
            problems.append(
                FieldProblem(
                    "requisites.inn",
                    OrganizationAlreadyRegisteredError.default_message,
                    "already_registered",
                )
            )
    return list(dict.fromkeys(problems))


async def submit_registration(
    uow: RegistryUnitOfWork,
    files: FileStore,
    caller: Caller,
    given: ApplicationInput,
    *,
    signed: Signed | None,
    trusted: Sequence[Certificate],
    clock: Clock = utcnow,
) -> RegistrationRequest:
    async with uow:
        application = await _application(uow, files, caller, given)
        now = clock()
        request = RegistrationRequest.submit(
            request_id=new_id(), applicant=caller.sub, application=application, now=now
        )
        verifier = await verifier_for(uow, trusted)
        request.signed_by = signer_of(signed, request.application, verifier, now)
        if await _inn_taken(uow, request.application.requisites.inn):
            raise OrganizationAlreadyRegisteredError()
        await uow.requests.add(request)
        await uow.commit()
    return request


async def resubmit_registration(
    uow: RegistryUnitOfWork,
    files: FileStore,
    caller: Caller,
    *,
    request_id: str,
    given: ApplicationInput,
    comment: str | None,
    signed: Signed | None,
    trusted: Sequence[Certificate],
    clock: Clock = utcnow,
) -> RegistrationRequest:
    async with uow:
        request = await uow.requests.get(request_id)
        if request is None or request.applicant != caller.sub:
            raise RequestNotFoundError()
        application = await _application(uow, files, caller, given)
        now = clock()
        request.resubmit(application, actor=caller.sub, now=now, comment=comment)
        verifier = await verifier_for(uow, trusted)
        request.signed_by = signer_of(signed, request.application, verifier, now)
        await uow.requests.save(request)
        await uow.commit()
    return request


class ReviewAction(StrEnum):
    """What the support desk does with a registration request."""

    CHECK_DOCUMENTS = "check_documents"
    REQUEST_CLARIFICATION = "request_clarification"
    REJECT = "reject"
    APPROVE = "approve"


async def review_registration(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    request_id: str,
    action: ReviewAction,
    reason: str | None,
    acts: ActIssuer,
    clock: Clock = utcnow,
) -> RegistrationRequest:
    """The support desk's decisions; approval creates the organization, grants access and
    issues the registration act."""
    now = clock()
    actor = f"{caller.role}:{caller.sub}"
    async with uow:
        request = await uow.requests.get(request_id)
        if request is None:
            raise RequestNotFoundError()
        match action:
            case ReviewAction.CHECK_DOCUMENTS:
                request.check_documents(actor=actor, now=now, comment=reason)
            case ReviewAction.REQUEST_CLARIFICATION:
                request.request_clarification(actor=actor, now=now, reason=reason or "")
            case ReviewAction.REJECT:
                request.reject(actor=actor, now=now, reason=reason or "")
            case ReviewAction.APPROVE:
                region = request.application.requisites.region
                oid = organization_oid(region, await uow.organizations.next_number(region))
                organization = request.approve(actor=actor, now=now, oid=oid)
                organization.registration_act = await acts.issue(organization, now)
                await uow.organizations.add(organization)
                await uow.organizations.grant_access(oid, request.application.employees)
        await uow.requests.save(request)
        await uow.commit()
    return request


async def read_registration(
    uow: RegistryUnitOfWork, caller: Caller, *, request_id: str
) -> RegistrationRequest:
    async with uow:
        request = await uow.requests.get(request_id)
    if request is None or (not caller.is_support and request.applicant != caller.sub):
        raise RequestNotFoundError()
    return request


async def registration_queue(
    uow: RegistryUnitOfWork, *, status: RequestStatus | None, after: str | None, limit: int
) -> list[RegistrationRequest]:
    async with uow:
        return await uow.requests.page(status, after, limit)


# --- FRMO: the organization record ----------------------------------------------------------
async def read_organization(
    uow: RegistryUnitOfWork, caller: Caller, *, oid: str | None
) -> Organization:
    async with uow:
        organization = await uow.organizations.get(oid or caller.org or "")
    if organization is None:
        raise OrganizationNotFoundError()
    return organization


async def search_organizations(
    uow: RegistryUnitOfWork,
    criteria: OrganizationCriteria,
    *,
    after: str | None,
    limit: int,
) -> tuple[list[Organization], str | None]:
    """FRMO by INN, OGRN, words of the name, type or region (at least one of them), a page and
    the cursor of the next."""
    if not criteria:
        raise InvalidInputError.of(
            "name", "Укажите ИНН, ОГРН, наименование, тип или регион организации", "missing"
        )
    async with uow:
        return await uow.organizations.search(criteria, after, limit)


async def change_organization(
    uow: RegistryUnitOfWork,
    caller: Caller,
    change: Callable[[Organization], object],
) -> Organization:
    """Apply `change` to the officer's own organization and save it with its events."""
    async with uow:
        await require_access(uow, caller)
        organization = await uow.organizations.get(caller.org or "")
        if organization is None:
            raise OrganizationNotFoundError()
        change(organization)
        await uow.organizations.save(organization)
        await uow.commit()
    return organization


@dataclass(frozen=True)
class OrganizationChanges:
    """What an officer changes in one update: any of requisites, a new licence, management."""

    requisites: Requisites | None = None
    add_licence: Licence | None = None
    head: Head | None = None
    head_snils: str | None = None
    founders: list[str] | None = None
    set_management: bool = False


async def update_organization(
    uow: RegistryUnitOfWork, caller: Caller, changes: OrganizationChanges, *, clock: Clock = utcnow
) -> Organization:
    def apply(o: Organization) -> None:
        if changes.requisites is not None:
            o.update_requisites(changes.requisites)
        if changes.add_licence is not None:
            o.add_licence(changes.add_licence, today=clock().date())
        if changes.set_management:
            o.set_management(
                head=changes.head, head_snils=changes.head_snils, founders=changes.founders
            )

    return await change_organization(uow, caller, apply)


@dataclass(frozen=True)
class NewEquipment:
    kind: str
    model: str
    serial_number: str
    commissioned_on: date
    kind_code: str | None = None


async def add_equipment(
    uow: RegistryUnitOfWork, caller: Caller, item: NewEquipment, *, clock: Clock = utcnow
) -> Organization:
    equipment = Equipment(
        new_id(),
        item.kind,
        item.model,
        item.serial_number,
        item.commissioned_on,
        kind_code=item.kind_code,
    )
    return await change_organization(
        uow, caller, lambda o: o.add_equipment(equipment, today=clock().date())
    )
