"""FRMR's records: registered, read, updated, a likely duplicate resolved, the review queue, bulk
import."""

from __future__ import annotations

from egisz.contracts import registry as wire, subjects
from egisz.contracts.envelope import Role
from egisz.kernel.clock import utcnow
from egisz.registry.caller import RECORD_READERS, caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.domain import people
from egisz.registry.frmr import codes, importing, inputs, queries, usecases
from egisz.registry.frmr.domain import parts
from egisz.registry.frmr.wire import (
    review_item,
    to_view,
)
from egisz.registry.journaling import people_seen, worker_seen
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

OFFICERS = {Role.ORG_OFFICER, Role.REGISTRY_OPERATOR}
READERS = RECORD_READERS

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
            identity_document=await codes.coded_document(
                deps.codes, inputs.identity_document(req.identity_document)
            ),
            registration_address=inputs.address(req.registration_address),
            actual_address=inputs.address(req.actual_address),
            contacts=people.Contacts(email=req.email, phone=req.phone),
        ),
        caller=caller_of(ctx.actor),
    )
    return worker_seen(ctx, to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker)))


@router.command(subjects.WORKER_GET, roles=READERS)
async def get_worker(
    req: wire.GetWorker, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    caller = caller_of(ctx.actor)
    worker = await usecases.read_worker(
        deps.units(ctx), caller, worker_id=req.worker_id, snils=req.snils
    )
    return worker_seen(ctx, to_view(worker, usecases.sight_of(caller, worker)))


@router.command(subjects.WORKER_UPDATE, roles={Role.WORKER, *OFFICERS})
async def update_worker(
    req: wire.UpdateWorker, ctx: CommandContext, deps: Dependencies
) -> wire.WorkerView:
    p = req.personal
    sections = usecases.Sections(
        personal=inputs.personal(p) if p else None,
        identity_document=await codes.coded_document(
            deps.codes, inputs.identity_document(req.identity_document)
        ),
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
    return worker_seen(ctx, to_view(worker, usecases.sight_of(caller_of(ctx.actor), worker)))


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
        worker=worker_seen(ctx, to_view(worker, usecases.sight_of(caller, worker)))
        if worker
        else None,
    )


@router.command(subjects.WORKER_REVIEW_QUEUE, roles=OFFICERS)
async def review_queue(
    req: wire.ListDuplicateReview, ctx: CommandContext, deps: Dependencies
) -> wire.DuplicateReviewPage:
    found = await queries.duplicate_review_queue(
        deps.units(ctx), caller_of(ctx.actor), after=req.after, limit=req.limit
    )
    today = utcnow().date()
    page = wire.DuplicateReviewPage(
        items=[review_item(w, today) for w in found], next_cursor=next_cursor(found, req.limit)
    )
    people_seen(ctx, (i.snils for i in page.items))
    return page


@router.command(subjects.WORKER_IMPORT, roles={Role.ORG_OFFICER})
async def import_workers(
    req: wire.ImportWorkers, ctx: CommandContext, deps: Dependencies
) -> wire.ImportResult:
    outcomes = await importing.import_workers(
        lambda: deps.units(ctx),
        caller_of(ctx.actor),
        [inputs.import_line(r) for r in req.rows],
        codes=deps.codes,
    )
    people_seen(ctx, (r.snils for r in req.rows))
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
