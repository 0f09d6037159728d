"""The reference books' queue of FRMO's fields still in text (subdivision kinds, bed profiles,
equipment kinds): listed with the book's nearest names, mapped by name a page of organizations at
a time, coded one by one by the support desk."""

from __future__ import annotations

from egisz.contracts import registry as wire, subjects
from egisz.contracts.envelope import Role
from egisz.registry.dependencies import Dependencies
from egisz.registry.frmo import uncoded
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
DESK = {Role.REGISTRY_OPERATOR}


def uncoded_view(q: uncoded.Queued) -> wire.UncodedEntry:
    i = q.waiting
    return wire.UncodedEntry(
        record="organization",
        entry_kind=i.kind,
        entry_id=i.entry_id,
        organization_oid=q.organization.oid,
        field=i.field,
        book=i.book,
        text=i.text,
        on=i.on,
        candidates=[wire.BookCode(oid=c.oid, code=c.code, name=c.name) for c in q.candidates],
    )


@router.command(subjects.UNCODED_STRUCTURE_LIST, roles=DESK)
async def list_uncoded(
    req: wire.ListUncoded, ctx: CommandContext, deps: Dependencies
) -> wire.UncodedPage:
    found, cursor = await uncoded.queue(
        deps.units(ctx), deps.codes, after=req.after, limit=req.limit
    )
    return wire.UncodedPage(items=[uncoded_view(q) for q in found], next_cursor=cursor)


@router.command(subjects.UNCODED_STRUCTURE_MAP, roles=DESK)
async def map_uncoded(
    req: wire.MapUncoded, ctx: CommandContext, deps: Dependencies
) -> wire.UncodedMapped:
    done = await uncoded.map_by_name(
        lambda: deps.units(ctx), deps.codes, after=req.after, limit=req.limit
    )
    return wire.UncodedMapped(coded=done.coded, left=done.left, next_cursor=done.next_cursor)


@router.command(subjects.UNCODED_STRUCTURE_RESOLVE, roles=DESK)
async def resolve_uncoded(
    req: wire.ResolveUncodedStructure, ctx: CommandContext, deps: Dependencies
) -> wire.UncodedResolved:
    waiting, found = await uncoded.resolve(
        deps.units(ctx),
        deps.codes,
        organization_oid=req.organization_oid,
        kind=req.entry_kind,
        entry_id=req.entry_id,
        code=req.code,
    )
    return wire.UncodedResolved(
        record="organization",
        organization_oid=req.organization_oid,
        entry_kind=req.entry_kind,
        entry_id=req.entry_id,
        field=waiting.field,
        code=found.code,
        name=found.name,
    )
