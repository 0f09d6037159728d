"""Portfolio entry points: contract in → use case → reply / events out."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from egisz.contracts import portfolio as wire
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.files import UploadFilePart, UploadProgress
from egisz.contracts.registry import (
    AccreditationRecorded,
    CategoryAssigned,
    CertificateAdded,
    EducationAdded,
    EmploymentEnded,
    EmploymentStarted,
    WorkerRegistered,
    WorkerUpdated,
)
from egisz.portfolio import snapshot, usecases
from egisz.portfolio.domain import approval, documents, education, model, readiness
from egisz.portfolio.domain.errors import PortfolioNotFoundError, SnapshotInvalidError
from egisz.portfolio.repository import DOCUMENTS_BUCKET, MongoPortfolioUnitOfWork
from egisz.portfolio.settings import PortfolioSettings
from egisz.portfolio.signing import SCHEMES
from egisz.runtime import file_wire, gridfs
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.clock import utcnow
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent


def _tenure(t: model.Tenure) -> wire.Tenure:
    return wire.Tenure(years=t.years, months=t.months, days=t.days)


def professional_view(
    p: model.Portfolio, today: date, names: dict[str, str] | None = None
) -> wire.ProfessionalPart:
    period = p.report_period(today)
    in_report = {e.employment_id for e in p.report(today)}
    return wire.ProfessionalPart(
        version=p.professional_version,
        report_period=(
            wire.ReportPeriod(start=period.start, end=period.end, employed_now=period.employed_now)
            if period
            else None
        ),
        experience=[
            wire.ExperienceEntry(
                employment_id=e.employment_id,
                organization_oid=e.organization_oid,
                organization_name=(names or {}).get(e.organization_oid),
                subdivision_oid=e.subdivision_oid,
                position=e.position,
                kind=e.kind,
                rate=e.rate,
                start_date=e.start_date,
                end_date=e.end_date,
                dismissal_reason=e.dismissal_reason,
                tenure=_tenure(model.tenure(e.start_date, min(e.end_date or today, today))),
                in_report=e.employment_id in in_report,
            )
            for e in p.experience
        ],
        total_tenure=_tenure(p.total_tenure(today)),
        key_skills=list(p.key_skills),
        experience_notes=p.experience_notes,
    )


def approval_view(p: model.Portfolio) -> wire.ApprovalView:
    r, d = p.approval_request, p.approval_decision
    return wire.ApprovalView(
        status=p.approval_status.value,
        organization_oid=r.organization_oid if r else None,
        head_name=r.head_name if r else None,
        comment=r.comment if r else None,
        requested_at=r.requested_at if r else None,
        report_version=r.report_version if r else None,
        method=d.method.value if d else None,
        reason=d.reason if d else None,
        decided_at=d.at if d else None,
        not_required_reason=p.not_required_reason.value if p.not_required_reason else None,
    )


def document_view(d: documents.AttachedDocument) -> wire.AttachedDocument:
    return wire.AttachedDocument(
        document_id=d.document_id,
        purpose=d.purpose.value,
        filename=d.filename,
        size=d.size,
        attached_at=d.attached_at,
    )


def education_view(i: education.EducationItem) -> wire.EducationItem:
    return wire.EducationItem(
        item_id=i.id,
        kind=i.kind.value,
        title=i.title,
        speciality=i.speciality,
        document_number=i.document_number,
        issued_on=i.issued_on,
        valid_until=i.valid_until,
        hours=i.hours,
        registry_confirmed=i.registry_confirmed,
        holder_last_name=i.holder_last_name,
    )


def to_view(p: model.Portfolio, names: dict[str, str] | None = None) -> wire.PortfolioView:
    return wire.PortfolioView(
        portfolio_id=p.id,
        worker_id=p.worker_id,
        approval_status=p.approval_status.value,
        approval=approval_view(p),
        documents=[document_view(d) for d in p.documents],
        education=[education_view(i) for i in p.education],
        professional=professional_view(p, utcnow().date(), names),
        created_at=p.created_at,
        version=p.version,
    )


def to_wire(event: model.DomainEvent, cause: Cause) -> OutgoingEvent:
    match event:
        case model.PortfolioOpened():
            data: Any = wire.PortfolioCreated(
                portfolio_id=event.portfolio_id, worker_id=event.worker_id
            )
            return outgoing(subjects.PORTFOLIO_CREATED, data, about=event.worker_id, cause=cause)
        case model.ProfessionalPartUpdated(portfolio=p, source=source, approval_reset=reset):
            data = wire.ProfessionalPartUpdated(
                portfolio_id=p.id,
                worker_id=p.worker_id,
                professional_version=p.professional_version,
                source=source.value,
                approval_status=p.approval_status.value,
                approval_reset=reset,
            )
            return outgoing(
                subjects.PROFESSIONAL_PART_UPDATED, data, about=p.worker_id, cause=cause
            )
        case model.ApprovalRequested(portfolio=p, request=r):
            data = wire.ApprovalRequested(
                portfolio_id=p.id,
                worker_id=p.worker_id,
                organization_oid=r.organization_oid,
                head_name=r.head_name,
                comment=r.comment,
                report_version=r.report_version,
                requested_at=r.requested_at,
            )
            return outgoing(subjects.APPROVAL_REQUESTED, data, about=p.worker_id, cause=cause)
        case model.ApprovalDecided(portfolio=p, decision=d):
            data = wire.ApprovalDecided(
                portfolio_id=p.id,
                worker_id=p.worker_id,
                status=p.approval_status.value,
                method=d.method.value,
                reason=d.reason,
                decided_at=d.at,
            )
            return outgoing(subjects.APPROVAL_DECIDED, data, about=p.worker_id, cause=cause)
        case model.ApprovalNotRequired(portfolio=p, reason=reason, at=at):
            data = wire.ApprovalDecided(
                portfolio_id=p.id,
                worker_id=p.worker_id,
                status=p.approval_status.value,
                method="declared",
                not_required_reason=reason.value,
                decided_at=at,
            )
            return outgoing(subjects.APPROVAL_DECIDED, data, about=p.worker_id, cause=cause)
        case model.SnapshotTaken(portfolio=p, snapshot_id=snapshot_id, number=number, at=at):
            data = wire.SnapshotCreated(
                portfolio_id=p.id,
                worker_id=p.worker_id,
                snapshot_id=snapshot_id,
                version=number,
                created_at=at,
            )
            return outgoing(subjects.SNAPSHOT_CREATED, data, about=p.worker_id, cause=cause)
        case model.EducationUpdated(portfolio=p, item=i, removed=removed):
            data = wire.EducationUpdated(
                portfolio_id=p.id, worker_id=p.worker_id, item=education_view(i), removed=removed
            )
            return outgoing(subjects.EDUCATION_UPDATED, data, about=p.worker_id, cause=cause)
        case model.DocumentAttached(portfolio=p, document=d):
            data = wire.DocumentAttached(
                portfolio_id=p.id, worker_id=p.worker_id, document=document_view(d)
            )
            return outgoing(subjects.DOCUMENT_ATTACHED, data, about=p.worker_id, cause=cause)
        case model.DocumentRemoved(portfolio=p, document=d):
            data = wire.DocumentRemoved(
                portfolio_id=p.id, worker_id=p.worker_id, document_id=d.document_id
            )
            return outgoing(subjects.DOCUMENT_REMOVED, data, about=p.worker_id, cause=cause)
    raise TypeError(f"no wire form for {event!r}")


def experience_entry(data: EmploymentStarted | EmploymentEnded) -> model.ExperienceEntry:
    e = data.employment
    return model.ExperienceEntry(
        employment_id=e.employment_id,
        organization_oid=e.organization_oid,
        subdivision_oid=e.subdivision_oid,
        position=e.position,
        kind=e.kind,
        rate=str(e.rate),
        start_date=e.start_date,
        end_date=e.end_date,
        dismissal_reason=e.dismissal_reason,
        record_version=data.record_version,
    )


def portfolio_document(
    p: model.Portfolio, number: int, at: datetime, names: dict[str, str]
) -> wire.PortfolioDocument:
    return wire.PortfolioDocument(
        portfolio_id=p.id,
        snapshot_version=number,
        created_at=at,
        worker=wire.SnapshotWorker(worker_id=p.worker_id, snils=p.snils, last_name=p.last_name),
        professional=professional_view(p, at.date(), names),
        approval=approval_view(p),
        education=[education_view(i) for i in p.education],
        documents=[document_view(d) for d in p.documents],
    )


def build_snapshot(
    p: model.Portfolio, number: int, at: datetime, names: dict[str, str]
) -> tuple[str, str]:
    """The JSON and «portfolio.xml» forms; an XML the schema rejects is refused whole."""
    document = portfolio_document(p, number, at, names)
    xml_text = snapshot.to_xml(document)
    if found := snapshot.problems(xml_text):
        raise SnapshotInvalidError(
            f"«portfolio.xml» не прошёл проверку по схеме: {found[0]}"
            + (f" (и ещё {len(found) - 1})" if len(found) > 1 else "")
        )
    return document.model_dump_json(), xml_text


def registry_education(
    data: EducationAdded | CertificateAdded | CategoryAssigned | AccreditationRecorded,
) -> education.EducationItem:
    """FRMR's record of an education item, as the portfolio keeps it (registry-confirmed)."""
    match data:
        case EducationAdded(education=e):
            return education.EducationItem(
                e.education_id,
                education.Kind(e.level),
                e.institution,
                e.speciality,
                e.document_number,
                e.document_date,
                None,
                e.hours,
                registry_confirmed=True,
            )
        case CertificateAdded(certificate=c):
            return education.EducationItem(
                c.certificate_id,
                education.Kind.SPECIALIST_CERTIFICATE,
                c.issuer,
                c.speciality,
                c.number,
                c.issued_on,
                c.valid_until,
                None,
                registry_confirmed=True,
            )
        case CategoryAssigned(category=k):
            return education.EducationItem(
                k.category_id,
                education.Kind.QUALIFICATION_CATEGORY,
                k.category,
                k.speciality,
                None,
                k.assigned_on,
                None,
                None,
                registry_confirmed=True,
            )
        case AccreditationRecorded(accreditation=a):
            return education.EducationItem(
                a.record_id,
                education.Kind.ACCREDITATION,
                a.kind,
                a.speciality,
                a.protocol_number,
                a.passed_on,
                a.valid_until,
                None,
                registry_confirmed=True,
            )
    raise TypeError(f"not an education event: {data!r}")


