"""The entries of a record: jobs (by their coded position), education, certificates, categories,
each corrected or annulled with a reason."""

from __future__ import annotations

from typing import Any

from egisz.contracts import registry as wire, subjects
from egisz.contracts.envelope import Role
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.frmr import codes, corrections, inputs, usecases
from egisz.registry.frmr.domain import parts
from egisz.registry.frmr.wire import (
    to_view,
)
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

OFFICERS = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
READERS = {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}

router = Router[Dependencies]()


async def coded_new_job(deps: Dependencies, req: wire.NewJob) -> usecases.NewEmployment:
    """The job's terms with its position (and reason) read through the reference books."""
    terms = await codes.coded_job(
        deps.codes,
        inputs.employment(req),
        position_code=req.position_code,
        dismissal_reason_code=req.dismissal_reason_code,
    )
    return usecases.NewEmployment(organization_oid=req.organization_oid, **terms)


async def education(deps: Dependencies, req: wire.AddEducation) -> dict[str, Any]:
    """The entry's fields, its speciality read through the book on the document's date."""
    return await codes.coded_speciality(
        deps.codes, inputs.education(req), req.speciality_code, on=req.document_date
    )


async def certificate(deps: Dependencies, req: wire.AddCertificate) -> dict[str, Any]:
    fields = await codes.coded_speciality(
        deps.codes, inputs.certificate(req), req.speciality_code, on=req.issued_on
    )
    return await codes.coded_certificate_kind(deps.codes, fields, req.kind_code)


async def category(deps: Dependencies, req: wire.AssignCategory) -> dict[str, Any]:
    return await codes.coded_speciality(
        deps.codes, inputs.category(req), req.speciality_code, on=req.assigned_on
    )


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
        item=usecases.NewEducation(**await education(deps, req)),
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
        item=usecases.NewCertificate(**await certificate(deps, req)),
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
        **await category(deps, req),
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
        await education(deps, req),
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
        await certificate(deps, req),
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
        await category(deps, req),
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
