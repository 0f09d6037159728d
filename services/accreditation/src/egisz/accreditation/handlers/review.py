"""The center's review: the queue, documents checked, rejected or decided by the commission."""

from __future__ import annotations

from egisz.accreditation import usecases
from egisz.accreditation.domain.standing import StandingAction
from egisz.accreditation.handlers.dependencies import Dependencies, application_seen
from egisz.contracts import accreditation as wire, subjects
from egisz.contracts.envelope import Role
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

router = Router[Dependencies]()


@router.command(subjects.APPLICATION_QUEUE, roles={Role.FAC_OPERATOR})
async def queue(
    req: wire.ReviewQueue, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationsPage:
    found = await usecases.review_queue(
        deps.units(ctx), status=req.status, after=req.after, limit=req.limit
    )
    return wire.ApplicationsPage(
        items=[application_seen(ctx, a) for a in found],
        next_cursor=next_cursor(found, req.limit),
    )


@router.command(subjects.APPLICATION_REJECT, roles={Role.FAC_OPERATOR})
async def reject(
    req: wire.RejectApplication, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.reject_application(
        deps.units(ctx),
        application_id=req.application_id,
        actor=str(ctx.actor),
        reasons=req.reasons,
        paper_approval_invalid=req.paper_approval_invalid,
    )
    return application_seen(ctx, application)


@router.command(subjects.APPLICATION_DOCUMENTS_CHECK, roles={Role.FAC_OPERATOR})
async def check_documents(
    req: wire.CheckDocuments, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.check_documents(
        deps.units(ctx),
        application_id=req.application_id,
        actor=str(ctx.actor),
        checked_on=req.checked_on,
        terms=deps.terms,
    )
    return application_seen(ctx, application)


@router.command(subjects.APPLICATION_DECIDE, roles={Role.FAC_OPERATOR})
async def decide(
    req: wire.DecideApplication, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.decide_application(
        deps.units(ctx),
        application_id=req.application_id,
        actor=str(ctx.actor),
        passed=req.passed,
        protocol_number=req.protocol_number,
        decided_on=req.decided_on,
    )
    return application_seen(ctx, application)


@router.command(subjects.ACCREDITATION_STANDING_CHANGE, roles={Role.FAC_OPERATOR})
async def change_standing(
    req: wire.ChangeStanding, ctx: CommandContext, deps: Dependencies
) -> wire.ApplicationView:
    application = await usecases.change_standing(
        deps.units(ctx),
        application_id=req.application_id,
        action=StandingAction(req.action),
        reason=req.reason,
        effective_from=req.effective_from,
        until=req.until,
        actor=str(ctx.actor),
    )
    return application_seen(ctx, application)
