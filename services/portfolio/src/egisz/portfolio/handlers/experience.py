"""The worker's own word on their work: lines of experience and dismissal dates."""

from __future__ import annotations

from egisz.contracts import portfolio as wire, subjects
from egisz.contracts.envelope import Role
from egisz.portfolio import usecases
from egisz.portfolio.handlers.dependencies import Dependencies, view
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()


@router.command(subjects.EXPERIENCE_LINE_ADD, roles={Role.WORKER})
async def add_line(
    req: wire.AddExperienceLine, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.add_experience_line(
        deps.units(ctx),
        snils=ctx.actor.snils or "",
        organization_name=req.organization_name,
        organization_oid=req.organization_oid,
        position=req.position,
        start_date=req.start_date,
        end_date=req.end_date,
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.EXPERIENCE_LINE_REMOVE, roles={Role.WORKER})
async def remove_line(
    req: wire.ExperienceLineRef, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.remove_experience_line(
        deps.units(ctx), snils=ctx.actor.snils or "", line_id=req.line_id
    )
    return await view(portfolio, ctx, deps)


@router.command(subjects.EXPERIENCE_DISMISSAL_MARK, roles={Role.WORKER})
async def mark_dismissal(
    req: wire.MarkDismissal, ctx: CommandContext, deps: Dependencies
) -> wire.PortfolioView:
    portfolio = await usecases.mark_dismissal(
        deps.units(ctx),
        snils=ctx.actor.snils or "",
        employment_id=req.employment_id,
        dismissed_on=req.dismissed_on,
    )
    return await view(portfolio, ctx, deps)
