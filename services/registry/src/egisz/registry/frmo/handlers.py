"""FRMO's entry points: scans, registration requests and the organization record — and the wire
form of FRMO's events. Composed by `app.py` with the service's event mapping and caller."""

from __future__ import annotations

from typing import Any

from egisz.contracts import registry as wire
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.registry.access_handlers import employee_in, employee_out
from egisz.registry.domain import model
from egisz.registry.domain import organization as org
from egisz.registry.frmo import usecases as frmo
from egisz.registry.repository import SCANS_BUCKET, MongoRegistryUnitOfWork
from egisz.registry.settings import RegistrySettings
from egisz.registry.usecases import new_id
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.clock import utcnow
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.files import GridFsFileStore, decoded, file_part, progress
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent

READERS = {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}


# --- FRMO -----------------------------------------------------------------------------------
def _requisites_in(r: wire.Requisites) -> org.Requisites:
    return org.Requisites(
        r.name,
        r.ogrn,
        r.inn,
        r.kpp,
        r.okpo,
        model.Address(r.legal_address.postcode, r.legal_address.text),
        r.phone,
        r.email,
    )


def _requisites_out(r: org.Requisites) -> wire.Requisites:
    return wire.Requisites(
        name=r.name,
        ogrn=r.ogrn,
        inn=r.inn,
        kpp=r.kpp,
        okpo=r.okpo,
        legal_address=wire.Address(postcode=r.legal_address.postcode, text=r.legal_address.text),
        phone=r.phone,
        email=r.email,
    )


def _licence_in(lic: wire.Licence) -> org.Licence:
    return org.Licence(lic.number, lic.issued_on, lic.valid_until, tuple(lic.activities))


def _licence_out(lic: org.Licence) -> wire.Licence:
    return wire.Licence(
        number=lic.number,
        issued_on=lic.issued_on,
        valid_until=lic.valid_until,
        activities=list(lic.activities),
    )


def _head_name(o: org.Organization) -> str | None:
    if o.head is None:
        return None
    n = o.head.name
    return " ".join(p for p in (n.last, n.first, n.middle) if p)


def _application_in(req: wire.SubmitRegistrationRequest) -> frmo.ApplicationInput:
    return frmo.ApplicationInput(
        type=org.OrganizationType(req.type),
        requisites=_requisites_in(req.requisites),
        licences=[_licence_in(lic) for lic in req.licences],
        employees=[employee_in(e) for e in req.employees],
        scans=[frmo.ScanRef(s.file_id, org.DocumentKind(s.kind)) for s in req.scans],
    )


def request_view(r: org.RegistrationRequest) -> wire.RegistrationRequestView:
    a = r.application
    return wire.RegistrationRequestView(
        request_id=r.id,
        status=r.status.value,
        status_title=r.status.label,
        type=a.type.value,
        requisites=_requisites_out(a.requisites),
        licences=[_licence_out(lic) for lic in a.licences],
        employees=[employee_out(e) for e in a.employees],
        scans=[
            wire.ScanView(
                file_id=s.file_id,
                kind=s.kind.value,
                filename=s.filename,
                content_type=s.content_type,
                size=s.size,
            )
            for s in a.scans
        ],
        history=[
            wire.RequestTransition(
                status=t.status.value,
                status_title=t.status.label,
                actor=t.actor,
                at=t.at,
                reason=t.reason,
            )
            for t in r.history
        ],
        organization_oid=r.organization_oid,
        created_at=r.created_at,
        version=r.version,
    )


def _subdivision_out(s: org.Subdivision) -> wire.Subdivision:
    return wire.Subdivision(oid=s.oid, name=s.name, kind=s.kind, beds=dict(s.beds))


def organization_view(o: org.Organization) -> wire.OrganizationView:
    return wire.OrganizationView(
        oid=o.oid,
        type=o.type.value,
        requisites=_requisites_out(o.requisites),
        licences=[_licence_out(lic) for lic in o.licences],
        subdivisions=[_subdivision_out(s) for s in o.subdivisions],
        equipment=[
            wire.Equipment(
                equipment_id=e.id,
                kind=e.kind,
                model=e.model,
                serial_number=e.serial_number,
                commissioned_on=e.commissioned_on,
            )
            for e in o.equipment
        ],
        head=(
            wire.Head(
                last_name=o.head.name.last,
                first_name=o.head.name.first,
                middle_name=o.head.name.middle,
                position=o.head.position,
            )
            if o.head
            else None
        ),
        founders=list(o.founders),
        registered_at=o.registered_at,
        version=o.version,
    )


