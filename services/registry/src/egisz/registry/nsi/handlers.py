"""Entry points of the reference books: anyone reads dictionaries and entries; the support desk
uploads a ФНСИ file and loads it as a version."""

from __future__ import annotations

import asyncio

from egisz.contracts import registry as wire, subjects
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.files import UploadFilePart, UploadProgress
from egisz.kernel.clock import utcnow
from egisz.registry.dependencies import Dependencies
from egisz.registry.nsi import usecases
from egisz.registry.nsi.formats import check_upload, read_file
from egisz.registry.nsi.wire import dictionary_view, entry_view, load_report
from egisz.runtime.file_wire import decoded, progress
from egisz.runtime.files import owned_file, receive_part
from egisz.runtime.messaging import CommandContext
from egisz.runtime.ports import next_cursor
from egisz.runtime.routing import Router

router = Router[Dependencies]()
ANYONE = set(Role)
DESK = {Role.REGISTRY_OPERATOR}


@router.command(subjects.DICTIONARY_LIST, roles=ANYONE, public=True)
async def list_dictionaries(
    req: wire.ListDictionaries, ctx: CommandContext, deps: Dependencies
) -> wire.DictionaryPage:
    found = await usecases.dictionaries(deps.units(ctx), req.after, req.limit)
    today = utcnow().date()
    return wire.DictionaryPage(
        items=[dictionary_view(d, today) for d in found if d.versions],
        next_cursor=next_cursor(found, req.limit),
    )


@router.command(subjects.DICTIONARY_GET, roles=ANYONE, public=True)
async def get_dictionary(
    req: wire.GetDictionary, ctx: CommandContext, deps: Dependencies
) -> wire.DictionaryView:
    return dictionary_view(await usecases.dictionary(deps.units(ctx), req.oid), utcnow().date())


@router.command(subjects.DICTIONARY_ENTRY_LIST, roles=ANYONE, public=True)
async def list_entries(
    req: wire.ListDictionaryEntries, ctx: CommandContext, deps: Dependencies
) -> wire.DictionaryEntryPage:
    version, found = await usecases.entries(
        deps.units(ctx), req.oid, number=req.version, on=req.on, after=req.after, limit=req.limit
    )
    last = found[-1].code if len(found) == req.limit else None
    return wire.DictionaryEntryPage(
        oid=req.oid, version=version.number, items=[entry_view(e) for e in found], next_cursor=last
    )


@router.command(subjects.DICTIONARY_ENTRY_GET, roles=ANYONE, public=True)
async def get_entry(
    req: wire.GetDictionaryEntry, ctx: CommandContext, deps: Dependencies
) -> wire.DictionaryEntryFound:
    version, found, in_force = await usecases.entry(
        deps.units(ctx), req.oid, req.code, number=req.version, on=req.on
    )
    return wire.DictionaryEntryFound(
        oid=req.oid, version=version.number, entry=entry_view(found), in_force=in_force
    )


@router.command(subjects.DICTIONARY_ENTRY_SEARCH, roles=ANYONE, public=True)
async def search_entries(
    req: wire.SearchDictionaryEntries, ctx: CommandContext, deps: Dependencies
) -> wire.DictionaryEntryPage:
    version, found = await usecases.search(
        deps.units(ctx), req.oid, req.text, on=req.on, limit=req.limit
    )
    return wire.DictionaryEntryPage(
        oid=req.oid, version=version.number, items=[entry_view(e) for e in found], next_cursor=None
    )


@router.command(subjects.DICTIONARY_FILE_UPLOAD, roles=DESK)
async def upload_file(
    req: UploadFilePart, ctx: CommandContext, deps: Dependencies
) -> UploadProgress:
    received, info = await receive_part(
        deps.dictionary_files(),
        owner=ctx.actor.sub,
        upload_id=req.upload_id,
        part=req.part,
        data=decoded(req),
        last=req.last,
        filename=req.filename,
        max_bytes=deps.dictionary_file_max_bytes,
        check=check_upload,
    )
    return progress(req.upload_id, received, info)


@router.command(subjects.DICTIONARY_LOAD, roles=DESK)
async def load_version(
    req: wire.LoadDictionaryVersion, ctx: CommandContext, deps: Dependencies
) -> wire.DictionaryLoadReport:
    files = deps.dictionary_files()
    info = await owned_file(files, req.file_id, ctx.actor.sub)
    content = await files.read(info.file_id, 0, info.size)
    parsed = await asyncio.to_thread(read_file, content)  # 10,000 rows: CPU, off the loop
    given = usecases.Given(
        req.oid, req.version, req.published_on, req.name, req.source, req.partial
    )
    done = await usecases.load_version(deps.units(ctx), parsed, given)
    deps.codes.forget(done.dictionary.oid)  # this process reads the new version at once
    return load_report(done)


@router.watch(subjects.DICTIONARY_VERSION_LOADED)
async def refresh_book(event: CloudEvent[wire.DictionaryVersionLoaded], deps: Dependencies) -> None:
    """Another replica loaded a version: read it at the next check, not after the TTL."""
    deps.codes.forget(event.data.oid)
