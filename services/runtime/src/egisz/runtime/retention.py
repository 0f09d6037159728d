"""What the runtime keeps only as long as it should (issue 35): the marks of processed events,
sent outbox rows, stored answers to idempotency keys and uploads never finished. Each has a
reason to be kept for a while and none to be kept for ever:

- a processed mark catches an event delivered again; JetStream can deliver an event again only
  while its stream holds it (a durable made anew replaying from the start, a relay re-publishing
  after a crash), so marks outlive the longest-kept stream the service reads by a day — read
  from JetStream itself, so the registry's year-long change feed is covered — and are never
  pruned while one of those streams keeps everything;
- a sent outbox row is never sent again; it is kept a day to be looked at;
- a stored answer serves a repeat of the same request under its key; a client repeats within
  minutes, a day is the idempotency window;
- an upload's parts wait for its next part; one not finished in a day is abandoned.

Every replica runs the pruning (a delete of what is past its time is safe twice), through the
indexes on each collection's time field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pymongo import ASCENDING, IndexModel

from egisz.runtime.gridfs import UPLOAD_PARTS, UPLOADS
from egisz.runtime.idempotency import IDEMPOTENCY
from egisz.runtime.logging import get_logger
from egisz.runtime.mongo import OUTBOX, PROCESSED_EVENTS, Mongo
from egisz.runtime.settings import ServiceSettings

log = get_logger("egisz.retention")

# The time fields pruned by (the outbox's and processed marks' are the runtime's own indexes).
RETENTION_INDEXES = {
    IDEMPOTENCY: [IndexModel([("at", ASCENDING)], name="kept")],
    UPLOADS: [IndexModel([("at", ASCENDING)], name="kept")],
}


@dataclass(frozen=True)
class Retention:
    processed: timedelta | None  # None: kept for ever (a stream read keeps everything)
    outbox_sent: timedelta
    replies: timedelta
    unfinished_uploads: timedelta

    @classmethod
    def of(cls, settings: ServiceSettings, streams_kept: timedelta | None = None) -> Retention:
        """`streams_kept`: the longest any stream the service reads keeps an event (None:
        one keeps everything); the setting `processed_keep_days` overrides it."""
        if settings.processed_keep_days:
            processed: timedelta | None = timedelta(days=settings.processed_keep_days)
        elif streams_kept is None:
            processed = None
        else:
            processed = streams_kept + timedelta(days=1)
        return cls(
            processed=processed,
            outbox_sent=timedelta(hours=settings.outbox_sent_keep_hours),
            replies=timedelta(hours=settings.replies_keep_hours),
            unfinished_uploads=timedelta(hours=settings.unfinished_upload_hours),
        )


async def prune(mongo: Mongo, keep: Retention, now: datetime) -> dict[str, int]:
    """Delete what is past its time; how many of each."""
    marks = 0
    if keep.processed is not None:
        old = {"processed_at": {"$lt": now - keep.processed}}
        marks = (await mongo[PROCESSED_EVENTS].delete_many(old)).deleted_count
    removed = {
        PROCESSED_EVENTS: marks,
        OUTBOX: (
            await mongo[OUTBOX].delete_many({"sent_at": {"$lt": now - keep.outbox_sent}})
        ).deleted_count,
        IDEMPOTENCY: (
            await mongo[IDEMPOTENCY].delete_many({"at": {"$lt": now - keep.replies}})
        ).deleted_count,
    }
    cutoff = now - keep.unfinished_uploads
    stale = [d["_id"] async for d in mongo[UPLOADS].find({"at": {"$lt": cutoff}}, {"_id": 1})]
    if stale:
        await mongo[UPLOAD_PARTS].delete_many({"upload_id": {"$in": stale}})
        await mongo[UPLOADS].delete_many({"_id": {"$in": stale}})
    removed[UPLOADS] = len(stale)
    if any(removed.values()):
        log.info("pruned", **removed)
    return removed
