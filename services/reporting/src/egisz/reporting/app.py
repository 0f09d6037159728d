"""Composition root of the reporting service: its facts (DuckDB), its register (Mongo), the
registers' stream it rebuilds from, and its entry points."""

from __future__ import annotations

from datetime import timedelta

from egisz.kernel.clock import utcnow
from egisz.reporting import handlers
from egisz.reporting.facts_store import Facts
from egisz.reporting.open_data import OpenDataFiles
from egisz.reporting.repository import INDEXES, MongoReportingUnitOfWork
from egisz.reporting.settings import ReportingSettings
from egisz.reporting.usecases import open_data
from egisz.reporting.usecases.authorities import announce_authorities
from egisz.reporting.usecases.rebuild import Page, Rebuild, Stream
from egisz.reporting.wire import to_wire
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.changes import read_changes
from egisz.runtime.gridfs import GridFsFileStore

EXPORTS_BUCKET = "exports"  # reports made into files, for their makers to download


def registers_stream(rt: ServiceRuntime) -> Stream:
    """The registry's stream, read by batched direct get (no consumer is created)."""
    stream = rt.messaging.replays("registry")

    async def bounds() -> tuple[int, int]:
        info = await rt.broker.connection.jetstream().stream_info(stream)
        return info.state.first_seq or 1, info.state.last_seq

    async def page(after: int, limit: int) -> Page:
        found = await read_changes(
            rt.broker.connection,
            stream=stream,
            subjects="egisz.registry.evt.>",
            after=after,
            limit=limit,
        )
        return Page(found.events, found.next_cursor, found.has_more)

    return Stream(bounds, page)


def build(settings: ReportingSettings | None = None) -> ServiceRuntime:
    settings = settings or ReportingSettings()
    rt = ServiceRuntime(settings, indexes=INDEXES)
    facts = Facts(
        settings.facts_path,
        memory_limit=settings.facts_memory_limit,
        threads=settings.facts_threads,
    )
    deps = handlers.Dependencies(
        units=rt.units(MongoReportingUnitOfWork, to_wire),
        facts=facts,
        rebuild=Rebuild(facts, registers_stream(rt), batch=settings.rebuild_batch),
        exports=lambda: GridFsFileStore(rt.mongo.db, EXPORTS_BUCKET),
        open_data=OpenDataFiles(
            settings.open_data_path or settings.facts_path.parent / "open-data"
        ),
    )
    for router in handlers.ROUTERS:
        rt.include(router, deps)
    rt.every(
        settings.open_data_check_seconds,
        lambda: GridFsFileStore(rt.mongo.db, EXPORTS_BUCKET).remove_stored_before(
            utcnow() - timedelta(hours=settings.exports_kept_hours)
        ),
        name="exports-retention",
    )
    rt.every(
        settings.open_data_check_seconds,
        lambda: open_data.publish_daily(deps.facts, deps.open_data, utcnow().date()),
        name="open-data",
    )
    rt.every(
        settings.authorities_announce_seconds,
        lambda: announce_authorities(deps.units),
        name="authorities-announced",
    )
    return rt