def reaction(consumer: str, event: CloudEvent[Any]) -> usecases.RegistryEvent:
    return usecases.RegistryEvent(consumer, event.id, event.data.worker_id, event.data.snils)


def register(rt: ServiceRuntime, settings: PortfolioSettings) -> None:
    def note_organization(spec: Any, consumer: str) -> None:
        @rt.consumer(spec, name=consumer)
        async def note(event: CloudEvent[Any]) -> None:
            await usecases.note_organization(
                uow(Cause.of_event(event)),
                consumer=consumer,
                event_id=event.id,
                oid=event.data.oid,
                name=event.data.name,
                head_name=event.data.head_name,
            )

    def uow(cause: Cause) -> MongoPortfolioUnitOfWork:
        return MongoPortfolioUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, cause))

    async def view(p: model.Portfolio, cause: Cause) -> wire.PortfolioView:
        return to_view(p, await usecases.organization_names(uow(cause), p))

    for kind, spec in (
        ("registered", subjects.ORGANIZATION_REGISTERED),
        ("updated", subjects.ORGANIZATION_UPDATED),
    ):
        note_organization(spec, usecases.ORGANIZATION_CONSUMERS[kind])

    @rt.consumer(subjects.WORKER_REGISTERED, name=usecases.WORKER_REGISTERED_CONSUMER)
    async def on_worker_registered(event: CloudEvent[Any]) -> None:
        data: WorkerRegistered = event.data
        await usecases.open_portfolio(
            uow(Cause.of_event(event)),
            event_id=event.id,
            worker_id=data.worker_id,
            snils=data.snils,
            last_name=data.last_name,
        )

    @rt.consumer(subjects.WORKER_UPDATED, name=usecases.WORKER_UPDATED_CONSUMER)
    async def on_worker_updated(event: CloudEvent[Any]) -> None:
        data: WorkerUpdated = event.data
        await usecases.note_last_name(
            uow(Cause.of_event(event)),
            reaction(usecases.WORKER_UPDATED_CONSUMER, event),
            data.last_name,
        )

    def on_registry_education(spec: Any, consumer: str) -> None:
        @rt.consumer(spec, name=consumer)
        async def project(event: CloudEvent[Any]) -> None:
            await usecases.project_registry_education(
                uow(Cause.of_event(event)),
                reaction(consumer, event),
                registry_education(event.data),
            )

    on_registry_education(subjects.EDUCATION_ADDED, usecases.EDUCATION_CONSUMERS["education"])
    on_registry_education(subjects.CERTIFICATE_ADDED, usecases.EDUCATION_CONSUMERS["certificate"])
    on_registry_education(subjects.CATEGORY_ASSIGNED, usecases.EDUCATION_CONSUMERS["category"])
    on_registry_education(
        subjects.ACCREDITATION_RECORDED, usecases.EDUCATION_CONSUMERS["accreditation"]
    )

    async def on_employment(event: CloudEvent[Any], consumer: str) -> None:
        await usecases.project_employment(
            uow(Cause.of_event(event)), reaction(consumer, event), experience_entry(event.data)
        )

    @rt.consumer(subjects.EMPLOYMENT_STARTED, name=usecases.EMPLOYMENT_STARTED_CONSUMER)
    async def on_employment_started(event: CloudEvent[Any]) -> None:
        await on_employment(event, usecases.EMPLOYMENT_STARTED_CONSUMER)

    @rt.consumer(subjects.EMPLOYMENT_ENDED, name=usecases.EMPLOYMENT_ENDED_CONSUMER)
    async def on_employment_ended(event: CloudEvent[Any]) -> None:
        await on_employment(event, usecases.EMPLOYMENT_ENDED_CONSUMER)

    @rt.command(
        subjects.PORTFOLIO_GET,
        roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE},
    )
    async def get_portfolio(req: wire.GetPortfolio, ctx: CommandContext) -> wire.PortfolioView:
        if ctx.actor.role is Role.WORKER:
            portfolio = await usecases.find_portfolio(uow(ctx.cause), snils=ctx.actor.snils)
            if req.worker_id not in (None, portfolio.worker_id):
                raise PortfolioNotFoundError()
            return await view(portfolio, ctx.cause)
        return await view(
            await usecases.find_portfolio(uow(ctx.cause), worker_id=req.worker_id), ctx.cause
        )

    @rt.command(subjects.PROFESSIONAL_PART_UPDATE, roles={Role.WORKER})
    async def update_professional(
        req: wire.UpdateProfessionalPart, ctx: CommandContext
    ) -> wire.PortfolioView:
        portfolio = await usecases.edit_professional_part(
            uow(ctx.cause),
            snils=ctx.actor.snils or "",
            key_skills=req.key_skills,
            notes=req.experience_notes,
        )
        return await view(portfolio, ctx.cause)

    def head(ctx: CommandContext) -> usecases.Head:
        return usecases.Head(ctx.actor.sub, ctx.actor.org, ctx.actor.name)

    @rt.command(subjects.APPROVAL_REQUEST, roles={Role.WORKER})
    async def request_approval(
        req: wire.RequestApproval, ctx: CommandContext
    ) -> wire.PortfolioView:
        portfolio = await usecases.request_approval(
            uow(ctx.cause),
            snils=ctx.actor.snils or "",
            organization_oid=req.organization_oid,
            head_name=req.head_name,
            comment=req.comment,
        )
        return await view(portfolio, ctx.cause)

    @rt.command(subjects.APPROVAL_NOT_REQUIRED, roles={Role.WORKER})
    async def not_required(req: wire.DeclareNotRequired, ctx: CommandContext) -> wire.PortfolioView:
        portfolio = await usecases.declare_not_required(
            uow(ctx.cause),
            snils=ctx.actor.snils or "",
            reason=approval.NotRequiredReason(req.reason),
        )
        return await view(portfolio, ctx.cause)

    @rt.command(subjects.APPROVAL_PENDING, roles={Role.MANAGER})
    async def pending(
        req: wire.ListPendingApprovals, ctx: CommandContext
    ) -> wire.PendingApprovalsPage:
        found = await usecases.pending_for_head(
            uow(ctx.cause), head(ctx), after=req.after, limit=req.limit
        )
        items = []
        for p in found:
            r = p.approval_request
            assert r is not None  # pending implies a request
            items.append(
                wire.PendingApproval(
                    portfolio_id=p.id,
                    worker_id=p.worker_id,
                    organization_oid=r.organization_oid,
                    head_name=r.head_name,
                    comment=r.comment,
                    requested_at=r.requested_at,
                    report_version=r.report_version,
                )
            )
        return wire.PendingApprovalsPage(
            items=items, next_cursor=found[-1].id if len(found) == req.limit else None
        )

    @rt.command(subjects.APPROVAL_REPORT, roles={Role.MANAGER})
    async def report(req: wire.GetReportToSign, ctx: CommandContext) -> wire.ReportToSign:
        portfolio = await usecases.report_for_head(
            uow(ctx.cause), head(ctx), portfolio_id=req.portfolio_id
        )
        canonical = approval.canonical_report(portfolio)
        return wire.ReportToSign(
            portfolio_id=portfolio.id,
            report_version=portfolio.professional_version,
            canonical=canonical.decode(),
            sha256=hashlib.sha256(canonical).hexdigest(),
        )

    @rt.command(subjects.APPROVAL_DECIDE, roles={Role.MANAGER})
    async def decide(req: wire.DecideApproval, ctx: CommandContext) -> wire.ApprovalOutcome:
        portfolio = await usecases.decide_approval(
            uow(ctx.cause),
            head(ctx),
            portfolio_id=req.portfolio_id,
            decision=approval.Decision(req.decision),
            reason=req.reason,
            signature_b64=req.signature,
            schemes=SCHEMES,
        )
        decided = portfolio.approval_decision
        assert decided is not None
        return wire.ApprovalOutcome(
            portfolio_id=portfolio.id,
            status=portfolio.approval_status.value,
            decided_at=decided.at,
        )

    @rt.command(subjects.SIGNING_KEY_REGISTER, roles={Role.MANAGER})
    async def register_key(
        req: wire.RegisterSigningKey, ctx: CommandContext
    ) -> wire.SigningKeyView:
        raw = SCHEMES[req.scheme].public_key(req.public_key_pem)
        key = await usecases.register_signing_key(
            uow(ctx.cause), head(ctx), scheme=req.scheme, public_key=raw
        )
        return wire.SigningKeyView(
            scheme=key.scheme,
            fingerprint=hashlib.sha256(raw).hexdigest(),
            registered_at=key.registered_at,
        )

    limits = documents.Limits(settings.documents_max_files, settings.documents_max_bytes)

    def files() -> gridfs.GridFsFileStore:
        return gridfs.GridFsFileStore(rt.mongo.db, DOCUMENTS_BUCKET)

    @rt.command(subjects.DOCUMENT_UPLOAD, roles={Role.WORKER})
    async def upload(req: UploadFilePart, ctx: CommandContext) -> UploadProgress:
        return await file_wire.upload_pdf_part(
            files(), req, owner=ctx.actor.sub, max_bytes=limits.max_bytes
        )

    @rt.command(subjects.DOCUMENT_ATTACH, roles={Role.WORKER})
    async def attach(req: wire.AttachDocument, ctx: CommandContext) -> wire.PortfolioView:
        portfolio = await usecases.attach_document(
            uow(ctx.cause),
            files(),
            snils=ctx.actor.snils or "",
            owner=ctx.actor.sub,
            file_id=req.file_id,
            purpose=documents.Purpose(req.purpose),
            limits=limits,
        )
        return await view(portfolio, ctx.cause)

    @rt.command(subjects.DOCUMENT_REMOVE, roles={Role.WORKER})
    async def remove(req: wire.RemoveDocument, ctx: CommandContext) -> wire.PortfolioView:
        portfolio = await usecases.remove_document(
            uow(ctx.cause), snils=ctx.actor.snils or "", document_id=req.document_id
        )
        return await view(portfolio, ctx.cause)

    rules = [
        education.HoursRule(
            r.legal_act,
            r.effective_from,
            r.period_years,
            r.total_hours,
            r.advanced_hours,
            r.min_program_hours,
        )
        for r in settings.continuing_education_rules
    ]

    @rt.command(subjects.EDUCATION_DECLARE, roles={Role.WORKER})
    async def declare(req: wire.DeclareEducation, ctx: CommandContext) -> wire.PortfolioView:
        item = education.EducationItem.declared(
            education.Kind(req.kind),
            req.title,
            req.speciality,
            req.document_number,
            req.issued_on,
            req.valid_until,
            req.hours,
            holder_last_name=req.holder_last_name,
        )
        portfolio = await usecases.declare_education(
            uow(ctx.cause), snils=ctx.actor.snils or "", item=item
        )
        return await view(portfolio, ctx.cause)

    @rt.command(subjects.EDUCATION_REMOVE, roles={Role.WORKER})
    async def remove_item(req: wire.RemoveEducation, ctx: CommandContext) -> wire.PortfolioView:
        portfolio = await usecases.remove_education(
            uow(ctx.cause), snils=ctx.actor.snils or "", item_id=req.item_id
        )
        return await view(portfolio, ctx.cause)

    @rt.command(subjects.READINESS_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
    async def readiness_get(req: wire.GetReadiness, ctx: CommandContext) -> wire.Readiness:
        if ctx.actor.role is Role.WORKER:
            portfolio = await usecases.find_portfolio(uow(ctx.cause), snils=ctx.actor.snils)
        else:
            portfolio = await usecases.find_portfolio(uow(ctx.cause), worker_id=req.worker_id)
        today = utcnow().date()
        rule = education.rule_in_force(rules, today)
        names = await usecases.organization_names(uow(ctx.cause), portfolio)
        found = readiness.obstacles(
            portfolio,
            today=today,
            speciality=req.speciality,
            rule=rule,
            limits=limits,
            known_organizations=set(names),
        )
        hours = education.count_hours(
            portfolio.education, today=today, speciality=req.speciality, rule=rule
        )
        return wire.Readiness(
            ready=not found,
            obstacles=[
                wire.Obstacle(code=o.code, message=o.message, fixable_by=o.fixable_by)
                for o in found
            ],
            hours=wire.HoursView(
                total=hours.total,
                advanced_in_speciality=hours.advanced_in_speciality,
                since=hours.since,
                required_total=rule.total_hours,
                required_advanced=rule.advanced_hours,
                legal_act=rule.legal_act,
            ),
        )

    @rt.command(subjects.SNAPSHOT_CREATE, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
    async def create_snapshot(req: wire.CreateSnapshot, ctx: CommandContext) -> wire.SnapshotView:
        own = ctx.actor.role is Role.WORKER
        taken = await usecases.create_snapshot(
            uow(ctx.cause),
            worker_id=None if own else req.worker_id,
            snils=ctx.actor.snils if own else None,
            build=build_snapshot,
        )
        return wire.SnapshotView(
            snapshot_id=taken.id,
            version=taken.number,
            created_at=taken.created_at,
            sha256=taken.sha256,
            document=wire.PortfolioDocument.model_validate_json(taken.json),
        )

    @rt.command(subjects.SNAPSHOT_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
    async def get_snapshot(req: wire.GetSnapshot, ctx: CommandContext) -> wire.SnapshotContent:
        own = ctx.actor.role is Role.WORKER
        found = await usecases.read_snapshot(
            uow(ctx.cause), snapshot_id=req.snapshot_id, snils=ctx.actor.snils if own else None
        )
        return wire.SnapshotContent(
            snapshot_id=found.id,
            format=req.format,
            content=found.xml if req.format == "xml" else found.json,
        )
