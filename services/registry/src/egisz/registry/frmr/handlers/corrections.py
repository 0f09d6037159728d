"""«Сообщить о неточности»: a worker reports an inaccuracy, the organization resolves it."""

from __future__ import annotations

from egisz.contracts import registry as wire, subjects
from egisz.contracts.envelope import Role
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.frmr import corrections
from egisz.registry.frmr.domain.correction import CorrectionStatus
from egisz.registry.frmr.wire import (
    correction_view,
)
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

OFFICERS = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
READERS = {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}

router = Router[Dependencies]()


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
