"""FRMO's wire mapping: domain ↔ contracts for requests, organizations and access, and the
wire form of their events. No rules here."""

from __future__ import annotations

from typing import Any

from egisz.contracts import registry as wire
from egisz.contracts import subjects
from egisz.registry.domain import access as domain
from egisz.registry.domain import model
from egisz.registry.domain import organization as org
from egisz.registry.domain.model import FullName
from egisz.registry.frmo import usecases as frmo
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.mongo import OutgoingEvent


def requisites_in(r: wire.Requisites) -> org.Requisites:
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


def requisites_out(r: org.Requisites) -> wire.Requisites:
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


def licence_in(lic: wire.Licence) -> org.Licence:
    return org.Licence(lic.number, lic.issued_on, lic.valid_until, tuple(lic.activities))


def licence_out(lic: org.Licence) -> wire.Licence:
    return wire.Licence(
        number=lic.number,
        issued_on=lic.issued_on,
        valid_until=lic.valid_until,
        activities=list(lic.activities),
    )


def head_name(o: org.Organization) -> str | None:
    if o.head is None:
        return None
    n = o.head.name
    return " ".join(p for p in (n.last, n.first, n.middle) if p)


def application_in(req: wire.SubmitRegistrationRequest) -> frmo.ApplicationInput:
    return frmo.ApplicationInput(
        type=org.OrganizationType(req.type),
        requisites=requisites_in(req.requisites),
        licences=[licence_in(lic) for lic in req.licences],
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
        requisites=requisites_out(a.requisites),
        licences=[licence_out(lic) for lic in a.licences],
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


def subdivision_out(s: org.Subdivision) -> wire.Subdivision:
    return wire.Subdivision(oid=s.oid, name=s.name, kind=s.kind, beds=dict(s.beds))


def organization_view(o: org.Organization) -> wire.OrganizationView:
    return wire.OrganizationView(
        oid=o.oid,
        type=o.type.value,
        requisites=requisites_out(o.requisites),
        licences=[licence_out(lic) for lic in o.licences],
        subdivisions=[subdivision_out(s) for s in o.subdivisions],
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
                head_name=head_name(o),
            )
            return outgoing(subjects.ORGANIZATION_REGISTERED, data, about=o.oid, cause=cause)
        case org.AccessGranted(organization_oid=oid, employees=employees):
            data = wire.AccessGranted(
                organization_oid=oid, employees=[employee_out(e) for e in employees]
            )
            return outgoing(subjects.ACCESS_GRANTED, data, about=oid, cause=cause)
        case org.OrganizationChanged(organization=o, sections=sections):
            data = wire.OrganizationUpdated(
                oid=o.oid, name=o.requisites.name, sections=list(sections), head_name=head_name(o)
            )
            return outgoing(subjects.ORGANIZATION_UPDATED, data, about=o.oid, cause=cause)
        case org.SubdivisionAdded(organization=o, subdivision=s):
            data = wire.SubdivisionAdded(organization_oid=o.oid, subdivision=subdivision_out(s))
            return outgoing(subjects.SUBDIVISION_ADDED, data, about=o.oid, cause=cause)
    return None


def employee_in(e: wire.ResponsibleEmployee) -> org.ResponsibleEmployee:
    return org.ResponsibleEmployee(
        FullName(e.last_name, e.first_name, e.middle_name), e.snils, e.email
    )


def employee_out(e: org.ResponsibleEmployee) -> wire.ResponsibleEmployee:
    return wire.ResponsibleEmployee(
        last_name=e.name.last,
        first_name=e.name.first,
        middle_name=e.name.middle,
        snils=e.snils,
        email=e.email,
    )


def access_request_view(r: domain.AccessRequest) -> wire.AccessRequestView:
    return wire.AccessRequestView(
        request_id=r.id,
        organization_oid=r.organization_oid,
        employees=[employee_out(e) for e in r.employees],
        comment=r.comment,
        status=r.status.value,
        reason=r.reason,
        submitted_at=r.submitted_at,
        decided_at=r.decided_at,
    )


def holders_view(oid: str, holders: list[org.ResponsibleEmployee]) -> wire.AccessList:
    return wire.AccessList(
        organization_oid=oid,
        holders=[
            wire.AccessHolder(
                last_name=h.name.last,
                first_name=h.name.first,
                middle_name=h.name.middle,
                snils=h.snils,
                email=h.email,
            )
            for h in holders
        ],
    )


def access_event(event: Any, cause: Cause) -> OutgoingEvent | None:
    match event:
        case domain.AccessRequested(request=r):
            data: Any = wire.AccessRequested(
                request_id=r.id,
                organization_oid=r.organization_oid,
                employees=len(r.employees),
                submitted_by=r.submitted_by,
            )
            return outgoing(subjects.ACCESS_REQUESTED, data, about=r.id, cause=cause)
        case domain.AccessRequestDecided(request=r):
            data = wire.AccessRequestDecided(
                request_id=r.id,
                organization_oid=r.organization_oid,
                status=r.status.value,
                reason=r.reason,
                submitted_by=r.submitted_by,
            )
            return outgoing(subjects.ACCESS_REQUEST_DECIDED, data, about=r.id, cause=cause)
        case org.AccessRevoked(organization_oid=oid, snils=snils, emails=emails, reason=reason):
            data = wire.AccessRevoked(
                organization_oid=oid,
                snils=snils,
                email=emails[0] if emails else None,
                reason=reason,
            )
            return outgoing(subjects.ACCESS_REVOKED, data, about=oid, cause=cause)
    return None
