"""FRMO's wire mapping: domain ↔ contracts for requests, organizations and access, and the
wire form of their events. No rules here."""

from __future__ import annotations

from pydantic import BaseModel

from egisz.contracts import registry as wire, subjects
from egisz.contracts.registry.acts import RegistrationActRef
from egisz.kernel.clock import utcnow
from egisz.kernel.issued import IssuedDocument, format_code
from egisz.registry.domain import people
from egisz.registry.domain.people import FullName
from egisz.registry.frmo import usecases as frmo
from egisz.registry.frmo.domain import (
    access as domain,
    organization as org,
    request_documents,
    requisites,
    signatories,
    structure,
)
from egisz.registry.frmo.domain.requisites import lapsed, licence_in_force
from egisz.registry.frmo.network import network_views
from egisz.runtime.events import FormTable


def requisites_in(r: wire.Requisites) -> requisites.Requisites:
    return requisites.Requisites(
        r.name,
        r.ogrn,
        r.inn,
        r.kpp,
        r.okpo,
        people.Address(r.legal_address.postcode, r.legal_address.text),
        r.phone,
        r.email,
        requisites.LegalForm(r.legal_form),
    )


def requisites_out(r: requisites.Requisites) -> wire.Requisites:
    return wire.Requisites(
        legal_form=r.legal_form.value,
        name=r.name,
        ogrn=r.ogrn,
        inn=r.inn,
        kpp=r.kpp,
        okpo=r.okpo,
        legal_address=wire.Address(postcode=r.legal_address.postcode, text=r.legal_address.text),
        phone=r.phone,
        email=r.email,
    )


def licence_in(lic: wire.Licence) -> requisites.Licence:
    return requisites.Licence(lic.number, lic.issued_on, lic.valid_until, tuple(lic.activities))


def licence_out(lic: requisites.Licence) -> wire.Licence:
    return wire.Licence(
        number=lic.number,
        issued_on=lic.issued_on,
        valid_until=lic.valid_until,
        activities=list(lic.activities),
    )


def head_name(o: org.Organization) -> str | None:
    return o.head.name.text if o.head else None


def application_in(req: wire.SubmitRegistrationRequest) -> frmo.ApplicationInput:
    return frmo.ApplicationInput(
        type=requisites.OrganizationType(req.type),
        requisites=requisites_in(req.requisites),
        licences=[licence_in(lic) for lic in req.licences],
        employees=[employee_in(e) for e in req.employees],
        scans=[frmo.ScanRef(s.file_id, request_documents.DocumentKind(s.kind)) for s in req.scans],
        head=_request_head_in(req.head),
        attorney=_attorney_in(req.attorney),
    )


def _request_head_in(h: wire.RequestHead | None) -> signatories.RequestHead | None:
    if h is None:
        return None
    return signatories.RequestHead(
        FullName(h.last_name, h.first_name, h.middle_name), h.position, h.snils
    )


def _attorney_in(a: wire.PowerOfAttorney | None) -> signatories.PowerOfAttorney | None:
    if a is None:
        return None
    name = FullName(a.last_name, a.first_name, a.middle_name)
    return signatories.PowerOfAttorney(name, a.snils, a.number, a.issued_on, a.valid_until)


def _request_head_out(h: signatories.RequestHead | None) -> wire.RequestHead | None:
    if h is None:
        return None
    n = h.name
    return wire.RequestHead(
        last_name=n.last,
        first_name=n.first,
        middle_name=n.middle,
        position=h.position,
        snils=h.snils,
    )


def _attorney_out(a: signatories.PowerOfAttorney | None) -> wire.PowerOfAttorney | None:
    if a is None:
        return None
    n = a.name
    return wire.PowerOfAttorney(
        last_name=n.last,
        first_name=n.first,
        middle_name=n.middle,
        snils=a.snils,
        number=a.number,
        issued_on=a.issued_on,
        valid_until=a.valid_until,
    )


def _signer_out(s: signatories.SignedBy | None) -> wire.RequestSigner | None:
    if s is None:
        return None
    return wire.RequestSigner(
        capacity=s.capacity,
        name=s.name,
        certificate_serial=s.certificate_serial,
        certificate_issuer=s.certificate_issuer,
        certificate_valid_until=s.certificate_valid_until,
        certificate_sha256=s.certificate_sha256,
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
        head=_request_head_out(a.head),
        attorney=_attorney_out(a.attorney),
        organization_oid=r.organization_oid,
        signed_by=_signer_out(r.signed_by),
        created_at=r.created_at,
        in_status_since=r.history[-1].at if r.history else r.created_at,
        version=r.version,
    )


def subdivision_out(s: structure.Subdivision) -> wire.Subdivision:
    return wire.Subdivision(
        oid=s.oid,
        name=s.name,
        kind=s.kind,
        beds=dict(s.beds),
        bed_codes=dict(s.bed_codes),
        closed_on=s.closed_on,
        kind_code=s.kind_code,
    )


def organization_summary(o: org.Organization, *, contacts: bool) -> wire.OrganizationSummary:
    """As a search shows it: the requisites anyone may read in ЕГРЮЛ; the phone and e-mail only
    with `contacts` (signed-in staff)."""
    r = o.requisites
    return wire.OrganizationSummary(
        oid=o.oid,
        type=o.type.value,
        name=r.name,
        inn=r.inn,
        ogrn=r.ogrn,
        kpp=r.kpp,
        legal_address=requisites_out(r).legal_address,
        head=_head(o.head),
        phone=r.phone if contacts else None,
        email=r.email if contacts else None,
        licence_in_force=licence_in_force(o.licences, utcnow().date()),
    )


