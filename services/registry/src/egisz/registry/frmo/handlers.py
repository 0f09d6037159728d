"""FRMO's entry points: scans, registration requests, the organization record and access of
responsible employees. Composed by `app.py` with the service's event mapping."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from egisz.contracts import registry as wire, subjects
from egisz.contracts.envelope import FieldError, Role
from egisz.kernel.clock import utcnow
from egisz.kernel.errors import InvalidInputError
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.domain import people
from egisz.registry.domain.coding import BED_PROFILES, EQUIPMENT_KINDS, REGIONS, SUBDIVISION_KINDS
from egisz.registry.domain.words import name_words
from egisz.registry.frmo import access as frmo_access, usecases as frmo
from egisz.registry.frmo.act_pdf import render_act
from egisz.registry.frmo.acts import ActIssuer
from egisz.registry.frmo.domain import access as domain, organization as org, structure
from egisz.registry.frmo.domain.search import OrganizationCriteria
from egisz.registry.frmo.signing import Signed
from egisz.registry.frmo.wire import (
    access_request_view,
    application_in,
    employee_in,
    holders_view,
    licence_in,
    organization_summary,
    organization_view,
    request_view,
    requisites_in,
)
from egisz.registry.journaling import access_seen, people_seen, request_seen
from egisz.runtime.file_wire import decoded, file_part, progress
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

READERS = {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}


def signed(req: wire.SubmitRegistrationRequest) -> Signed | None:
    """The request's signature with the bytes it must cover (`canonical_request`)."""
    if req.signature is None:
        return None
    return Signed(req.signature.cades, wire.canonical_request(req))


def today() -> date:
    return utcnow().date()


# Who sees an organization's phone and e-mail in a search: staff, not the public.
STAFF = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}


router = Router[Dependencies]()
APPLICANTS = {Role.ORG_OFFICER, Role.MANAGER, Role.WORKER}


@router.command(subjects.FILE_UPLOAD, roles=APPLICANTS | {Role.REGISTRY_OPERATOR})
async def upload(
    req: wire.UploadFilePart, ctx: CommandContext, deps: Dependencies
) -> wire.UploadProgress:
    received, info = await frmo.upload_scan_part(
        deps.scans(),
        caller_of(ctx.actor),
        upload_id=req.upload_id,
        part=req.part,
        data=decoded(req),
        last=req.last,
        filename=req.filename,
        max_bytes=deps.scan_max_bytes,
    )
    return progress(req.upload_id, received, info)


@router.command(subjects.FILE_READ, roles=APPLICANTS | {Role.REGISTRY_OPERATOR})
async def read_file(req: wire.ReadFile, ctx: CommandContext, deps: Dependencies) -> wire.FilePart:
    info, data, last = await frmo.read_scan_part(
        deps.scans(), caller_of(ctx.actor), file_id=req.file_id, part=req.part
    )
    return file_part(info, req.part, data, last)


@router.command(subjects.REQUEST_SUBMIT, roles=APPLICANTS)
async def submit(
    req: wire.SubmitRegistrationRequest, ctx: CommandContext, deps: Dependencies
) -> wire.RegistrationRequestView:
    request = await frmo.submit_registration(
        deps.units(ctx),
        deps.scans(),
        caller_of(ctx.actor),
        application_in(req),
        signed=signed(req),
        trusted=deps.trusted_cas,
    )
    return request_view(request)


@router.command(subjects.REQUEST_CHECK, roles=APPLICANTS)
async def check(
    req: wire.SubmitRegistrationRequest, ctx: CommandContext, deps: Dependencies
) -> wire.RequestCheck:
    problems = await frmo.check_registration(
        deps.units(ctx), deps.scans(), caller_of(ctx.actor), application_in(req)
    )
    canonical = wire.canonical_request(req)
    return wire.RequestCheck(
        ready=not problems,
        problems=[FieldError(field=p.field, message=p.message, code=p.code) for p in problems],
        canonical=canonical.decode(),
        sha256=hashlib.sha256(canonical).hexdigest(),
    )


@router.command(subjects.REQUEST_RESUBMIT, roles=APPLICANTS)
async def resubmit(
    req: wire.ResubmitRegistrationRequest, ctx: CommandContext, deps: Dependencies
) -> wire.RegistrationRequestView:
    request = await frmo.resubmit_registration(
        deps.units(ctx),
        deps.scans(),
        caller_of(ctx.actor),
        request_id=req.request_id,
        given=application_in(req),
        comment=req.comment,
        signed=signed(req),
        trusted=deps.trusted_cas,
    )
    return request_view(request)


@router.command(subjects.REQUEST_REVIEW, roles={Role.REGISTRY_OPERATOR})
async def review(
    req: wire.ReviewRegistrationRequest, ctx: CommandContext, deps: Dependencies
) -> wire.RegistrationRequestView:
    request = await frmo.review_registration(
        deps.units(ctx),
        caller_of(ctx.actor),
        request_id=req.request_id,
        action=frmo.ReviewAction(req.action),
        reason=req.reason,
        acts=ActIssuer(deps.act_files(), deps.act_signer, render_act),
    )
    return request_view(request)


