"""Every query a user makes has an index behind it: `explain` shows an index scan, no collection
scan (SecantusDB scans in Python without one: docs/stack.md)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from egisz.registry.domain.people import FullName, PersonalData
from egisz.registry.frmo.domain.organization import RequestStatus
from egisz.registry.frmr.domain.correction import CorrectionStatus
from egisz.registry.nsi.repository import (
    ENTRIES,
    NSI_INDEXES,
    entries_with_word,
    version_entries,
)
from egisz.registry.storage import (
    ACCESS_GRANTS,
    ACCESS_REQUESTS,
    CORRECTIONS,
    IDENTITY_MISSES,
    INDEXES,
    LEARNERS,
    ORGANIZATIONS,
    REQUESTS,
    TICKETS,
    WORKERS,
    Queries,
)
from egisz.runtime.aggregates import after_id
from egisz.runtime.mongo import Mongo

pytestmark = pytest.mark.integration

ANNA = PersonalData(FullName("Петрова", "Анна"), date(1985, 4, 12))


@pytest.fixture
async def mongo(mongo_url: str, database_name: str) -> AsyncIterator[Mongo]:
    m = Mongo(mongo_url, database_name)
    await m.ensure_indexes({**INDEXES, **NSI_INDEXES})
    await m[WORKERS].insert_one({"_id": "w0", "snils": "0"})  # explain needs a collection
    for collection in (
        CORRECTIONS,
        REQUESTS,
        ORGANIZATIONS,
        ACCESS_GRANTS,
        ACCESS_REQUESTS,
        LEARNERS,
        ENTRIES,
    ):
        await m[collection].insert_one({"_id": "x0"})
    yield m
    await m.client.drop_database(database_name)
    await m.close()


def stages(plan: dict[str, Any]) -> set[str]:
    found = {plan.get("stage", "")}
    for key in ("inputStage", "queryPlan"):
        if isinstance(plan.get(key), dict):
            found |= stages(plan[key])
    for child in plan.get("inputStages", []):
        found |= stages(child)
    return found


WORKER_QUERIES = {
    "worker by SNILS": (Queries.by_snils("11223344595"), None),
    "likely duplicates: those born on the day": (Queries.born_on([ANNA.birth_date]), None),
    "import: known SNILS": (Queries.by_many_snils(["11223344595", "12345678964"]), None),
    "certificate holder": (Queries.certificate("рнииму|77 123"), None),
    "staff page": (after_id(Queries.staff("1.2.643"), "w0"), "_id"),
    "public search by name": (Queries.by_name("Петрова", "Анна"), "_id"),
    "duplicate review queue": (after_id(Queries.in_review(None), "w0"), "_id"),
    "the reference books' queue of text": (after_id(Queries.uncoded(), "w0"), "_id"),
    "an organization's duplicate review queue": (
        after_id(Queries.in_review("1.2.643"), "w0"),
        "_id",
    ),
}
CORRECTION_QUERIES = {
    "an organization's open corrections": (
        after_id(Queries.corrections("1.2.643", None, CorrectionStatus.OPEN), "c0"),
        "_id",
    ),
    "a worker's corrections": (Queries.corrections(None, "w0", None), "_id"),
}

FRMO_QUERIES = {
    "open request with an INN": (REQUESTS, Queries.open_request("7707083893"), None),
    "support desk queue": (
        REQUESTS,
        after_id(Queries.request_queue(RequestStatus.ACCEPTED), "x0"),
        "_id",
    ),
    "organization by INN": (ORGANIZATIONS, Queries.organization_by_inn("7707083893"), None),
    "organizations by OGRN": (
        ORGANIZATIONS,
        after_id(Queries.organization_search(None, "1027700132195", None), "1.2"),
        "_id",
    ),
    "organizations by words of the name": (
        ORGANIZATIONS,
        after_id(Queries.organization_search(None, None, "гкб"), "1.2"),
        "_id",
    ),
    "who holds an e-mail": (ACCESS_GRANTS, Queries.grant_by_email("hr@clinic.ru"), None),
    "an officer's grant": (ACCESS_GRANTS, Queries.grant_of("11223344595", "1.2.643"), None),
    "who holds access": (ACCESS_GRANTS, Queries.holders("1.2.643"), None),
    "access requests queue": (
        ACCESS_REQUESTS,
        after_id(Queries.access_queue("pending"), "x0"),
        "_id",
    ),
    "a learner by SNILS": (LEARNERS, Queries.by_snils("11223344595"), None),
    "an author's tickets": (TICKETS, after_id(Queries.tickets_of("worker-1"), "x0"), "_id"),
    "the desk's ticket queue": (
        TICKETS,
        after_id(Queries.ticket_queue("registered", "data_change"), "x0"),
        "_id",
    ),
    "learner import: known SNILS": (LEARNERS, Queries.by_many_snils(["11223344595"]), None),
    "a dictionary version's entries by code": (
        ENTRIES,
        version_entries("1.2.643.5.1.13.13.11.1002", "9.1", "109"),
        "code",
    ),
    "dictionary entries by words of the name": (
        ENTRIES,
        entries_with_word("1.2.643.5.1.13.13.11.1002", "9.1", "терапевт"),
        "code",
    ),
    "a caller's identity misses today": (
        IDENTITY_MISSES,
        Queries.misses_of("11223344595", datetime(2026, 12, 1, tzinfo=UTC)),
        None,
    ),
}


@pytest.mark.parametrize(
    ("collection", "query", "sort"),
    [(WORKERS, q, s) for q, s in WORKER_QUERIES.values()]
    + [(CORRECTIONS, q, s) for q, s in CORRECTION_QUERIES.values()]
    + [(c, q, s) for c, q, s in FRMO_QUERIES.values()],
    ids=list(WORKER_QUERIES) + list(CORRECTION_QUERIES) + list(FRMO_QUERIES),
)
async def test_the_query_uses_an_index(
    mongo: Mongo, collection: str, query: dict[str, Any], sort: str | None
) -> None:
    cursor = mongo[collection].find(query)
    if sort:
        cursor = cursor.sort(sort, 1)
    plan = (await cursor.explain())["queryPlanner"]["winningPlan"]
    assert "IXSCAN" in stages(plan), plan
    assert "COLLSCAN" not in stages(plan), plan
