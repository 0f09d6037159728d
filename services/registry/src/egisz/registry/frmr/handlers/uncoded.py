"""The reference books' queue of FRMR's fields still in text (positions, dismissal reasons,
specialities): listed with the book's nearest names, mapped by name a page at a time, coded one
by one by the support desk. FRMO's queue is FRMO's (`frmo/queue_handlers.py`)."""

from __future__ import annotations

from egisz.contracts import registry as wire, subjects
from egisz.contracts.envelope import Role
from egisz.registry.dependencies import Dependencies
from egisz.registry.frmr import uncoded
from egisz.registry.frmr.domain.parts import EntryKind
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
DESK = {Role.REGISTRY_OPERATOR}


def uncoded_view(q: uncoded.Queued) -> wire.UncodedEntry:
    f = q.waiting
    return wire.UncodedEntry(
        record="worker",
        worker_id=q.worker.id,
        entry_kind=f.kind.value,
        entry_id=f.entry_id,
        organization_oid=f.organization_oid,
        field=f.field,
        book=f.book,
        text=f.text,
        on=f.on,
        candidates=[wire.BookCode(oid=c.oid, code=c.code, name=c.name) for c in q.candidates],
    )


@router.command(subjects.UNCODED_LIST, roles=DESK)
async def list_uncoded(
    req: wire.ListUncoded, ctx: CommandContext, deps: Dependencies
) -> wire.UncodedPage:
    found, cursor = await uncoded.queue(
        deps.units(ctx), deps.codes, after=req.after, limit=req.limit
    )
    return wire.UncodedPage(items=[uncoded_view(q) for q in found], next_cursor=cursor)


@router.command(subjects.UNCODED_MAP, roles=DESK)
async def map_uncoded(
    req: wire.MapUncoded, ctx: CommandContext, deps: Dependencies
) -> wire.UncodedMapped:
    done = await uncoded.map_by_name(
        lambda: deps.units(ctx), deps.codes, after=req.after, limit=req.limit
    )
    return wire.UncodedMapped(coded=done.coded, left=done.left, next_cursor=done.next_cursor)


@router.command(subjects.UNCODED_RESOLVE, roles=DESK)
async def resolve_uncoded(
    req: wire.ResolveUncoded, ctx: CommandContext, deps: Dependencies
) -> wire.UncodedResolved:
    waiting, entry = await uncoded.resolve(
        deps.units(ctx),
        deps.codes,
        worker_id=req.worker_id,
        kind=EntryKind(req.entry_kind),
        entry_id=req.entry_id,
        field=req.field,
        code=req.code,
    )
    return wire.UncodedResolved(
        record="worker",
        worker_id=req.worker_id,
        entry_kind=req.entry_kind,
        entry_id=entry.id,
        field=req.field,
        code=getattr(entry, f"{waiting.field}_code"),
        name=getattr(entry, waiting.field),
    )
