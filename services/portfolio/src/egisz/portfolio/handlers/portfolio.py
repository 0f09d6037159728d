"""The worker's portfolio: reading it, the professional part, documents, declared education,
readiness for accreditation and snapshots."""

from __future__ import annotations

from egisz.contracts import portfolio as wire, subjects
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.contracts.files import FilePart, UploadFilePart, UploadProgress
from egisz.kernel.clock import utcnow
from egisz.portfolio import usecases
from egisz.portfolio.domain import documents, education
from egisz.portfolio.handlers.dependencies import Dependencies, head, view
from egisz.portfolio.inputs import nmo_rows
from egisz.portfolio.wire import (
    build_snapshot,
)
from egisz.runtime import file_wire
from egisz.runtime.file_wire import file_part
from egisz.runtime.files import read_part
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()


@router.command(
    subjects.PORTFOLIO_GET,
    roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE},
)
async def get_portfolio(
    req: wire.GetPortfolio, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    own = ctx.actor.snils or "" if ctx.actor.role is Role.WORKER else None
    portfolio = await usecases.read_portfolio(
        deps.units(ctx), worker_id=req.worker_id, own_snils=own
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.PROFESSIONAL_PART_UPDATE, roles={Role.WORKER})
async def update_professional(
    req: wire.UpdateProfessionalPart, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.edit_professional_part(
        deps.units(ctx),
        snils=ctx.actor.snils or "",
        key_skills=req.key_skills,
        notes=req.experience_notes,
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.DOCUMENT_UPLOAD, roles={Role.WORKER})
async def upload(req: UploadFilePart, ctx: CommandContext, deps: Dependencies) -> UploadProgress:
    return await file_wire.upload_pdf_part(
        deps.documents(), req, owner=ctx.actor.sub, max_bytes=deps.limits.max_bytes
    )


@router.command(subjects.DOCUMENT_ATTACH, roles={Role.WORKER})
async def attach(
    req: wire.AttachDocument, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.attach_document(
        deps.units(ctx),
        deps.documents(),
        snils=ctx.actor.snils or "",
        owner=ctx.actor.sub,
        file_id=req.file_id,
        purpose=documents.Purpose(req.purpose),
        limits=deps.limits,
        employment_id=req.employment_id,
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.DOCUMENT_DOWNLOAD, roles={Role.WORKER, Role.FAC_OPERATOR, Role.MANAGER})
async def download(
    req: wire.DownloadPortfolioDocument, ctx: CommandContext, deps: Dependencies
) -> FilePart:
    if ctx.actor.role is Role.MANAGER:
        file_id, owner = await usecases.document_for_head(
            deps.units(ctx),
            head(ctx),
            portfolio_id=req.portfolio_id,
            document_id=req.document_id,
        )
    else:
        file_id, owner = await usecases.readable_document(
            deps.units(ctx),
            document_id=req.document_id,
            snapshot_id=req.snapshot_id,
            own_snils=ctx.actor.snils or "" if ctx.actor.role is Role.WORKER else None,
        )
    info, data, last = await read_part(
        deps.documents(), file_id=file_id, part=req.part, may_read=lambda _: True
    )
    ctx.disclosed(owner, DataPart.DOCUMENTS)
    return file_part(info, req.part, data, last)


@router.command(subjects.DOCUMENT_REMOVE, roles={Role.WORKER})
async def remove(
    req: wire.RemoveDocument, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.remove_document(
        deps.units(ctx), snils=ctx.actor.snils or "", document_id=req.document_id
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.EDUCATION_DECLARE, roles={Role.WORKER})
async def declare(
    req: wire.DeclareEducation, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
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
        deps.units(ctx), snils=ctx.actor.snils or "", item=item
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.EDUCATION_REMOVE, roles={Role.WORKER})
async def remove_item(
    req: wire.RemoveEducation, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.remove_education(
        deps.units(ctx), snils=ctx.actor.snils or "", item_id=req.item_id
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.EDUCATION_IMPORT_NMO, roles={Role.SERVICE})
async def import_nmo(
    req: wire.ImportNmo, ctx: CommandContext, deps: Dependencies
) -> wire.NmoImported:
    done = await usecases.import_nmo(lambda: deps.units(ctx), nmo_rows(req))
    return wire.NmoImported(
        imported=done.imported,
        unchanged=done.unchanged,
        refused=[wire.NmoRowRefused(row=n, field=f, message=m) for n, f, m in done.refused],
    )


@router.command(subjects.READINESS_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
async def readiness_get(
    req: wire.GetReadiness, ctx: CommandContext, deps: Dependencies
) -> wire.Readiness:
    own = ctx.actor.role is Role.WORKER
    assessed = await usecases.assess_readiness(
        deps.units(ctx),
        worker_id=None if own else req.worker_id,
        snils=ctx.actor.snils if own else None,
        speciality=education.Speciality(req.speciality, req.speciality_code),
        rules=deps.hours_rules,
        limits=deps.limits,
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


@router.command(subjects.SNAPSHOT_CREATE, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
async def create_snapshot(
    req: wire.CreateSnapshot, ctx: CommandContext, deps: Dependencies
) -> wire.SnapshotView:
    own = ctx.actor.role is Role.WORKER
    taken = await usecases.create_snapshot(
        deps.units(ctx),
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


@router.command(subjects.SNAPSHOT_GET, roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE})
async def get_snapshot(
    req: wire.GetSnapshot, ctx: CommandContext, deps: Dependencies
) -> wire.SnapshotContent:
    own = ctx.actor.role is Role.WORKER
    found = await usecases.read_snapshot(
        deps.units(ctx), snapshot_id=req.snapshot_id, snils=ctx.actor.snils if own else None
    )
    ctx.disclosed(found.snils, DataPart.PORTFOLIO)
    return wire.SnapshotContent(
        snapshot_id=found.id,
        format=req.format,
        content=found.xml if req.format == "xml" else found.json,
    )
