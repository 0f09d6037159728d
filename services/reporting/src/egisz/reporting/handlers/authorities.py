"""The register of authorities (the support desk) and the rebuild of the facts."""

from __future__ import annotations

from egisz.contracts import reporting as wire, subjects
from egisz.contracts.envelope import Role
from egisz.reporting import usecases, wire as out
from egisz.reporting.handlers.dependencies import Dependencies
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
DESK = {Role.REGISTRY_OPERATOR}


@router.command(subjects.AUTHORITY_REGISTER, roles=DESK)
async def authority_register(
    req: wire.RegisterAuthority, ctx: CommandContext, deps: Dependencies
) -> wire.AuthorityView:
    found = await usecases.register_authority(
        deps.units(ctx),
        id=req.authority_id,
        name=req.name,
        level=req.level.value,
        region=req.region,
    )
    return out.authority_view(found)


@router.command(subjects.AUTHORITY_ADD_MEMBER, roles=DESK)
async def authority_add_member(
    req: wire.AuthorityMember, ctx: CommandContext, deps: Dependencies
) -> wire.AuthorityView:
    found = await usecases.add_member(deps.units(ctx), id=req.authority_id, snils=req.snils)
    return out.authority_view(found)


@router.command(subjects.AUTHORITY_REMOVE_MEMBER, roles=DESK)
async def authority_remove_member(
    req: wire.AuthorityMember, ctx: CommandContext, deps: Dependencies
) -> wire.AuthorityView:
    found = await usecases.remove_member(deps.units(ctx), id=req.authority_id, snils=req.snils)
    return out.authority_view(found)


@router.command(subjects.AUTHORITY_LIST, roles=DESK)
async def authority_list(
    req: wire.ListAuthorities, ctx: CommandContext, deps: Dependencies
) -> wire.AuthorityList:
    found = await usecases.list_authorities(deps.units(ctx))
    return wire.AuthorityList(authorities=[out.authority_view(a) for a in found])


@router.command(subjects.REBUILD_START, roles=DESK)
async def rebuild_start(
    req: wire.StartRebuild, ctx: CommandContext, deps: Dependencies
) -> wire.RebuildProgress:
    return out.progress(await deps.rebuild.start())


@router.command(subjects.REBUILD_GET, roles=DESK)
async def rebuild_get(
    req: wire.GetRebuild, ctx: CommandContext, deps: Dependencies
) -> wire.RebuildProgress:
    return out.progress(deps.rebuild.progress)
