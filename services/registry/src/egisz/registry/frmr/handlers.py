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
from egisz.registry.dependencies import Dependencies
from egisz.registry.domain import people
from egisz.registry.frmr import codes, corrections, importing, inputs, queries, reactions, usecases
from egisz.registry.frmr.domain import parts
from egisz.registry.frmr.domain.correction import CorrectionStatus
from egisz.registry.frmr.wire import (
    correction_view,
    public_view,
    review_item,
    staff_view,
    to_view,
)
from egisz.registry.settings import Consumer
from egisz.runtime.changes import read_changes
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

OFFICERS = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
READERS = {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}


router = Router[Dependencies]()


@router.command(subjects.WORKER_REGISTER, roles={Role.ORG_OFFICER})
async def register_worker(
    req: wire.RegisterWorker, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    worker = await usecases.register_worker(
        deps.units(ctx),
        usecases.NewWorker(
            snils=req.snils,
            personal=inputs.personal(req),
            identity_document=inputs.identity_document(req.identity_document),
            registration_address=inputs.address(req.registration_address),
            actual_address=inputs.address(req.actual_address),
            contacts=people.Contacts(email=req.email, phone=req.phone),
        ),
        caller=caller_of(ctx.actor),
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.WORKER_GET, roles=READERS)
async def get_worker(
    req: wire.GetWorker, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    caller = caller_of(ctx.actor)
    worker = await usecases.read_worker(
        deps.units(ctx), caller, worker_id=req.worker_id, snils=req.snils
    )
    return to_view(worker, usecases.sight_of(caller, worker))


@router.command(subjects.WORKER_UPDATE, roles={Role.WORKER, *OFFICERS})
async def update_worker(
    req: wire.UpdateWorker, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    p = req.personal
    sections = usecases.Sections(
        personal=inputs.personal(p) if p else None,
        identity_document=inputs.identity_document(req.identity_document),
        registration_address=inputs.address(req.registration_address),
        actual_address=inputs.address(req.actual_address),
        contacts=(
            people.Contacts(email=req.contacts.email, phone=req.contacts.phone)
            if req.contacts
            else None
        ),
    )
    worker = await usecases.update_worker(
        deps.units(ctx),
        caller_of(ctx.actor),
        worker_id=req.worker_id,
        sections=sections,
        correction_id=req.correction_id,
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.WORKER_RESOLVE_DUPLICATE, roles=OFFICERS)
async def resolve_duplicate(
    req: wire.ResolveDuplicate, ctx: CommandContext, deps: Dependencies
) -> wire.DuplicateResolution:
    caller = caller_of(ctx.actor)
    worker = await usecases.resolve_duplicate(
        deps.units(ctx),
        caller,
        worker_id=req.worker_id,
        decision=parts.DuplicateDecision(req.decision),
        comment=req.comment,
    )
    return wire.DuplicateResolution(
        worker_id=req.worker_id,
        decision=req.decision,
        worker=to_view(worker, usecases.sight_of(caller, worker)) if worker else None,
    )


@router.command(subjects.WORKER_REVIEW_QUEUE, roles=OFFICERS)
async def review_queue(
    req: wire.ListDuplicateReview, ctx: CommandContext, deps: Dependencies
) -> wire.DuplicateReviewPage:
    found = await queries.duplicate_review_queue(
        deps.units(ctx), caller_of(ctx.actor), after=req.after, limit=req.limit
    )
    today = utcnow().date()
    return wire.DuplicateReviewPage(
        items=[review_item(w, today) for w in found], next_cursor=next_cursor(found, req.limit)
    )


@router.command(subjects.WORKER_IMPORT, roles={Role.ORG_OFFICER})
async def import_workers(
    req: wire.ImportWorkers, ctx: CommandContext, deps: Dependencies
) -> wire.ImportResult:
    outcomes = await importing.import_workers(
        lambda: deps.units(ctx), caller_of(ctx.actor), [inputs.import_line(r) for r in req.rows]
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


async def coded_new_job(deps: Dependencies, req: wire.NewJob) -> usecases.NewEmployment:
    """The job's terms with its position (and reason) read through the reference books."""
    terms = await codes.coded_job(
        deps.codes,
        inputs.employment(req),
        position_code=req.position_code,
        dismissal_reason_code=req.dismissal_reason_code,
    )
    return usecases.NewEmployment(organization_oid=req.organization_oid, **terms)


@router.command(subjects.EMPLOYMENT_START, roles=OFFICERS)
async def start_employment(
    req: wire.StartEmployment, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    job = await coded_new_job(deps, req)
    worker = await usecases.start_employment(
        deps.units(ctx), caller_of(ctx.actor), worker_id=req.worker_id, job=job
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.WORKER_HIRE, roles=OFFICERS)
async def hire_worker(
    req: wire.HireWorker, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    worker = await usecases.hire_worker(
        deps.units(ctx),
        caller_of(ctx.actor),
        hire=usecases.Hire(req.snils, req.birth_date),
        job=await coded_new_job(deps, req),
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.EMPLOYMENT_END, roles=OFFICERS)
async def end_employment(
    req: wire.EndEmployment, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    reason, code = req.dismissal_reason or "", None
    if req.dismissal_reason_code:
        code, reason = await codes.dismissal_reason(
            deps.codes, req.dismissal_reason_code, on=req.end_date
        )
    worker = await usecases.end_employment(
        deps.units(ctx),
        caller_of(ctx.actor),
        worker_id=req.worker_id,
        employment_id=req.employment_id,
        end_date=req.end_date,
        reason=reason,
        reason_code=code,
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.EDUCATION_ADD, roles=OFFICERS)
async def add_education(
    req: wire.AddEducation, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    worker = await usecases.add_education(
        deps.units(ctx),
        caller_of(ctx.actor),
        worker_id=req.worker_id,
        item=usecases.NewEducation(**inputs.education(req)),
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.CERTIFICATE_ADD, roles=OFFICERS)
async def add_certificate(
    req: wire.AddCertificate, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    worker = await usecases.add_certificate(
        deps.units(ctx),
        caller_of(ctx.actor),
        worker_id=req.worker_id,
        item=usecases.NewCertificate(**inputs.certificate(req)),
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.CATEGORY_ASSIGN, roles=OFFICERS)
async def assign_category(
    req: wire.AssignCategory, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    worker = await usecases.assign_category(
        deps.units(ctx),
        caller_of(ctx.actor),
        worker_id=req.worker_id,
        **inputs.category(req),
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


async def correct(
    ctx: CommandContext,
    deps: Dependencies,
    req: wire.Revising,
    kind: parts.EntryKind,
    worker_id: str,
    entry_id: str,
    fields: dict[str, Any],
) -> wire.WorkerView:
    worker = await corrections.correct_entry(
        deps.units(ctx),
        caller_of(ctx.actor),
        worker_id=worker_id,
        kind=kind,
        entry_id=entry_id,
        fields=fields,
        revision=inputs.revision(req),
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.EDUCATION_CORRECT, roles=OFFICERS)
async def correct_education(
    req: wire.CorrectEducation, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    return await correct(
        ctx,
        deps,
        req,
        parts.EntryKind.EDUCATION,
        req.worker_id,
        req.education_id,
        inputs.education(req),
    )


@router.command(subjects.CERTIFICATE_CORRECT, roles=OFFICERS)
async def correct_certificate(
    req: wire.CorrectCertificate, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    return await correct(
        ctx,
        deps,
        req,
        parts.EntryKind.CERTIFICATE,
        req.worker_id,
        req.certificate_id,
        inputs.certificate(req),
    )


@router.command(subjects.CATEGORY_CORRECT, roles=OFFICERS)
async def correct_category(
    req: wire.CorrectCategory, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    return await correct(
        ctx,
        deps,
        req,
        parts.EntryKind.CATEGORY,
        req.worker_id,
        req.category_id,
        inputs.category(req),
    )


@router.command(subjects.EMPLOYMENT_CORRECT, roles=OFFICERS)
async def correct_employment(
    req: wire.CorrectEmployment, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    return await correct(
        ctx,
        deps,
        req,
        parts.EntryKind.EMPLOYMENT,
        req.worker_id,
        req.employment_id,
        await codes.coded_job(
            deps.codes,
            inputs.employment(req),
            position_code=req.position_code,
            dismissal_reason_code=req.dismissal_reason_code,
        ),
    )


@router.command(subjects.ENTRY_ANNUL, roles=OFFICERS)
async def annul_entry(
    req: wire.AnnulEntry, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    worker = await corrections.annul_entry(
        deps.units(ctx),
        caller_of(ctx.actor),
        worker_id=req.worker_id,
        kind=parts.EntryKind(req.kind),
        entry_id=req.entry_id,
        revision=inputs.revision(req),
    )
    return to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker))


@router.command(subjects.CORRECTION_REPORT, roles={Role.WORKER})
async def report_inaccuracy(
    req: wire.ReportInaccuracy, ctx: CommandContext, deps: Dependencies
) -> wire.CorrectionView:
    request = await corrections.report_inaccuracy(
        deps.units(ctx),
        caller_of(ctx.actor),
        organization_oid=req.organization_oid,
        section=req.section,
        description=req.description,
    )
    return correction_view(request)


@router.command(subjects.CORRECTION_RESOLVE, roles={Role.ORG_OFFICER})
async def resolve_correction(
    req: wire.ResolveCorrection, ctx: CommandContext, deps: Dependencies
) -> wire.CorrectionView:
    request = await corrections.resolve_correction(
        deps.units(ctx),
        caller_of(ctx.actor),
        correction_id=req.correction_id,
        status=CorrectionStatus(req.status),
        comment=req.comment,
    )
    return correction_view(request)


@router.command(
    subjects.CORRECTION_LIST, roles={Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
)
async def list_corrections(
    req: wire.ListCorrections, ctx: CommandContext, deps: Dependencies
) -> wire.CorrectionPage:
    found = await corrections.list_corrections(
        deps.units(ctx),
        caller_of(ctx.actor),
        status=CorrectionStatus(req.status) if req.status else None,
        after=req.after,
        limit=req.limit,
    )
    return wire.CorrectionPage(
        items=[correction_view(c) for c in found],
        next_cursor=next_cursor(found, req.limit),
    )


@router.command(subjects.STAFF_LIST, roles=OFFICERS)
async def list_staff(
    req: wire.ListStaff, ctx: CommandContext, deps: Dependencies
) -> wire.StaffPage:
    page = await queries.staff_page(
        deps.units(ctx),
        caller_of(ctx.actor),
        organization_oid=req.organization_oid,
        after=req.after,
        limit=req.limit,
    )
    return staff_view(page, utcnow().date())


@router.command(subjects.PRACTITIONER_VERIFY, roles=set(Role), public=True)
async def verify(
    req: wire.VerifyPractitioner, ctx: CommandContext, deps: Dependencies
) -> wire.VerificationResult:
    today = utcnow().date()
    found, names = await queries.verify_practitioner(
        deps.units(ctx),
        worker_id=req.worker_id,
        last_name=req.last_name,
        first_name=req.first_name,
        middle_name=req.middle_name,
        today=today,
    )
    return wire.VerificationResult(practitioners=[public_view(w, today, names) for w in found])


@router.command(subjects.CHANGES_LIST, roles={Role.SERVICE, Role.REGISTRY_OPERATOR})
async def list_changes(
    req: wire.ListChanges, ctx: CommandContext, deps: Dependencies
) -> wire.ChangesPage:
    page = await read_changes(
        deps.nats(),
        stream=subjects.stream_name("registry"),
        subjects=subjects.events_wildcard("registry"),
        after=req.after,
        since=req.since,
        limit=req.limit,
    )
    return wire.ChangesPage(
        events=page.events, next_cursor=page.next_cursor, has_more=page.has_more
    )


@router.consumer(subjects.ACCREDITATION_PASSED, name=Consumer.ACCREDITATION_PASSED)
async def on_accreditation_passed(
    event: CloudEvent[AccreditationPassed], deps: Dependencies
) -> None:
    d = event.data
    await reactions.record_accreditation(
        deps.units(event),
        worker_id=d.worker_id,
        record=parts.AccreditationRecord(
            id=d.application_id,
            kind=d.kind,
            speciality=d.speciality,
            passed_on=d.passed_on,
            valid_until=d.valid_until,
            protocol_number=d.protocol_number,
        ),
    )
