"""FRMO's sites and links: an officer records the organization's actual address and
institution type, its branches, its affiliations and its endpoints. Each change is the
organization's own (`frmo.change_organization`: the officer's grant, the record, its event)."""

from __future__ import annotations

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import network as net, organizations as wire
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.frmo import network
from egisz.registry.frmo.handlers import change, today
from egisz.registry.frmo.wire import organization_view
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
OFFICERS = {Role.ORG_OFFICER}


@router.command(subjects.ORGANIZATION_PROFILE_SET, roles=OFFICERS)
async def set_profile(
    req: net.SetOrganizationProfile, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    kind = await network.institution_type(deps.codes, req.institution_type_code, today())
    site = network.site_in(req.actual_address) if req.actual_address else None
    return await change(ctx, deps, lambda o: o.set_profile(site=site, institution_type=kind))


@router.command(subjects.BRANCH_ADD, roles=OFFICERS)
async def add_branch(
    req: net.AddBranch, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    site = network.site_in(req.address)
    return await change(
        ctx,
        deps,
        lambda o: o.add_branch(name=req.name, site=site, parent_oid=req.parent_oid, today=today()),
    )


@router.command(subjects.BRANCH_UPDATE, roles=OFFICERS)
async def update_branch(
    req: net.UpdateBranch, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    site = network.site_in(req.address)
    return await change(
        ctx, deps, lambda o: o.update_branch(req.branch_oid, name=req.name, site=site)
    )


@router.command(subjects.BRANCH_CLOSE, roles=OFFICERS)
async def close_branch(
    req: net.CloseBranch, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    return await change(
        ctx,
        deps,
        lambda o: o.close_branch(req.branch_oid, closed_on=req.closed_on, today=today()),
    )


@router.command(subjects.AFFILIATION_ADD, roles=OFFICERS)
async def add_affiliation(
    req: net.AddAffiliation, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    return organization_view(
        await network.add_affiliation(deps.units(ctx), caller_of(ctx.actor), req)
    )


@router.command(subjects.AFFILIATION_END, roles=OFFICERS)
async def end_affiliation(
    req: net.EndAffiliation, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    return await change(
        ctx, deps, lambda o: o.end_affiliation(req.affiliation_id, end=req.end_date)
    )


@router.command(subjects.ENDPOINT_SET, roles=OFFICERS)
async def set_endpoint(
    req: net.SetEndpoint, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    system = network.endpoint_in(req)
    return await change(ctx, deps, lambda o: o.set_information_system(system))


@router.command(subjects.ENDPOINT_REMOVE, roles=OFFICERS)
async def remove_endpoint(
    req: net.RemoveEndpoint, ctx: CommandContext, deps: Dependencies
) -> wire.OrganizationView:
    return await change(ctx, deps, lambda o: o.remove_information_system(req.endpoint_id))
