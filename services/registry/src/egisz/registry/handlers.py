"""Registry entry points: contract in → use case → reply / events out. The only module that knows
both the wire (`egisz.contracts`) and the domain."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from egisz.contracts import registry as wire
from egisz.contracts import subjects
from egisz.contracts.accreditation import AccreditationPassed
from egisz.contracts.envelope import Actor, Role
from egisz.contracts.events import CloudEvent
from egisz.registry import usecases
from egisz.registry.access_handlers import access_event, employee_in, employee_out
from egisz.registry.domain import model
from egisz.registry.domain import organization as org
from egisz.registry.domain.correction import (
    CorrectionRequest,
    CorrectionRequested,
    CorrectionResolved,
    CorrectionStatus,
)
from egisz.registry.repository import SCANS_BUCKET, MongoRegistryUnitOfWork
from egisz.registry.settings import RegistrySettings
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.changes import read_changes
from egisz.runtime.clock import utcnow
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.files import GridFsFileStore, decoded, file_part, progress
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent

OFFICERS = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
READERS = {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}


# --- domain → wire --------------------------------------------------------------------------
def _education(e: model.Education) -> wire.Education:
    return wire.Education(
        education_id=e.id,
        level=e.level.value,
        institution=e.institution,
        speciality=e.speciality,
        document_number=e.document_number,
        document_date=e.document_date,
        hours=e.hours,
    )


def _certificate(c: model.Certificate) -> wire.Certificate:
    return wire.Certificate(
        certificate_id=c.id,
        number=c.number,
        issuer=c.issuer,
        speciality=c.speciality,
        issued_on=c.issued_on,
        valid_until=c.valid_until,
    )


def _accreditation(a: model.AccreditationRecord) -> wire.AccreditationRecord:
    return wire.AccreditationRecord(
        record_id=a.id,
        kind=a.kind,
        speciality=a.speciality,
        passed_on=a.passed_on,
        valid_until=a.valid_until,
        protocol_number=a.protocol_number,
    )


def _category(c: model.QualificationCategory) -> wire.QualificationCategory:
    return wire.QualificationCategory(
        category_id=c.id,
        category=c.category.value,
        speciality=c.speciality,
        assigned_on=c.assigned_on,
    )


def _employment(e: model.EmploymentRecord) -> wire.EmploymentRecord:
    return wire.EmploymentRecord(
        employment_id=e.id,
        organization_oid=e.organization_oid,
        subdivision_oid=e.subdivision_oid,
        position=e.position,
        rate=e.rate,
        kind=e.kind.value,
        start_date=e.start_date,
        end_date=e.end_date,
        dismissal_reason=e.dismissal_reason,
    )


def _document(d: model.IdentityDocument | None) -> wire.IdentityDocument | None:
    if d is None:
        return None
    return wire.IdentityDocument(
        kind=d.kind, series=d.series, number=d.number, issued_on=d.issued_on, issuer=d.issuer
    )


def _address(a: model.Address | None) -> wire.Address | None:
    return wire.Address(postcode=a.postcode, text=a.text) if a else None


def to_view(w: model.Worker, *, personal_data: bool = True) -> wire.WorkerView:
    """The record; without `personal_data`, no passport, addresses, contacts or INN."""
    if not personal_data:
        return to_view(
            replace(
                w,
                personal=replace(w.personal, inn=None, citizenship=None),
                identity_document=None,
                registration_address=None,
                actual_address=None,
                contacts=model.Contacts(),
            )
        )
    p = w.personal
    return wire.WorkerView(
        worker_id=w.id,
        snils=w.snils,
        last_name=p.name.last,
        first_name=p.name.first,
        middle_name=p.name.middle,
        birth_date=p.birth_date,
        sex=p.sex.value if p.sex else None,
        citizenship=p.citizenship,
        inn=p.inn,
        identity_document=_document(w.identity_document),
        registration_address=_address(w.registration_address),
        actual_address=_address(w.actual_address),
        contacts=wire.Contacts(email=w.contacts.email, phone=w.contacts.phone),
        education=[_education(e) for e in w.education],
        certificates=[_certificate(c) for c in w.certificates],
        accreditations=[_accreditation(a) for a in w.accreditations],
        categories=[_category(c) for c in w.categories],
        employments=[_employment(e) for e in w.employments],
        review=w.review.value,
        possible_duplicate_of=list(w.similar_to),
        registered_by_org=w.registered_by_org,
        registered_at=w.registered_at,
        version=w.version,
    )


def correction_view(c: CorrectionRequest) -> wire.CorrectionView:
    return wire.CorrectionView(
        correction_id=c.id,
        worker_id=c.worker_id,
        organization_oid=c.organization_oid,
        section=c.section,
        description=c.description,
        status=c.status.value,
        resolution_comment=c.resolution_comment,
        created_at=c.created_at,
        resolved_at=c.resolved_at,
    )


def to_wire(event: Any, cause: Cause) -> OutgoingEvent:
    """Domain events → CloudEvents in the outbox."""
    match event:
        case model.WorkerRegistered(worker=w):
            return outgoing(
                subjects.WORKER_REGISTERED,
                wire.WorkerRegistered(
                    worker_id=w.id,
                    snils=w.snils,
                    record_version=w.version,
                    last_name=w.name.last,
                    first_name=w.name.first,
                    middle_name=w.name.middle,
                    birth_date=w.personal.birth_date,
                    registered_by_org=w.registered_by_org,
                    email=w.contacts.email,
                    phone=w.contacts.phone,
                ),
                about=w.id,
                cause=cause,
            )
        case model.WorkerFlaggedAsDuplicate(worker=w, similar_to=similar):
            data: Any = wire.WorkerFlaggedAsDuplicate(
                worker_id=w.id, similar_to=list(similar), registered_by_org=w.registered_by_org
            )
            return outgoing(subjects.WORKER_FLAGGED_AS_DUPLICATE, data, about=w.id, cause=cause)
        case model.DuplicateResolved(worker_id=worker_id, decision=decision, comment=comment):
            data = wire.DuplicateResolved(
                worker_id=worker_id, decision=decision.value, comment=comment
            )
            return outgoing(subjects.WORKER_DUPLICATE_RESOLVED, data, about=worker_id, cause=cause)
        case model.WorkerUpdated(worker=w, sections=sections):
            data = wire.WorkerUpdated(
                worker_id=w.id,
                snils=w.snils,
                record_version=w.version,
                sections=list(sections),
                last_name=w.name.last,
                first_name=w.name.first,
                middle_name=w.name.middle,
                birth_date=w.personal.birth_date,
                email=w.contacts.email,
                phone=w.contacts.phone,
            )
            return outgoing(subjects.WORKER_UPDATED, data, about=w.id, cause=cause)
        case model.EmploymentStarted(worker=w, employment=e):
            data = wire.EmploymentStarted(
                worker_id=w.id, snils=w.snils, record_version=w.version, employment=_employment(e)
            )
            return outgoing(subjects.EMPLOYMENT_STARTED, data, about=w.id, cause=cause)
        case model.EmploymentEnded(worker=w, employment=e):
            data = wire.EmploymentEnded(
                worker_id=w.id, snils=w.snils, record_version=w.version, employment=_employment(e)
            )
            return outgoing(subjects.EMPLOYMENT_ENDED, data, about=w.id, cause=cause)
        case model.EducationAdded(worker=w, education=e):
            data = wire.EducationAdded(
                worker_id=w.id, snils=w.snils, record_version=w.version, education=_education(e)
            )
            return outgoing(subjects.EDUCATION_ADDED, data, about=w.id, cause=cause)
        case model.CertificateAdded(worker=w, certificate=c):
            data = wire.CertificateAdded(
                worker_id=w.id, snils=w.snils, record_version=w.version, certificate=_certificate(c)
            )
            return outgoing(subjects.CERTIFICATE_ADDED, data, about=w.id, cause=cause)
        case model.CategoryAssigned(worker=w, category=c):
            data = wire.CategoryAssigned(
                worker_id=w.id, snils=w.snils, record_version=w.version, category=_category(c)
            )
            return outgoing(subjects.CATEGORY_ASSIGNED, data, about=w.id, cause=cause)
        case model.AccreditationRecorded(worker=w, accreditation=a):
            data = wire.AccreditationRecorded(
                worker_id=w.id,
                snils=w.snils,
                record_version=w.version,
                accreditation=_accreditation(a),
            )
            return outgoing(subjects.ACCREDITATION_RECORDED, data, about=w.id, cause=cause)
        case CorrectionRequested(request=c):
            data = wire.CorrectionRequested(
                correction_id=c.id,
                worker_id=c.worker_id,
                organization_oid=c.organization_oid,
                section=c.section,
                description=c.description,
            )
            return outgoing(subjects.CORRECTION_REQUESTED, data, about=c.id, cause=cause)
        case CorrectionResolved(request=c):
            data = wire.CorrectionResolved(
                correction_id=c.id,
                worker_id=c.worker_id,
                organization_oid=c.organization_oid,
                status=c.status.value,
                comment=c.resolution_comment,
            )
            return outgoing(subjects.CORRECTION_RESOLVED, data, about=c.id, cause=cause)
    if (frmo := organization_event(event, cause)) is not None:
        return frmo
    if (granted := access_event(event, cause)) is not None:
        return granted
    raise TypeError(f"no wire form for {event!r}")


# --- wire → domain --------------------------------------------------------------------------
def caller(actor: Actor) -> usecases.Caller:
    return usecases.Caller(role=actor.role, sub=actor.sub, org=actor.org, snils=actor.snils)


def _personal(p: wire.PersonalData | wire.RegisterWorker | wire.ImportRow) -> model.PersonalData:
    return model.PersonalData(
        name=model.FullName(p.last_name, p.first_name, p.middle_name),
        birth_date=p.birth_date,
        sex=model.Sex(p.sex) if p.sex else None,
        citizenship=getattr(p, "citizenship", None),
        inn=getattr(p, "inn", None),
    )


def _to_document(d: wire.IdentityDocument | None) -> model.IdentityDocument | None:
    if d is None:
        return None
    return model.IdentityDocument(d.kind, d.series, d.number, d.issued_on, d.issuer)


def _to_address(a: wire.Address | None) -> model.Address | None:
    return model.Address(a.postcode, a.text) if a else None


def _import_line(row: wire.ImportRow) -> usecases.ImportLine:
    job = None
    if row.position or row.start_date:
        job = usecases.NewEmployment(
            organization_oid=None,
            subdivision_oid=None,
            position=row.position or "",
            rate=row.rate if row.rate is not None else Decimal("1.0"),
            kind=model.EmploymentKind(row.kind or "main"),
            start_date=row.start_date,
        )
    return usecases.ImportLine(
        row=row.row,
        worker=usecases.NewWorker(
            snils=row.snils,
            personal=_personal(row),
            contacts=model.Contacts(email=row.email, phone=row.phone),
        ),
        job=job,
    )


def register(rt: ServiceRuntime) -> None:
    def uow(ctx: CommandContext) -> MongoRegistryUnitOfWork:
        return MongoRegistryUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, ctx.cause))

    @rt.command(subjects.WORKER_REGISTER, roles={Role.ORG_OFFICER})
    async def register_worker(req: wire.RegisterWorker, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.register_worker(
            uow(ctx),
            usecases.NewWorker(
                snils=req.snils,
                personal=_personal(req),
                identity_document=_to_document(req.identity_document),
                registration_address=_to_address(req.registration_address),
                actual_address=_to_address(req.actual_address),
                contacts=model.Contacts(email=req.email, phone=req.phone),
            ),
            caller=caller(ctx.actor),
        )
        return to_view(worker)

    @rt.command(subjects.WORKER_GET, roles=READERS)
    async def get_worker(req: wire.GetWorker, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.read_worker(
            uow(ctx), caller(ctx.actor), worker_id=req.worker_id, snils=req.snils
        )
        return to_view(worker)

    @rt.command(subjects.WORKER_UPDATE, roles={Role.WORKER, *OFFICERS})
    async def update_worker(req: wire.UpdateWorker, ctx: CommandContext) -> wire.WorkerView:
        p = req.personal
        sections = usecases.Sections(
            personal=_personal(p) if p else None,
            identity_document=_to_document(req.identity_document),
            registration_address=_to_address(req.registration_address),
            actual_address=_to_address(req.actual_address),
            contacts=(
                model.Contacts(email=req.contacts.email, phone=req.contacts.phone)
                if req.contacts
                else None
            ),
        )
        worker = await usecases.update_worker(
            uow(ctx), caller(ctx.actor), worker_id=req.worker_id, sections=sections
        )
        return to_view(worker)

    @rt.command(subjects.WORKER_RESOLVE_DUPLICATE, roles=OFFICERS)
    async def resolve_duplicate(
        req: wire.ResolveDuplicate, ctx: CommandContext
    ) -> wire.DuplicateResolution:
        worker = await usecases.resolve_duplicate(
            uow(ctx),
            caller(ctx.actor),
            worker_id=req.worker_id,
            decision=model.DuplicateDecision(req.decision),
            comment=req.comment,
        )
        return wire.DuplicateResolution(
            worker_id=req.worker_id,
            decision=req.decision,
            worker=to_view(worker) if worker else None,
        )

    @rt.command(subjects.WORKER_IMPORT, roles={Role.ORG_OFFICER})
    async def import_workers(req: wire.ImportWorkers, ctx: CommandContext) -> wire.ImportResult:
        outcomes = await usecases.import_workers(
            lambda: uow(ctx), caller(ctx.actor), [_import_line(r) for r in req.rows]
        )
        return wire.ImportResult(
            rows=[
                wire.ImportRowResult(
                    row=o.row,
                    outcome=o.outcome,
                    worker_id=o.worker_id,
                    errors=[
                        wire.ImportRowError(field=p.field, message=p.message, code=p.code)
                        for p in o.problems
                    ],
                )
                for o in outcomes
            ]
        )

    @rt.command(subjects.EMPLOYMENT_START, roles=OFFICERS)
    async def start_employment(req: wire.StartEmployment, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.start_employment(
            uow(ctx),
            caller(ctx.actor),
            worker_id=req.worker_id,
            hire=usecases.Hire(req.snils, req.birth_date) if req.snils and req.birth_date else None,
            job=usecases.NewEmployment(
                organization_oid=req.organization_oid,
                subdivision_oid=req.subdivision_oid,
                position=req.position,
                rate=req.rate,
                kind=model.EmploymentKind(req.kind),
                start_date=req.start_date,
                end_date=req.end_date,
                dismissal_reason=req.dismissal_reason,
            ),
        )
        return to_view(worker, personal_data=usecases.sees_personal_data(caller(ctx.actor), worker))

    @rt.command(subjects.EMPLOYMENT_END, roles=OFFICERS)
    async def end_employment(req: wire.EndEmployment, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.end_employment(
            uow(ctx),
            caller(ctx.actor),
            worker_id=req.worker_id,
            employment_id=req.employment_id,
            end_date=req.end_date,
            reason=req.dismissal_reason,
        )
        return to_view(worker)

    @rt.command(subjects.EDUCATION_ADD, roles=OFFICERS)
    async def add_education(req: wire.AddEducation, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.add_education(
            uow(ctx),
            caller(ctx.actor),
            worker_id=req.worker_id,
            item=usecases.NewEducation(
                level=model.EducationLevel(req.level),
                institution=req.institution,
                speciality=req.speciality,
                document_number=req.document_number,
                document_date=req.document_date,
                hours=req.hours,
            ),
        )
        return to_view(worker)

    @rt.command(subjects.CERTIFICATE_ADD, roles=OFFICERS)
    async def add_certificate(req: wire.AddCertificate, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.add_certificate(
            uow(ctx),
            caller(ctx.actor),
            worker_id=req.worker_id,
            item=usecases.NewCertificate(
                number=req.number,
                issuer=req.issuer,
                speciality=req.speciality,
                issued_on=req.issued_on,
                valid_until=req.valid_until,
            ),
        )
        return to_view(worker)

    @rt.command(subjects.CATEGORY_ASSIGN, roles=OFFICERS)
    async def assign_category(req: wire.AssignCategory, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.assign_category(
            uow(ctx),
            caller(ctx.actor),
            worker_id=req.worker_id,
            category=model.Category(req.category),
            speciality=req.speciality,
            assigned_on=req.assigned_on,
        )
        return to_view(worker)

    @rt.command(subjects.CORRECTION_REPORT, roles={Role.WORKER})
    async def report_inaccuracy(
        req: wire.ReportInaccuracy, ctx: CommandContext
    ) -> wire.CorrectionView:
        request = await usecases.report_inaccuracy(
            uow(ctx),
            caller(ctx.actor),
            organization_oid=req.organization_oid,
            section=req.section,
            description=req.description,
        )
        return correction_view(request)

    @rt.command(subjects.CORRECTION_RESOLVE, roles={Role.ORG_OFFICER})
    async def resolve_correction(
        req: wire.ResolveCorrection, ctx: CommandContext
    ) -> wire.CorrectionView:
        request = await usecases.resolve_correction(
            uow(ctx),
            caller(ctx.actor),
            correction_id=req.correction_id,
            status=CorrectionStatus(req.status),
            comment=req.comment,
        )
        return correction_view(request)

    @rt.command(
        subjects.CORRECTION_LIST, roles={Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
    )
    async def list_corrections(
        req: wire.ListCorrections, ctx: CommandContext
    ) -> wire.CorrectionPage:
        found = await usecases.list_corrections(
            uow(ctx),
            caller(ctx.actor),
            status=CorrectionStatus(req.status) if req.status else None,
            after=req.after,
            limit=req.limit,
        )
        return wire.CorrectionPage(
            items=[correction_view(c) for c in found],
            next_cursor=found[-1].id if len(found) == req.limit else None,
        )

    @rt.command(subjects.STAFF_LIST, roles=OFFICERS)
    async def list_staff(req: wire.ListStaff, ctx: CommandContext) -> wire.StaffPage:
        found = await usecases.staff_page(
            uow(ctx),
            caller(ctx.actor),
            organization_oid=req.organization_oid,
            after=req.after,
            limit=req.limit,
        )
        org = req.organization_oid or ctx.actor.org
        today = utcnow().date()
        return wire.StaffPage(
            items=[
                wire.StaffEntry(
                    worker_id=w.id,
                    snils=w.snils,
                    last_name=w.name.last,
                    first_name=w.name.first,
                    middle_name=w.name.middle,
                    review=w.review.value,
                    positions=[
                        e.position
                        for e in w.current_employments(today)
                        if e.organization_oid == org
                    ],
                )
                for w in found
            ],
            next_cursor=found[-1].id if len(found) == req.limit else None,
        )

    @rt.command(subjects.PRACTITIONER_VERIFY, roles=set(Role), public=True)
    async def verify(req: wire.VerifyPractitioner, ctx: CommandContext) -> wire.VerificationResult:
        today = utcnow().date()
        found, names = await usecases.verify_practitioner(
            uow(ctx),
            worker_id=req.worker_id,
            last_name=req.last_name,
            first_name=req.first_name,
            middle_name=req.middle_name,
            today=today,
        )
        return wire.VerificationResult(practitioners=[public_view(w, today, names) for w in found])

    @rt.command(subjects.CHANGES_LIST, roles={Role.SERVICE, Role.REGISTRY_OPERATOR})
    async def list_changes(req: wire.ListChanges, ctx: CommandContext) -> wire.ChangesPage:
        page = await read_changes(
            rt.broker.connection,
            stream=subjects.stream_name("registry"),
            subjects=subjects.events_wildcard("registry"),
            after=req.after,
            limit=req.limit,
        )
        return wire.ChangesPage(
            events=page.events, next_cursor=page.next_cursor, has_more=page.has_more
        )

    @rt.consumer(subjects.ACCREDITATION_PASSED, name=usecases.ACCREDITATION_CONSUMER)
    async def on_accreditation_passed(event: CloudEvent[AccreditationPassed]) -> None:
        d = event.data
        unit = MongoRegistryUnitOfWork(
            rt.unit_of_work(), lambda ev: to_wire(ev, Cause.of_event(event))
        )
        await usecases.record_accreditation(
            unit,
            event_id=event.id,
            worker_id=d.worker_id,
            record=model.AccreditationRecord(
                id=d.application_id,
                kind=d.kind,
                speciality=d.speciality,
                passed_on=d.passed_on,
                valid_until=d.valid_until,
                protocol_number=d.protocol_number,
            ),
        )


def public_view(w: model.Worker, today: date, names: dict[str, str]) -> wire.PublicPractitioner:
    """What anyone may see: name, specialities, current employers, accreditation validity."""
    current = w.current_employments(today)
    employers = {
        oid: wire.PublicEmployer(
            oid=oid,
            name=names.get(oid),
            positions=[e.position for e in current if e.organization_oid == oid],
        )
        for oid in dict.fromkeys(e.organization_oid for e in current)
    }
    specialities = [a.speciality for a in w.accreditations] + [
        c.speciality for c in w.certificates if c.valid_until >= today
    ]
    return wire.PublicPractitioner(
        worker_id=w.id,
        last_name=w.name.last,
        first_name=w.name.first,
        middle_name=w.name.middle,
        specialities=list(dict.fromkeys(specialities)),
        organizations=list(employers),
        employers=list(employers.values()),
        accreditations=[
            wire.PublicAccreditation(
                speciality=a.speciality, valid_until=a.valid_until, valid=a.valid_until >= today
            )
            for a in w.accreditations
        ],
    )


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


def _application_in(req: wire.SubmitRegistrationRequest) -> usecases.ApplicationInput:
    return usecases.ApplicationInput(
        type=org.OrganizationType(req.type),
        requisites=_requisites_in(req.requisites),
        licences=[_licence_in(lic) for lic in req.licences],
        employees=[employee_in(e) for e in req.employees],
        scans=[usecases.ScanRef(s.file_id, org.DocumentKind(s.kind)) for s in req.scans],
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


def register_frmo(rt: ServiceRuntime, settings: RegistrySettings) -> None:
    def uow(ctx: CommandContext) -> MongoRegistryUnitOfWork:
        return MongoRegistryUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, ctx.cause))

    def files() -> GridFsFileStore:
        return GridFsFileStore(rt.mongo.db, SCANS_BUCKET)

    applicants = {Role.ORG_OFFICER, Role.MANAGER, Role.WORKER}

    @rt.command(subjects.FILE_UPLOAD, roles=applicants | {Role.REGISTRY_OPERATOR})
    async def upload(req: wire.UploadFilePart, ctx: CommandContext) -> wire.UploadProgress:
        received, info = await usecases.upload_scan_part(
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
        info, data, last = await usecases.read_scan_part(
            files(), caller(ctx.actor), file_id=req.file_id, part=req.part
        )
        return file_part(info, req.part, data, last)

    @rt.command(subjects.REQUEST_SUBMIT, roles=applicants)
    async def submit(
        req: wire.SubmitRegistrationRequest, ctx: CommandContext
    ) -> wire.RegistrationRequestView:
        request = await usecases.submit_registration(
            uow(ctx), files(), caller(ctx.actor), _application_in(req)
        )
        return request_view(request)

    @rt.command(subjects.REQUEST_RESUBMIT, roles=applicants)
    async def resubmit(
        req: wire.ResubmitRegistrationRequest, ctx: CommandContext
    ) -> wire.RegistrationRequestView:
        request = await usecases.resubmit_registration(
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
        request = await usecases.review_registration(
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
        request = await usecases.read_registration(
            uow(ctx), caller(ctx.actor), request_id=req.request_id
        )
        return request_view(request)

    @rt.command(subjects.REQUEST_LIST, roles={Role.REGISTRY_OPERATOR})
    async def list_requests(
        req: wire.ListRegistrationRequests, ctx: CommandContext
    ) -> wire.RegistrationRequestPage:
        found = await usecases.registration_queue(
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
            await usecases.read_organization(uow(ctx), caller(ctx.actor), oid=req.oid)
        )

    async def change(ctx: CommandContext, fn: Any) -> wire.OrganizationView:
        return organization_view(
            await usecases.change_organization(uow(ctx), caller(ctx.actor), fn)
        )

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
        item = org.Equipment(
            usecases.new_id(), req.kind, req.model, req.serial_number, req.commissioned_on
        )
        return await change(ctx, lambda o: o.add_equipment(item, today=utcnow().date()))
