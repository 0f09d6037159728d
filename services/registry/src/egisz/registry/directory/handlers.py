"""The directory's entry points: every register event refreshes the resources of the record it
concerns (a refresh reads the record as it is now, so order and redelivery do not matter), and
anyone searches, reads and follows its history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from egisz.contracts import subjects
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.registry import directory as wire
from egisz.contracts.registry.directory import RecordChanged
from egisz.contracts.subjects.followed import REGISTRY_EVENTS
from egisz.registry.caller import caller_of
from egisz.registry.dependencies import Dependencies
from egisz.registry.directory import personal, usecases
from egisz.registry.directory.domain.query import read_search, read_since
from egisz.registry.directory.domain.records import Version
from egisz.registry.settings import Consumer
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import Router

router = Router[Dependencies]()
ANYONE = set(Role)


@router.consumer(REGISTRY_EVENTS, name=Consumer.DIRECTORY)
async def refresh_directory(event: CloudEvent[RecordChanged], deps: Dependencies) -> None:
    """Every registry event, one durable: the worker or the organization it concerns is made
    anew (an event about neither — a learner, a reference book — changes nothing here)."""
    d = event.data
    if d.worker_id:
        await usecases.refresh(deps.units(event), usecases.worker_source(d.worker_id))
    elif oid := d.oid or d.organization_oid:
        await usecases.refresh(deps.units(event), usecases.organization_source(oid))


def seen(ctx: CommandContext) -> Callable[[str], None]:
    """A practitioner shown with their personal data: SNILS, birth date, contacts, addresses."""
    return lambda snils: ctx.disclosed(snils, DataPart.RECORD, DataPart.CONTACTS)


@router.command(subjects.DIRECTORY_SEARCH, roles=ANYONE, public=True)
async def search_directory(
    req: wire.SearchDirectory, ctx: CommandContext, deps: Dependencies
) -> wire.DirectoryPage:
    caller = caller_of(ctx.actor)
    query = read_search(req.type, [(p.name, p.value) for p in req.parameters])
    if query.snils is not None:
        ids = await personal.found_by_snils(lambda: deps.units(ctx), caller, query.snils)
        query = usecases.with_ids(query, ids or ["-"])  # no one found: an id no one has
    page = await usecases.search(deps.directory(), query)
    versions = [*page.matches, *page.included]
    resources = await personal.resources(lambda: deps.units(ctx), caller, versions, seen(ctx))
    modes = ["match"] * len(page.matches) + ["include"] * len(page.included)
    return wire.DirectoryPage(
        entries=[_entry(v, r, m) for v, r, m in zip(versions, resources, modes, strict=True)],
        total=page.total,
        next_cursor=page.next_cursor,
        parameters=[wire.SearchParameter(name=n, value=v) for n, v in query.honoured],
    )


@router.command(subjects.DIRECTORY_READ, roles=ANYONE, public=True)
async def read_resource(
    req: wire.ReadDirectoryResource, ctx: CommandContext, deps: Dependencies
) -> wire.DirectoryEntry:
    found = await usecases.read(deps.directory(), req.type, req.id, req.version)
    if req.version is not None:  # a version is the directory's as it was: no one's view added
        return _entry(found, found.with_meta())
    [resource] = await personal.resources(
        lambda: deps.units(ctx), caller_of(ctx.actor), [found], seen(ctx)
    )
    return _entry(found, resource)


@router.command(subjects.DIRECTORY_HISTORY, roles=ANYONE, public=True)
async def directory_history(
    req: wire.DirectoryHistory, ctx: CommandContext, deps: Dependencies
) -> wire.DirectoryPage:
    since, count, cursor = read_since([(p.name, p.value) for p in req.parameters])
    found = await usecases.history(
        deps.directory(), req.type, req.id, since=since, count=count, cursor=cursor
    )
    return wire.DirectoryPage(
        entries=[_entry(v, v.with_meta()) for v in found.versions],
        next_cursor=found.next_cursor,
        as_of=found.as_of,
    )


def _entry(v: Version, resource: dict[str, Any] | None, mode: str = "match") -> wire.DirectoryEntry:
    return wire.DirectoryEntry(
        type=v.type,
        id=v.id,
        version=v.version,
        last_updated=v.last_updated,
        method=v.method,
        resource=resource,
        mode=mode,
    )
