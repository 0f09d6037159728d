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
from egisz.registry.domain import model
from egisz.registry.domain.correction import (
    CorrectionRequest,
    CorrectionRequested,
    CorrectionResolved,
    CorrectionStatus,
)
from egisz.registry.frmo.wire import access_event, organization_event
from egisz.registry.repository import MongoRegistryUnitOfWork
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.changes import read_changes
from egisz.runtime.clock import utcnow
from egisz.runtime.events import Cause, outgoing
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
