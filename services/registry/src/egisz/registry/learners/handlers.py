"""Entry points of the register of students and graduates: an educational organization's import,
reading a record, and the support desk's queue of held rows."""

from __future__ import annotations

from egisz.contracts import registry as wire, subjects
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.journaling import people_seen
from egisz.registry.learners import usecases
from egisz.registry.learners.wire import hold_view, learner_line, learner_view, row_result
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

# Educational organizations' systems sign in as services (their OGRN in `org`); the support
# desk loads a file an organization sent it.
IMPORTERS = {Role.SERVICE, Role.REGISTRY_OPERATOR}
READERS = {Role.WORKER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}


router = Router[Dependencies]()


@router.command(subjects.LEARNER_IMPORT, roles=IMPORTERS)
async def import_learners(
    req: wire.ImportLearners, ctx: CommandContext, deps: Dependencies
) -> wire.ImportLearnersResult:
    caller = caller_of(ctx.actor)
    usecases.check_organization(caller, req.organization.ogrn, req.organization.name)
    outcomes = await usecases.import_learners(
        lambda: deps.units(ctx),
        caller,
        [learner_line(r, req.organization) for r in req.rows],
        codes=deps.codes,
    )
    return wire.ImportLearnersResult(rows=[row_result(o) for o in outcomes])


@router.command(subjects.LEARNER_GET, roles=READERS)
async def get_learner(
    req: wire.GetLearner, ctx: CommandContext, deps: Dependencies
) -> wire.LearnerView:
    learner = await usecases.read_learner(deps.units(ctx), caller_of(ctx.actor), snils=req.snils)
    view = learner_view(learner)
    parts = [DataPart.RECORD, *([DataPart.CONTACTS] if view.email or view.phone else [])]
    ctx.disclosed(view.snils, *parts)
    return view


@router.command(subjects.LEARNER_REVIEW_QUEUE, roles={Role.REGISTRY_OPERATOR})
async def review_queue(
    req: wire.ListLearnerHolds, ctx: CommandContext, deps: Dependencies
) -> wire.LearnerHoldsPage:
    held = await usecases.held_rows(deps.units(ctx), after=req.after, limit=req.limit)
    page = wire.LearnerHoldsPage(
        items=[hold_view(h) for h in held], next_cursor=next_cursor(held, req.limit)
    )
    people_seen(ctx, (i.row.snils for i in page.items))
    for held_row in (i.row for i in page.items if i.row.email or i.row.phone):
        ctx.disclosed(held_row.snils, DataPart.CONTACTS)
    return page