def organization_event(event: Any, cause: Cause) -> OutgoingEvent | None:
    match event:
        case org.RequestStatusChanged(request=r, transition=t):
            a = r.application
            data: Any = wire.RegistrationRequestStatusChanged(
                request_id=r.id,
                status=t.status.value,
                status_title=t.status.label,
                reason=t.reason,
                applicant=r.applicant,
                organization_name=a.requisites.name,
                inn=a.requisites.inn,
                contact_email=a.requisites.email,
                organization_oid=r.organization_oid,
            )
            return outgoing(subjects.REQUEST_STATUS_CHANGED, data, about=r.id, cause=cause)
        case org.OrganizationRegistered(organization=o, request_id=request_id):
            data = wire.OrganizationRegistered(
                oid=o.oid,
                type=o.type.value,
                name=o.requisites.name,
                inn=o.requisites.inn,
                ogrn=o.requisites.ogrn,
                region=o.requisites.region,
                request_id=request_id,
                head_name=_head_name(o),
            )
            return outgoing(subjects.ORGANIZATION_REGISTERED, data, about=o.oid, cause=cause)
        case org.AccessGranted(organization_oid=oid, employees=employees):
            data = wire.AccessGranted(
                organization_oid=oid, employees=[employee_out(e) for e in employees]
            )
            return outgoing(subjects.ACCESS_GRANTED, data, about=oid, cause=cause)
        case org.OrganizationChanged(organization=o, sections=sections):
            data = wire.OrganizationUpdated(
                oid=o.oid, name=o.requisites.name, sections=list(sections), head_name=_head_name(o)
            )
            return outgoing(subjects.ORGANIZATION_UPDATED, data, about=o.oid, cause=cause)
        case org.SubdivisionAdded(organization=o, subdivision=s):
            data = wire.SubdivisionAdded(organization_oid=o.oid, subdivision=_subdivision_out(s))
            return outgoing(subjects.SUBDIVISION_ADDED, data, about=o.oid, cause=cause)
    return None


