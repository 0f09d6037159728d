"""What the runtime keeps only as long as it should, on the real database: processed marks past
the stream's age, sent outbox rows, stored answers and unfinished uploads past a day are pruned;
what is recent stays, an unsent outbox row stays, and an event delivered again inside the window
is still caught. Over a 100,000-event run the marks stay bounded by the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from egisz.runtime.gridfs import UPLOAD_PARTS, UPLOADS
from egisz.runtime.handling import handling
from egisz.runtime.idempotency import IDEMPOTENCY
from egisz.runtime.mongo import OUTBOX, PROCESSED_EVENTS, Mongo, MongoUnitOfWork
from egisz.runtime.retention import Retention, prune
from egisz.runtime.settings import ServiceSettings

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
SETTINGS = ServiceSettings(service_name="t")
# The streams read keep 30 days: 31 days of marks; a day of the rest.
KEEP = Retention.of(SETTINGS, timedelta(days=30))


async def test_what_is_past_its_time_goes_and_what_is_recent_or_unsent_stays(mongo: Mongo) -> None:
    await mongo.ensure_indexes({})
    day = timedelta(days=1)
    await mongo[PROCESSED_EVENTS].insert_many(
        [
            {"_id": "c|old", "processed_at": NOW - 32 * day},
            {"_id": "c|recent", "processed_at": NOW - 30 * day},
        ]
    )
    await mongo[OUTBOX].insert_many(
        [
            {"_id": "o-sent-long-ago", "seq": 1, "sent_at": NOW - 2 * day},
            {"_id": "o-sent-now", "seq": 2, "sent_at": NOW - timedelta(hours=1)},
            {"_id": "o-unsent", "seq": 3, "sent_at": None},
        ]
    )
    await mongo[IDEMPOTENCY].insert_many(
        [{"_id": "k-old", "at": NOW - 2 * day}, {"_id": "k-new", "at": NOW}]
    )
    await mongo[UPLOADS].insert_many(
        [{"_id": "u-old", "at": NOW - 2 * day}, {"_id": "u-new", "at": NOW}]
    )
    await mongo[UPLOAD_PARTS].insert_many(
        [{"_id": "u-old|0", "upload_id": "u-old"}, {"_id": "u-new|0", "upload_id": "u-new"}]
    )
    removed = await prune(mongo, KEEP, NOW)
    assert removed == {PROCESSED_EVENTS: 1, OUTBOX: 1, IDEMPOTENCY: 1, UPLOADS: 1}

    async def ids(name: str) -> list[str]:
        return sorted([d["_id"] async for d in mongo[name].find({}, {"_id": 1})])

    assert await ids(PROCESSED_EVENTS) == ["c|recent"]
    assert await ids(OUTBOX) == ["o-sent-now", "o-unsent"]
    assert await ids(IDEMPOTENCY) == ["k-new"]
    assert (await ids(UPLOADS), await ids(UPLOAD_PARTS)) == (["u-new"], ["u-new|0"])
    assert await prune(mongo, KEEP, NOW) == dict.fromkeys(removed, 0)  # twice is safe


async def test_marks_are_never_pruned_while_a_stream_read_keeps_everything(mongo: Mongo) -> None:
    forever = Retention.of(SETTINGS, None)  # e.g. the registry's feed during a rebuild (age 0)
    await mongo[PROCESSED_EVENTS].insert_one(
        {"_id": "c|ancient", "processed_at": NOW - timedelta(days=3000)}
    )
    assert (await prune(mongo, forever, NOW))[PROCESSED_EVENTS] == 0
    assert forever.replies == KEEP.replies
    overridden = Retention.of(SETTINGS.model_copy(update={"processed_keep_days": 7}), None)
    assert overridden.processed == timedelta(days=7)


async def test_an_event_delivered_again_inside_the_window_is_still_caught(mongo: Mongo) -> None:
    async def count_once() -> None:
        async with MongoUnitOfWork(mongo) as uow:
            await uow.collection("counted").update_one(
                {"_id": "e"}, {"$inc": {"n": 1}}, upsert=True, session=uow.session
            )
            await uow.commit()

    with handling("counter", "e-1"):
        await count_once()
    await prune(mongo, KEEP, datetime.now(UTC) + timedelta(days=30))  # a month on: still kept
    with handling("counter", "e-1"):
        await count_once()
    assert (await mongo["counted"].find_one({"_id": "e"}))["n"] == 1


async def test_over_a_100000_event_run_the_marks_stay_bounded_by_the_window(mongo: Mongo) -> None:
    """A hundred thousand events over 100 days, pruned as the days pass (as the hourly job
    does): the marks never hold more than the window's days of them."""
    per_day, days = 1000, 100
    started = NOW - timedelta(days=days)
    most = 0
    for d in range(days):
        at = started + timedelta(days=d)
        await mongo[PROCESSED_EVENTS].insert_many(
            [{"_id": f"c|{d}-{i}", "processed_at": at} for i in range(per_day)], ordered=False
        )
        if d % 10 == 9:  # every ten days here; hourly in a service
            await prune(mongo, KEEP, at)
            most = max(most, await mongo[PROCESSED_EVENTS].count_documents({}))
    assert KEEP.processed is not None
    window = KEEP.processed.days
    assert most <= (window + 1) * per_day, most
    assert await mongo[PROCESSED_EVENTS].count_documents({}) <= (window + 1) * per_day