def _head(h: org.Head | None) -> wire.Head | None:
    if h is None:
        return None
    return wire.Head(
        last_name=h.name.last,
        first_name=h.name.first,
        middle_name=h.name.middle,
        position=h.position,
    )


def _act_ref(act: IssuedDocument | None) -> RegistrationActRef | None:
    if act is None:
        return None
    return RegistrationActRef(
        verification_code=format_code(act.verification_code),
        issued_on=act.issued_on,
        sha256=act.sha256,
    )


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
                kind_code=e.kind_code,
                model=e.model,
                serial_number=e.serial_number,
                commissioned_on=e.commissioned_on,
            )
            for e in o.equipment
        ],
        head=_head(o.head),
        founders=list(o.founders),
        lapsed_licences=[lic.number for lic in lapsed(o.licences, utcnow().date())],
        registration_act=_act_ref(o.registration_act),
        registered_at=o.registered_at,
        version=o.version,
        **network_views(o),
    )


def _request_status_changed(e: org.RequestStatusChanged) -> tuple[str, BaseModel]:
    r, t = e.request, e.transition
    requisites = r.application.requisites
    return r.id, wire.RegistrationRequestStatusChanged(
        request_id=r.id,
        status=t.status.value,
        status_title=t.status.label,
        reason=t.reason,
        applicant=r.applicant,
        organization_name=requisites.name,
        inn=requisites.inn,
        contact_email=requisites.email,
        organization_oid=r.organization_oid,
    )


def _registered(e: org.OrganizationRegistered) -> tuple[str, BaseModel]:
    o = e.organization
    return o.oid, wire.OrganizationRegistered(
        oid=o.oid,
        type=o.type.value,
        name=o.requisites.name,
        inn=o.requisites.inn,
        ogrn=o.requisites.ogrn,
        region=o.requisites.region,
        request_id=e.request_id,
        head_name=head_name(o),
        head_snils=o.head_snils,
        legal_form=o.requisites.legal_form.value,
    )


def _access_granted(e: org.AccessGranted) -> tuple[str, BaseModel]:
    return e.organization_oid, wire.AccessGranted(
        organization_oid=e.organization_oid, employees=[employee_out(x) for x in e.employees]
    )


def _changed(e: org.OrganizationChanged) -> tuple[str, BaseModel]:
    o = e.organization
    return o.oid, wire.OrganizationUpdated(
        oid=o.oid,
        name=o.requisites.name,
        sections=list(e.sections),
        head_name=head_name(o),
        head_snils=o.head_snils,
        legal_form=o.requisites.legal_form.value,
    )


def _subdivision_added(e: org.SubdivisionAdded) -> tuple[str, BaseModel]:
    o = e.organization
    return o.oid, wire.SubdivisionAdded(
        organization_oid=o.oid, subdivision=subdivision_out(e.subdivision)
    )


def employee_in(e: wire.ResponsibleEmployee) -> requisites.ResponsibleEmployee:
    return requisites.ResponsibleEmployee(
        FullName(e.last_name, e.first_name, e.middle_name), e.snils, e.email
    )


def employee_out(e: requisites.ResponsibleEmployee) -> wire.ResponsibleEmployee:
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


def holders_view(oid: str, holders: list[requisites.ResponsibleEmployee]) -> wire.AccessList:
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


def _access_requested(e: domain.AccessRequested) -> tuple[str, BaseModel]:
    r = e.request
    return r.id, wire.AccessRequested(
        request_id=r.id,
        organization_oid=r.organization_oid,
        employees=len(r.employees),
        submitted_by=r.submitted_by,
    )


def _access_decided(e: domain.AccessRequestDecided) -> tuple[str, BaseModel]:
    r = e.request
    return r.id, wire.AccessRequestDecided(
        request_id=r.id,
        organization_oid=r.organization_oid,
        status=r.status.value,
        reason=r.reason,
        submitted_by=r.submitted_by,
    )


def _access_revoked(e: org.AccessRevoked) -> tuple[str, BaseModel]:
    return e.organization_oid, wire.AccessRevoked(
        organization_oid=e.organization_oid,
        snils=e.snils,
        email=e.emails[0] if e.emails else None,
        reason=e.reason,
    )


ORGANIZATION_EVENTS: FormTable = {
    org.RequestStatusChanged: (subjects.REQUEST_STATUS_CHANGED, _request_status_changed),
    org.OrganizationRegistered: (subjects.ORGANIZATION_REGISTERED, _registered),
    org.AccessGranted: (subjects.ACCESS_GRANTED, _access_granted),
    org.OrganizationChanged: (subjects.ORGANIZATION_UPDATED, _changed),
    org.SubdivisionAdded: (subjects.SUBDIVISION_ADDED, _subdivision_added),
    domain.AccessRequested: (subjects.ACCESS_REQUESTED, _access_requested),
    domain.AccessRequestDecided: (subjects.ACCESS_REQUEST_DECIDED, _access_decided),
    org.AccessRevoked: (subjects.ACCESS_REVOKED, _access_revoked),
}
"""FRMO's domain events (organizations, registration requests, access) → subjects and forms."""