def register_frmo(
    rt: ServiceRuntime, settings: RegistrySettings, to_wire: Any, caller: Any
) -> None:
    def uow(ctx: CommandContext) -> MongoRegistryUnitOfWork:
        return MongoRegistryUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, ctx.cause))

    def files() -> GridFsFileStore:
        return GridFsFileStore(rt.mongo.db, SCANS_BUCKET)

    applicants = {Role.ORG_OFFICER, Role.MANAGER, Role.WORKER}

    @rt.command(subjects.FILE_UPLOAD, roles=applicants | {Role.REGISTRY_OPERATOR})
    async def upload(req: wire.UploadFilePart, ctx: CommandContext) -> wire.UploadProgress:
        received, info = await frmo.upload_scan_part(
            files(),
            caller(ctx.actor),
            upload_id=req.upload_id,
            part=req.part,
            data=decoded(req),
            last=req.last,
            filename=req.filename,
            max_bytes=settings.scan_max_bytes,
        )
        return progress(req.upload_id, received, info)

    @rt.command(subjects.FILE_READ, roles=applicants | {Role.REGISTRY_OPERATOR})
    async def read_file(req: wire.ReadFile, ctx: CommandContext) -> wire.FilePart:
        info, data, last = await frmo.read_scan_part(
            files(), caller(ctx.actor), file_id=req.file_id, part=req.part
        )
        return file_part(info, req.part, data, last)

    @rt.command(subjects.REQUEST_SUBMIT, roles=applicants)
    async def submit(
        req: wire.SubmitRegistrationRequest, ctx: CommandContext
    ) -> wire.RegistrationRequestView:
        request = await frmo.submit_registration(
            uow(ctx), files(), caller(ctx.actor), _application_in(req)
        )
        return request_view(request)

    @rt.command(subjects.REQUEST_RESUBMIT, roles=applicants)
    async def resubmit(
        req: wire.ResubmitRegistrationRequest, ctx: CommandContext
    ) -> wire.RegistrationRequestView:
        request = await frmo.resubmit_registration(
            uow(ctx),
            files(),
            caller(ctx.actor),
            request_id=req.request_id,
            given=_application_in(req),
            comment=req.comment,
        )
        return request_view(request)

    @rt.command(subjects.REQUEST_REVIEW, roles={Role.REGISTRY_OPERATOR})
    async def review(
        req: wire.ReviewRegistrationRequest, ctx: CommandContext
    ) -> wire.RegistrationRequestView:
        request = await frmo.review_registration(
            uow(ctx),
            caller(ctx.actor),
            request_id=req.request_id,
            action=req.action,
            reason=req.reason,
        )
        return request_view(request)

    @rt.command(subjects.REQUEST_GET, roles=applicants | {Role.REGISTRY_OPERATOR})
    async def get_request(
        req: wire.GetRegistrationRequest, ctx: CommandContext
    ) -> wire.RegistrationRequestView:
        request = await frmo.read_registration(
            uow(ctx), caller(ctx.actor), request_id=req.request_id
        )
        return request_view(request)

    @rt.command(subjects.REQUEST_LIST, roles={Role.REGISTRY_OPERATOR})
    async def list_requests(
        req: wire.ListRegistrationRequests, ctx: CommandContext
    ) -> wire.RegistrationRequestPage:
        found = await frmo.registration_queue(
            uow(ctx),
            status=org.RequestStatus(req.status) if req.status else None,
            after=req.after,
            limit=req.limit,
        )
        return wire.RegistrationRequestPage(
            items=[request_view(r) for r in found],
            next_cursor=found[-1].id if len(found) == req.limit else None,
        )

    @rt.command(subjects.ORGANIZATION_GET, roles=READERS | {Role.MANAGER})
    async def get_organization(
        req: wire.GetOrganization, ctx: CommandContext
    ) -> wire.OrganizationView:
        return organization_view(
            await frmo.read_organization(uow(ctx), caller(ctx.actor), oid=req.oid)
        )

    async def change(ctx: CommandContext, fn: Any) -> wire.OrganizationView:
        return organization_view(await frmo.change_organization(uow(ctx), caller(ctx.actor), fn))

    @rt.command(subjects.ORGANIZATION_UPDATE, roles={Role.ORG_OFFICER})
    async def update_organization(
        req: wire.UpdateOrganization, ctx: CommandContext
    ) -> wire.OrganizationView:
        today = utcnow().date()

        def apply(o: org.Organization) -> None:
            if req.requisites is not None:
                o.update_requisites(_requisites_in(req.requisites))
            if req.add_licence is not None:
                o.add_licence(_licence_in(req.add_licence), today=today)
            if req.head is not None or req.founders is not None:
                head = req.head
                o.set_management(
                    head=org.Head(
                        model.FullName(head.last_name, head.first_name, head.middle_name),
                        head.position,
                    )
                    if head
                    else None,
                    founders=req.founders,
                )

        return await change(ctx, apply)

    @rt.command(subjects.SUBDIVISION_ADD, roles={Role.ORG_OFFICER})
    async def add_subdivision(
        req: wire.AddSubdivision, ctx: CommandContext
    ) -> wire.OrganizationView:
        return await change(ctx, lambda o: o.add_subdivision(name=req.name, kind=req.kind))

    @rt.command(subjects.SUBDIVISION_SET_BEDS, roles={Role.ORG_OFFICER})
    async def set_beds(req: wire.SetBeds, ctx: CommandContext) -> wire.OrganizationView:
        return await change(ctx, lambda o: o.set_beds(req.subdivision_oid, req.profile, req.count))

    @rt.command(subjects.EQUIPMENT_ADD, roles={Role.ORG_OFFICER})
    async def add_equipment(req: wire.AddEquipment, ctx: CommandContext) -> wire.OrganizationView:
        item = org.Equipment(new_id(), req.kind, req.model, req.serial_number, req.commissioned_on)
        return await change(ctx, lambda o: o.add_equipment(item, today=utcnow().date()))
