"""Portfolio entry points: contract in → use case → reply / events out."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from egisz.contracts import portfolio as wire
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.files import FilePart, UploadFilePart, UploadProgress
from egisz.contracts.registry import (
    AccessGranted,
    AccessRevoked,
    EntryCorrected,
    WorkerRegistered,
    WorkerUpdated,
)
from egisz.kernel.clock import utcnow
from egisz.kernel.signatures import SCHEMES
from egisz.kernel.snils import normalize_snils
from egisz.portfolio import usecases
from egisz.portfolio.domain import approval, documents, education, model
from egisz.portfolio.inputs import full_name, nmo_rows
from egisz.portfolio.report_pdf import render_report
from egisz.portfolio.repository import MongoPortfolioUnitOfWork
from egisz.portfolio.settings import Consumer
from egisz.portfolio.wire import (
    build_snapshot,
    experience_entry,
    outcome_view,
    pending_view,
    printed_part,
    reaction,
    registry_education,
    to_view,
    to_wire,
)
from egisz.runtime import file_wire
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.events import Cause
from egisz.runtime.file_wire import file_part
from egisz.runtime.files import FileStore, read_part
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor


@dataclass(frozen=True)
class Dependencies:
    """What `app.py` builds for the entry points; the store is a factory (Mongo is up only once
    the runtime has started)."""

    limits: documents.Limits
    hours_rules: list[education.HoursRule]
    documents: Callable[[], FileStore]


def register(rt: ServiceRuntime, deps: Dependencies) -> None:
    limits, rules, files = deps.limits, deps.hours_rules, deps.documents

    def note_organization(spec: Any, consumer: str) -> None:
        @rt.consumer(spec, name=consumer)
        async def note(event: CloudEvent[Any]) -> None:
            await usecases.note_organization(
                uow(Cause.of_event(event)),
                oid=event.data.oid,
                name=event.data.name,
                head_name=event.data.head_name,
                legal_form=event.data.legal_form,
            )

    def uow(cause: Cause) -> MongoPortfolioUnitOfWork:
        return MongoPortfolioUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, cause))

    async def view(p: model.Portfolio, cause: Cause) -> wire.PortfolioView:
        return to_view(p, await usecases.organization_names(uow(cause), p))

    def note_access(spec: Any, consumer: str, granted: bool) -> None:
        @rt.consumer(spec, name=consumer)
        async def note(event: CloudEvent[AccessGranted | AccessRevoked]) -> None:
            data = event.data
            who = (
                [e.snils for e in data.employees]
                if isinstance(data, AccessGranted)
                else [data.snils]
            )
            await usecases.note_access(
                uow(Cause.of_event(event)),
                oid=data.organization_oid,
                admitted=[normalize_snils(s) for s in who] if granted else [],
                dismissed=[] if granted else [normalize_snils(s) for s in who],
            )

    note_access(subjects.ACCESS_GRANTED, Consumer.ACCESS_GRANTED, granted=True)
    note_access(subjects.ACCESS_REVOKED, Consumer.ACCESS_REVOKED, granted=False)

    note_organization(subjects.ORGANIZATION_REGISTERED, Consumer.ORGANIZATION_REGISTERED)
    note_organization(subjects.ORGANIZATION_UPDATED, Consumer.ORGANIZATION_UPDATED)

    @rt.consumer(subjects.WORKER_REGISTERED, name=Consumer.WORKER_REGISTERED)
    async def on_worker_registered(event: CloudEvent[WorkerRegistered]) -> None:
        data = event.data
        await usecases.open_portfolio(
            uow(Cause.of_event(event)),
            worker_id=data.worker_id,
            snils=data.snils,
            last_name=data.last_name,
            full_name=full_name(data),
        )

    @rt.consumer(subjects.WORKER_UPDATED, name=Consumer.WORKER_UPDATED)
    async def on_worker_updated(event: CloudEvent[WorkerUpdated]) -> None:
        data = event.data
        await usecases.note_name(
            uow(Cause.of_event(event)),
            reaction(event),
            data.last_name,
            full_name(data),
        )

    def on_registry_education(spec: Any, consumer: str) -> None:
        @rt.consumer(spec, name=consumer)
        async def project(event: CloudEvent[Any]) -> None:
            await usecases.project_registry_education(
                uow(Cause.of_event(event)),
                reaction(event),
                registry_education(event.data),
            )

    on_registry_education(subjects.EDUCATION_ADDED, Consumer.EDUCATION_ADDED)
    on_registry_education(subjects.CERTIFICATE_ADDED, Consumer.CERTIFICATE_ADDED)
    on_registry_education(subjects.CATEGORY_ASSIGNED, Consumer.CATEGORY_ASSIGNED)
    on_registry_education(subjects.ACCREDITATION_RECORDED, Consumer.ACCREDITATION_RECORDED)

    def on_employment(spec: Any, consumer: str) -> None:
        @rt.consumer(spec, name=consumer)
        async def project(event: CloudEvent[Any]) -> None:
            await usecases.project_employment(
                uow(Cause.of_event(event)), reaction(event), experience_entry(event.data)
            )

    on_employment(subjects.EMPLOYMENT_STARTED, Consumer.EMPLOYMENT_STARTED)
    on_employment(subjects.EMPLOYMENT_ENDED, Consumer.EMPLOYMENT_ENDED)

    @rt.consumer(subjects.ENTRY_CORRECTED, name=Consumer.ENTRY_CORRECTED)
    async def on_entry_corrected(event: CloudEvent[EntryCorrected]) -> None:
        data = event.data
        unit, react = uow(Cause.of_event(event)), reaction(event)
        if data.employment is not None:
            await usecases.project_employment(unit, react, experience_entry(data))
        else:
            await usecases.project_registry_education(unit, react, registry_education(data))

    @rt.consumer(subjects.ENTRY_ANNULLED, name=Consumer.ENTRY_ANNULLED)
    async def on_entry_annulled(event: CloudEvent[Any]) -> None:
        await usecases.project_annulment(
            uow(Cause.of_event(event)),
            reaction(event),
            event.data.entry_id,
        )

    @rt.command(
        subjects.PORTFOLIO_GET,
        roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE},
    )
    async def get_portfolio(req: wire.GetPortfolio, ctx: CommandContext) -> wire.PortfolioView:
        own = ctx.actor.snils or "" if ctx.actor.role is Role.WORKER else None
        portfolio = await usecases.read_portfolio(
            uow(ctx.cause), worker_id=req.worker_id, own_snils=own
        )
        return await view(portfolio, ctx.cause)

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

    def speaker(ctx: CommandContext) -> usecases.Head | usecases.Officer:
        a = ctx.actor
        return usecases.Officer(a.sub, a.org, a.snils) if a.role is Role.ORG_OFFICER else head(ctx)

    @rt.command(subjects.APPROVAL_PENDING, roles={Role.MANAGER, Role.ORG_OFFICER})
    async def pending(
        req: wire.ListPendingApprovals, ctx: CommandContext
    ) -> wire.PendingApprovalsPage:
        found = await usecases.waiting_on(
            uow(ctx.cause), speaker(ctx), after=req.after, limit=req.limit
        )
        return wire.PendingApprovalsPage(
            items=[pending_view(p) for p in found], next_cursor=next_cursor(found, req.limit)
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
        return outcome_view(portfolio)

    @rt.command(subjects.REPORT_PRINT, roles={Role.WORKER, Role.MANAGER})
    async def print_report(req: wire.PrintReport, ctx: CommandContext) -> FilePart:
        if ctx.actor.role is Role.MANAGER:
            portfolio = await usecases.report_for_head(
                uow(ctx.cause), head(ctx), portfolio_id=req.portfolio_id or ""
            )
        else:
            portfolio = await usecases.read_portfolio(
                uow(ctx.cause), worker_id=None, own_snils=ctx.actor.snils or ""
            )
        names = await usecases.organization_names(uow(ctx.cause), portfolio)
        pdf = await asyncio.to_thread(render_report, portfolio, names=names, today=utcnow().date())
        return printed_part(portfolio, pdf, req.part)

    @rt.command(subjects.APPROVAL_PAPER_CONFIRM, roles={Role.MANAGER, Role.ORG_OFFICER})
    async def confirm_paper(
        req: wire.ConfirmPaperApproval, ctx: CommandContext
    ) -> wire.ApprovalOutcome:
        portfolio = await usecases.confirm_paper_approval(
            uow(ctx.cause),
            speaker(ctx),
            portfolio_id=req.portfolio_id,
            confirmed=req.confirmed,
            reason=req.reason,
        )
        return outcome_view(portfolio)

    @rt.command(subjects.SIGNING_KEY_REGISTER, roles={Role.MANAGER})
    async def register_key(
        req: wire.RegisterSigningKey, ctx: CommandContext
    ) -> wire.SigningKeyView:
        raw = SCHEMES[req.scheme].public_key(req.public_key_pem)
        key = await usecases.register_signing_key(
            uow(ctx.cause),
            head(ctx),
            scheme=req.scheme,
            public_key=raw,
            valid_until=req.valid_until,
        )
        return wire.SigningKeyView(
            scheme=key.scheme,
            fingerprint=hashlib.sha256(raw).hexdigest(),
            registered_at=key.registered_at,
            valid_until=key.valid_until,
        )

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
            employment_id=req.employment_id,
        )
        return await view(portfolio, ctx.cause)

    @rt.command(subjects.DOCUMENT_DOWNLOAD, roles={Role.WORKER, Role.FAC_OPERATOR, Role.MANAGER})
    async def download(req: wire.DownloadPortfolioDocument, ctx: CommandContext) -> FilePart:
        if ctx.actor.role is Role.MANAGER:
            file_id = await usecases.document_for_head(
                uow(ctx.cause),
                head(ctx),
                portfolio_id=req.portfolio_id,
                document_id=req.document_id,
            )
        else:
            file_id = await usecases.readable_document(
                uow(ctx.cause),
                document_id=req.document_id,
                snapshot_id=req.snapshot_id,
                own_snils=ctx.actor.snils or "" if ctx.actor.role is Role.WORKER else None,
            )
        info, data, last = await read_part(
            files(), file_id=file_id, part=req.part, may_read=lambda _: True
        )
        return file_part(info, req.part, data, last)

    @rt.command(subjects.DOCUMENT_REMOVE, roles={Role.WORKER})
    async def remove(req: wire.RemoveDocument, ctx: CommandContext) -> wire.PortfolioView:
        portfolio = await usecases.remove_document(
            uow(ctx.cause), snils=ctx.actor.snils or "", document_id=req.document_id
        )
        return await view(portfolio, ctx.cause)

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

    @rt.command(subjects.EDUCATION_IMPORT_NMO, roles={Role.SERVICE})
    async def import_nmo(req: wire.ImportNmo, ctx: CommandContext) -> wire.NmoImported:
        done = await usecases.import_nmo(lambda: uow(ctx.cause), nmo_rows(req))
        return wire.NmoImported(
            imported=done.imported,
            unchanged=done.unchanged,
            refused=[wire.NmoRowRefused(row=n, field=f, message=m) for n, f, m in done.refused],
        )

    @rt.command(subjects.READINESS_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
    async def readiness_get(req: wire.GetReadiness, ctx: CommandContext) -> wire.Readiness:
        own = ctx.actor.role is Role.WORKER
        assessed = await usecases.assess_readiness(
            uow(ctx.cause),
            worker_id=None if own else req.worker_id,
            snils=ctx.actor.snils if own else None,
            speciality=req.speciality,
            rules=rules,
            limits=limits,
            today=utcnow().date(),
        )
        hours, rule = assessed.hours, assessed.rule
        return wire.Readiness(
            ready=not assessed.obstacles,
            obstacles=[
                wire.Obstacle(code=o.code, message=o.message, fixable_by=o.fixable_by)
                for o in assessed.obstacles
            ],
            hours=wire.HoursView(
                total=hours.total,
                advanced_in_speciality=hours.advanced_in_speciality,
                since=hours.since,
                required_total=rule.total_hours,
                required_advanced=rule.advanced_hours,
                legal_act=rule.legal_act,
                not_counted=[
                    wire.HoursNotCounted(
                        item_id=item.id, title=item.title, hours=item.hours, reason=why
                    )
                    for item, why in hours.not_counted
                ],
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
