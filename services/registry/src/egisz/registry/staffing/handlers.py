"""Entry points of the staffing tables: an organization's officers set posts and import a file of
them; officers with access, the support desk and services read a table as of a day."""

from __future__ import annotations

from egisz.contracts import registry as wire, subjects
from egisz.contracts.envelope import Role
from egisz.kernel.clock import utcnow
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.staffing import usecases
from egisz.registry.staffing.usecases import PostChange
from egisz.registry.staffing.wire import row_result, table_view
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
OFFICERS = {Role.ORG_OFFICER}
READERS = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.SERVICE}


@router.command(subjects.STAFFING_SET, roles=OFFICERS)
async def set_post(
    req: wire.SetStaffingPost, ctx: CommandContext, deps: Dependencies
) -> wire.StaffingTableView:
    change = PostChange(req.subdivision_oid, req.position_code, req.fte, req.effective_from)
    table = await usecases.set_post(deps.units(ctx), caller_of(ctx.actor), deps.codes, change)
    return table_view(table, max(utcnow().date(), req.effective_from))


@router.command(subjects.STAFFING_IMPORT, roles=OFFICERS)
async def import_posts(
    req: wire.ImportStaffing, ctx: CommandContext, deps: Dependencies
) -> wire.ImportStaffingResult:
    rows = [
        (r.row, PostChange(r.subdivision_oid, r.position_code, r.fte, r.effective_from))
        for r in req.rows
    ]
    outcomes, version = await usecases.import_posts(
        deps.units(ctx), caller_of(ctx.actor), deps.codes, rows
    )
    return wire.ImportStaffingResult(rows=[row_result(o) for o in outcomes], version=version)


@router.command(subjects.STAFFING_GET, roles=READERS)
async def get_table(
    req: wire.GetStaffing, ctx: CommandContext, deps: Dependencies
) -> wire.StaffingTableView:
    table = await usecases.read_table(deps.units(ctx), caller_of(ctx.actor), req.organization_oid)
    return table_view(table, req.on or utcnow().date(), history=req.history)
