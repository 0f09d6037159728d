"""FRMR's entry points: worker records, jobs, education, corrections, staff pages, public
verification, the change feed, bulk import and the accreditation-passed reaction. Composed by
`app.py` with the service's event mapping."""

from __future__ import annotations

from typing import Any

from egisz.contracts import registry as wire
from egisz.contracts import subjects
from egisz.contracts.accreditation import AccreditationPassed
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.kernel.clock import utcnow
from egisz.registry.caller import caller_of
from egisz.registry.domain import model
from egisz.registry.domain.correction import (
    CorrectionStatus,
)
from egisz.registry.frmr import corrections, importing, inputs, queries, reactions, usecases
from egisz.registry.frmr.wire import (
    correction_view,
    public_view,
    review_item,
    staff_view,
    to_view,
)
from egisz.registry.repository import MongoRegistryUnitOfWork
from egisz.registry.settings import Consumer
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.changes import read_changes
from egisz.runtime.events import Cause, EventForms
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor

OFFICERS = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
READERS = {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}


def register(rt: ServiceRuntime, to_wire: EventForms) -> None:
    def uow(ctx: CommandContext) -> MongoRegistryUnitOfWork:
        return MongoRegistryUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, ctx.cause))

    @rt.command(subjects.WORKER_REGISTER, roles={Role.ORG_OFFICER})
    async def register_worker(req: wire.RegisterWorker, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.register_worker(
            uow(ctx),
            usecases.NewWorker(
                snils=req.snils,
                personal=inputs.personal(req),
                identity_document=inputs.identity_document(req.identity_document),
                registration_address=inputs.address(req.registration_address),
                actual_address=inputs.address(req.actual_address),
                contacts=model.Contacts(email=req.email, phone=req.phone),
            ),
            caller=caller_of(ctx.actor),
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.WORKER_GET, roles=READERS)
    async def get_worker(req: wire.GetWorker, ctx: CommandContext) -> wire.WorkerView:
        caller = caller_of(ctx.actor)
        worker = await usecases.read_worker(
            uow(ctx), caller, worker_id=req.worker_id, snils=req.snils
        )
        return to_view(worker, usecases.sight_of(caller, worker))

    @rt.command(subjects.WORKER_UPDATE, roles={Role.WORKER, *OFFICERS})
    async def update_worker(req: wire.UpdateWorker, ctx: CommandContext) -> wire.WorkerView:
        p = req.personal
        sections = usecases.Sections(
            personal=inputs.personal(p) if p else None,
            identity_document=inputs.identity_document(req.identity_document),
            registration_address=inputs.address(req.registration_address),
            actual_address=inputs.address(req.actual_address),
            contacts=(
                model.Contacts(email=req.contacts.email, phone=req.contacts.phone)
                if req.contacts
                else None
            ),
        )
        worker = await usecases.update_worker(
            uow(ctx),
            caller_of(ctx.actor),
            worker_id=req.worker_id,
            sections=sections,
            correction_id=req.correction_id,
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.WORKER_RESOLVE_DUPLICATE, roles=OFFICERS)
    async def resolve_duplicate(
        req: wire.ResolveDuplicate, ctx: CommandContext
    ) -> wire.DuplicateResolution:
        caller = caller_of(ctx.actor)
        worker = await usecases.resolve_duplicate(
            uow(ctx),
            caller,
            worker_id=req.worker_id,
            decision=model.DuplicateDecision(req.decision),
            comment=req.comment,
        )
        return wire.DuplicateResolution(
            worker_id=req.worker_id,
            decision=req.decision,
            worker=to_view(worker, usecases.sight_of(caller, worker)) if worker else None,
        )

    @rt.command(subjects.WORKER_REVIEW_QUEUE, roles=OFFICERS)
    async def review_queue(
        req: wire.ListDuplicateReview, ctx: CommandContext
    ) -> wire.DuplicateReviewPage:
        found = await queries.duplicate_review_queue(
            uow(ctx), caller_of(ctx.actor), after=req.after, limit=req.limit
        )
        today = utcnow().date()
        return wire.DuplicateReviewPage(
            items=[review_item(w, today) for w in found], next_cursor=next_cursor(found, req.limit)
        )

    @rt.command(subjects.WORKER_IMPORT, roles={Role.ORG_OFFICER})
    async def import_workers(req: wire.ImportWorkers, ctx: CommandContext) -> wire.ImportResult:
        outcomes = await importing.import_workers(
            lambda: uow(ctx), caller_of(ctx.actor), [inputs.import_line(r) for r in req.rows]
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
            uow(ctx), caller_of(ctx.actor), worker_id=req.worker_id, job=inputs.job(req)
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.WORKER_HIRE, roles=OFFICERS)
    async def hire_worker(req: wire.HireWorker, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.hire_worker(
            uow(ctx),
            caller_of(ctx.actor),
            hire=usecases.Hire(req.snils, req.birth_date),
            job=inputs.job(req),
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.EMPLOYMENT_END, roles=OFFICERS)
    async def end_employment(req: wire.EndEmployment, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.end_employment(
            uow(ctx),
            caller_of(ctx.actor),
            worker_id=req.worker_id,
            employment_id=req.employment_id,
            end_date=req.end_date,
            reason=req.dismissal_reason,
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.EDUCATION_ADD, roles=OFFICERS)
    async def add_education(req: wire.AddEducation, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.add_education(
            uow(ctx),
            caller_of(ctx.actor),
            worker_id=req.worker_id,
            item=usecases.NewEducation(**inputs.education(req)),
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.CERTIFICATE_ADD, roles=OFFICERS)
    async def add_certificate(req: wire.AddCertificate, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.add_certificate(
            uow(ctx),
            caller_of(ctx.actor),
            worker_id=req.worker_id,
            item=usecases.NewCertificate(**inputs.certificate(req)),
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.CATEGORY_ASSIGN, roles=OFFICERS)
    async def assign_category(req: wire.AssignCategory, ctx: CommandContext) -> wire.WorkerView:
        worker = await usecases.assign_category(
            uow(ctx),
            caller_of(ctx.actor),
            worker_id=req.worker_id,
            **inputs.category(req),
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    async def correct(
        ctx: CommandContext,
        req: wire.Revising,
        kind: model.EntryKind,
        worker_id: str,
        entry_id: str,
        fields: dict[str, Any],
    ) -> wire.WorkerView:
        worker = await corrections.correct_entry(
            uow(ctx),
            caller_of(ctx.actor),
            worker_id=worker_id,
            kind=kind,
            entry_id=entry_id,
            fields=fields,
            revision=inputs.revision(req),
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.EDUCATION_CORRECT, roles=OFFICERS)
    async def correct_education(req: wire.CorrectEducation, ctx: CommandContext) -> wire.WorkerView:
        return await correct(
            ctx,
            req,
            model.EntryKind.EDUCATION,
            req.worker_id,
            req.education_id,
            inputs.education(req),
        )

    @rt.command(subjects.CERTIFICATE_CORRECT, roles=OFFICERS)
    async def correct_certificate(
        req: wire.CorrectCertificate, ctx: CommandContext
    ) -> wire.WorkerView:
        return await correct(
            ctx,
            req,
            model.EntryKind.CERTIFICATE,
            req.worker_id,
            req.certificate_id,
            inputs.certificate(req),
        )

    @rt.command(subjects.CATEGORY_CORRECT, roles=OFFICERS)
    async def correct_category(req: wire.CorrectCategory, ctx: CommandContext) -> wire.WorkerView:
        return await correct(
            ctx, req, model.EntryKind.CATEGORY, req.worker_id, req.category_id, inputs.category(req)
        )

    @rt.command(subjects.EMPLOYMENT_CORRECT, roles=OFFICERS)
    async def correct_employment(
        req: wire.CorrectEmployment, ctx: CommandContext
    ) -> wire.WorkerView:
        return await correct(
            ctx,
            req,
            model.EntryKind.EMPLOYMENT,
            req.worker_id,
            req.employment_id,
            inputs.employment(req),
        )

    @rt.command(subjects.ENTRY_ANNUL, roles=OFFICERS)
    async def annul_entry(req: wire.AnnulEntry, ctx: CommandContext) -> wire.WorkerView:
        worker = await corrections.annul_entry(
            uow(ctx),
            caller_of(ctx.actor),
            worker_id=req.worker_id,
            kind=model.EntryKind(req.kind),
            entry_id=req.entry_id,
            revision=inputs.revision(req),
        )
        return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))

    @rt.command(subjects.CORRECTION_REPORT, roles={Role.WORKER})
    async def report_inaccuracy(
        req: wire.ReportInaccuracy, ctx: CommandContext
    ) -> wire.CorrectionView:
        request = await corrections.report_inaccuracy(
            uow(ctx),
            caller_of(ctx.actor),
            organization_oid=req.organization_oid,
            section=req.section,
            description=req.description,
        )
        return correction_view(request)

    @rt.command(subjects.CORRECTION_RESOLVE, roles={Role.ORG_OFFICER})
    async def resolve_correction(
        req: wire.ResolveCorrection, ctx: CommandContext
    ) -> wire.CorrectionView:
        request = await corrections.resolve_correction(
            uow(ctx),
            caller_of(ctx.actor),
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
        found = await corrections.list_corrections(
            uow(ctx),
            caller_of(ctx.actor),
            status=CorrectionStatus(req.status) if req.status else None,
            after=req.after,
            limit=req.limit,
        )
        return wire.CorrectionPage(
            items=[correction_view(c) for c in found],
            next_cursor=next_cursor(found, req.limit),
        )

    @rt.command(subjects.STAFF_LIST, roles=OFFICERS)
    async def list_staff(req: wire.ListStaff, ctx: CommandContext) -> wire.StaffPage:
        page = await queries.staff_page(
            uow(ctx),
            caller_of(ctx.actor),
            organization_oid=req.organization_oid,
            after=req.after,
            limit=req.limit,
        )
        return staff_view(page, utcnow().date())

    @rt.command(subjects.PRACTITIONER_VERIFY, roles=set(Role), public=True)
    async def verify(req: wire.VerifyPractitioner, ctx: CommandContext) -> wire.VerificationResult:
        today = utcnow().date()
        found, names = await queries.verify_practitioner(
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
            since=req.since,
            limit=req.limit,
        )
        return wire.ChangesPage(
            events=page.events, next_cursor=page.next_cursor, has_more=page.has_more
        )

    @rt.consumer(subjects.ACCREDITATION_PASSED, name=Consumer.ACCREDITATION_PASSED)
    async def on_accreditation_passed(event: CloudEvent[AccreditationPassed]) -> None:
        d = event.data
        unit = MongoRegistryUnitOfWork(
            rt.unit_of_work(), lambda ev: to_wire(ev, Cause.of_event(event))
        )
        await reactions.record_accreditation(
            unit,
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