@router.command(subjects.REQUEST_GET, roles=APPLICANTS | {Role.REGISTRY_OPERATOR})
async def get_request(
    req: wire.GetRegistrationRequest, ctx: CommandContext, deps: Dependencies
) -> wire.RegistrationRequestView:
    request = await frmo.read_registration(
        deps.units(ctx), caller_of(ctx.actor), request_id=req.request_id
    )
    return request_seen(ctx, request_view(request))


@router.command(subjects.REQUEST_LIST, roles={Role.REGISTRY_OPERATOR})
async def list_requests(
    req: wire.ListRegistrationRequests, ctx: CommandContext, deps: Dependencies
) -> wire.RegistrationRequestPage:
    found = await frmo.registration_queue(
        deps.units(ctx),
        status=org.RequestStatus(req.status) if req.status else None,
        after=req.after,
        limit=req.limit,
    )
    return wire.RegistrationRequestPage(
        items=[request_seen(ctx, request_view(r)) for r in found],
        next_cursor=next_cursor(found, req.limit),
    )


@router.command(subjects.ORGANIZATION_SEARCH, roles=set(Role), public=True)
async def search_organizations(
    req: wire.SearchOrganizations, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationPage:
    if req.region:  # a region the regions' book does not have is named, not an empty page
        await deps.codes.code(REGIONS, req.region, field="region", on=utcnow().date())
    criteria = OrganizationCriteria(
        inn=req.inn or None,
        ogrn=req.ogrn or None,
        words=name_words(req.name or ""),
        type=req.type,
        region=req.region,
    )
    found, cursor = await frmo.search_organizations(
        deps.units(ctx), criteria, after=req.after, limit=req.limit
    )
    contacts = ctx.actor.role in STAFF
    return wire.OrganizationPage(
        items=[organization_summary(o, contacts=contacts) for o in found],
        next_cursor=cursor,
    )


@router.command(subjects.ORGANIZATION_GET, roles=READERS | {Role.MANAGER})
async def get_organization(
    req: wire.GetOrganization, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    return organization_view(
        await frmo.read_organization(deps.units(ctx), caller_of(ctx.actor), oid=req.oid)
    )


async def change(ctx: CommandContext, deps: Dependencies, fn: Any) -> wire.OrganizationView:
    return organization_view(
        await frmo.change_organization(deps.units(ctx), caller_of(ctx.actor), fn)
    )


@router.command(subjects.ORGANIZATION_UPDATE, roles={Role.ORG_OFFICER})
async def update_organization(
    req: wire.UpdateOrganization, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    head = req.head
    changes = frmo.OrganizationChanges(
        requisites=requisites_in(req.requisites) if req.requisites else None,
        add_licence=licence_in(req.add_licence) if req.add_licence else None,
        head=org.Head(
            people.FullName(head.last_name, head.first_name, head.middle_name), head.position
        )
        if head
        else None,
        head_snils=head.snils if head else None,
        founders=req.founders,
        set_management=head is not None or req.founders is not None,
    )
    return organization_view(
        await frmo.update_organization(deps.units(ctx), caller_of(ctx.actor), changes)
    )


@router.command(subjects.SUBDIVISION_ADD, roles={Role.ORG_OFFICER})
async def add_subdivision(
    req: wire.AddSubdivision, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    kind, code = await subdivision_kind(deps, req.kind_code, req.kind)
    return await change(
        ctx, deps, lambda o: o.add_subdivision(name=req.name, kind=kind, kind_code=code)
    )


@router.command(subjects.SUBDIVISION_SET_BEDS, roles={Role.ORG_OFFICER})
async def set_beds(
    req: wire.SetBeds, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    profile, code = req.profile or "", None
    if req.profile_code:
        found = await deps.codes.code(
            BED_PROFILES, req.profile_code, field="profile_code", on=today()
        )
        profile, code = found.name, found.code
    elif not profile:
        raise InvalidInputError.of(
            "profile_code", "Укажите профиль коек: код из справочника или текстом", "missing"
        )
    return await change(
        ctx,
        deps,
        lambda o: o.set_beds(req.subdivision_oid, profile, req.count, today=today(), code=code),
    )


@router.command(subjects.SUBDIVISION_UPDATE, roles={Role.ORG_OFFICER})
async def update_subdivision(
    req: wire.UpdateSubdivision, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    kind, code = await subdivision_kind(deps, req.kind_code, req.kind)
    return await change(
        ctx,
        deps,
        lambda o: o.rename_subdivision(
            req.subdivision_oid, name=req.name, kind=kind, kind_code=code
        ),
    )


async def subdivision_kind(
    deps: Dependencies, code: str | None, text: str | None
) -> tuple[str, str | None]:
    """The kind's name and code: by its code in the subdivision kinds' book (its name wins), or
    the text where no code is given."""
    if code:
        found = await deps.codes.code(SUBDIVISION_KINDS, code, field="kind_code", on=today())
        return found.name, found.code
    if not text:
        raise InvalidInputError.of(
            "kind_code", "Укажите вид подразделения: код из справочника или текстом", "missing"
        )
    return text, None


@router.command(subjects.SUBDIVISION_CLOSE, roles={Role.ORG_OFFICER})
async def close_subdivision(
    req: wire.CloseSubdivision, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    return await change(
        ctx,
        deps,
        lambda o: o.close_subdivision(req.subdivision_oid, closed_on=req.closed_on, today=today()),
    )


async def equipment_kind(deps: Dependencies, req: wire.AddEquipment) -> tuple[str, str | None]:
    """The kind's name and code: by its code in the equipment kinds' book on the day it was
    commissioned (the book's name wins), or the text where no code is given."""
    if req.kind_code:
        found = await deps.codes.code(
            EQUIPMENT_KINDS, req.kind_code, field="kind_code", on=req.commissioned_on
        )
        return found.name, found.code
    if not req.kind:
        raise InvalidInputError.of(
            "kind_code", "Укажите вид оборудования: код из справочника или текстом", "missing"
        )
    return req.kind, None


@router.command(subjects.EQUIPMENT_UPDATE, roles={Role.ORG_OFFICER})
async def update_equipment(
    req: wire.UpdateEquipment, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    kind, code = await equipment_kind(deps, req)
    item = structure.Equipment(
        req.equipment_id, kind, req.model, req.serial_number, req.commissioned_on, code
    )
    return await change(ctx, deps, lambda o: o.update_equipment(item, today=today()))


@router.command(subjects.EQUIPMENT_REMOVE, roles={Role.ORG_OFFICER})
async def remove_equipment(
    req: wire.RemoveEquipment, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    return await change(ctx, deps, lambda o: o.remove_equipment(req.equipment_id))


@router.command(subjects.LICENCE_REMOVE, roles={Role.ORG_OFFICER})
async def remove_licence(
    req: wire.RemoveLicence, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    return await change(ctx, deps, lambda o: o.remove_licence(req.number))


@router.command(subjects.EQUIPMENT_ADD, roles={Role.ORG_OFFICER})
async def add_equipment(
    req: wire.AddEquipment, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    kind, code = await equipment_kind(deps, req)
    item = frmo.NewEquipment(kind, req.model, req.serial_number, req.commissioned_on, code)
    return organization_view(await frmo.add_equipment(deps.units(ctx), caller_of(ctx.actor), item))


# Access of responsible employees.
@router.command(subjects.ACCESS_REQUEST, roles={Role.ORG_OFFICER})
async def request_access(
    req: wire.RequestAccess, ctx: CommandContext, deps: Dependencies
) -> wire.AccessRequestView:
    found = await frmo_access.request_access(
        deps.units(ctx),
        caller_of(ctx.actor),
        employees=[employee_in(e) for e in req.employees],
        comment=req.comment,
    )
    return access_request_view(found)


@router.command(subjects.ACCESS_REVIEW, roles={Role.REGISTRY_OPERATOR})
async def review_access(
    req: wire.ReviewAccessRequest, ctx: CommandContext, deps: Dependencies
) -> wire.AccessRequestView:
    decided = await frmo_access.review_access_request(
        deps.units(ctx),
        caller_of(ctx.actor),
        request_id=req.request_id,
        grant=req.decision == "grant",
        reason=req.reason,
    )
    return access_request_view(decided)


@router.command(subjects.ACCESS_QUEUE, roles={Role.REGISTRY_OPERATOR})
async def access_queue(
    req: wire.ListAccessRequests, ctx: CommandContext, deps: Dependencies
) -> wire.AccessRequestPage:
    found = await frmo_access.access_queue(
        deps.units(ctx),
        status=domain.AccessRequestStatus(req.status) if req.status else None,
        after=req.after,
        limit=req.limit,
    )
    return wire.AccessRequestPage(
        items=[access_seen(ctx, access_request_view(r)) for r in found],
        next_cursor=next_cursor(found, req.limit),
    )


@router.command(subjects.ACCESS_REVOKE, roles={Role.REGISTRY_OPERATOR})
async def revoke_access(
    req: wire.RevokeAccess, ctx: CommandContext, deps: Dependencies
) -> wire.AccessList:
    holders = await frmo_access.revoke_access(
        deps.units(ctx),
        caller_of(ctx.actor),
        organization_oid=req.organization_oid,
        snils=req.snils,
        reason=req.reason,
    )
    return holders_view(req.organization_oid, holders)


@router.command(subjects.ACCESS_LIST, roles={Role.ORG_OFFICER, Role.REGISTRY_OPERATOR})
async def holders(req: wire.ListAccess, ctx: CommandContext, deps: Dependencies) -> wire.AccessList:
    oid, found = await frmo_access.access_holders(
        deps.units(ctx), caller_of(ctx.actor), organization_oid=req.organization_oid
    )
    seen = holders_view(oid, found)
    people_seen(ctx, (h.snils for h in seen.holders))
    return seen
