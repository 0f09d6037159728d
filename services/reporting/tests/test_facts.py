"""The facts store (DuckDB, in memory: the real engine) against the synthetic country: each
report's figures as counted by hand in `country.py`."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from egisz.reporting.domain.audience import Scope
from egisz.reporting.domain.facts import Fact, JobFact
from egisz.reporting.facts_store import GROUP_COMMIT_LINGER_SECONDS, Facts, FactsStore
from egisz.reporting.intake import facts_of

from .country import ON, ORG_A, ORG_B, ORG_C, SURGEON, THERAPIST, Country, country

AT = datetime(2026, 1, 1, tzinfo=UTC)


def loaded(c: Country, *, shuffled: bool = False, twice: bool = False) -> FactsStore:
    events = list(c.events) * (2 if twice else 1)
    if shuffled:
        random.Random(7).shuffle(events)
    store = FactsStore()
    for spec, data in events:
        store.apply(facts_of(spec, data, AT))
    return store


@pytest.fixture(scope="module")
def store() -> FactsStore:
    return loaded(country())


def by_key(rows: list) -> dict:
    return {r.key: r for r in rows}


def test_occupancy_by_position_counts_vacancies_post_by_post(store: FactsStore) -> None:
    rows, total = store.occupancy(ON, "position", Scope())
    found = by_key(rows)
    assert found[THERAPIST].staffed == Decimal(15)
    assert found[THERAPIST].occupied == Decimal("12")
    # org C's over-filled post fills no vacancy elsewhere: 3 (A) + 1 (B) + 0 (C)
    assert found[THERAPIST].vacant == Decimal(4)
    assert found[THERAPIST].headcount == 15
    assert found[THERAPIST].name == "врач-терапевт"
    assert (found[SURGEON].staffed, found[SURGEON].vacant) == (Decimal(4), Decimal("3.5"))
    assert (total.staffed, total.occupied, total.vacant) == (19, Decimal("12.5"), Decimal("7.5"))
    assert total.headcount == 16


def test_occupancy_by_organization_region_and_type(store: FactsStore) -> None:
    orgs = by_key(store.occupancy(ON, "organization", Scope())[0])
    assert {k: (r.staffed, r.occupied, r.headcount) for k, r in orgs.items()} == {
        ORG_A: (14, Decimal("7.5"), 8),
        ORG_B: (3, 2, 2),
        ORG_C: (2, 3, 6),
    }
    assert orgs[ORG_C].occupancy == Decimal("1.5")
    regions = by_key(store.occupancy(ON, "region", Scope())[0])
    assert {k: r.headcount for k, r in regions.items()} == {"77": 10, "50": 6}
    types = by_key(store.occupancy(ON, "organization_type", Scope())[0])
    assert {k: r.staffed for k, r in types.items()} == {"medical": 16, "research": 3}


def test_a_staffing_change_holds_from_its_day(store: FactsStore) -> None:
    before = by_key(store.occupancy(date(2024, 6, 1), "organization", Scope())[0])
    assert before[ORG_C].staffed == 1
    assert by_key(store.occupancy(ON, "organization", Scope())[0])[ORG_C].staffed == 2


def test_occupancy_by_speciality_counts_people_with_an_accreditation_in_force(
    store: FactsStore,
) -> None:
    rows, total = store.occupancy(ON, "speciality", Scope())
    # p1, p2, p3 and p4 (whose newer accreditation holds) are accredited on the day
    assert [(r.key, r.headcount, r.staffed) for r in rows] == [(THERAPIST, 4, None)]
    assert total.headcount == 16


def test_a_region_sees_only_its_organizations(store: FactsStore) -> None:
    rows, total = store.occupancy(ON, "organization", Scope(region="50"))
    assert [r.key for r in rows] == [ORG_C]
    assert total.headcount == 6
    rows, total = store.occupancy(ON, "position", Scope(organization_oid=ORG_B))
    assert [(r.key, r.headcount) for r in rows] == [(THERAPIST, 2)]


def test_movement_counts_hires_dismissals_by_reason_and_moves(store: FactsStore) -> None:
    months = {m.month: m for m in store.movement(date(2024, 1, 1), date(2025, 12, 1), Scope())}
    assert len(months) == 24
    assert months[date(2024, 1, 1)].hires == 17
    june, july, sept = (months[date(2025, m, 1)] for m in (6, 7, 9))
    assert (june.dismissals, june.moves_out, june.headcount_end) == (1, 1, 17)
    assert [(r.reason_code, r.dismissals) for r in june.by_reason] == [("1", 1)]
    assert (july.hires, july.moves_in) == (1, 1)
    assert (sept.dismissals, sept.moves_out) == (1, 0)
    assert months[date(2025, 10, 1)].headcount_end == 16


def test_movement_in_one_organization_sees_its_own_arrivals(store: FactsStore) -> None:
    months = store.movement(date(2025, 6, 1), date(2025, 7, 1), Scope(organization_oid=ORG_A))
    assert [(m.hires, m.moves_in, m.dismissals) for m in months] == [(0, 0, 0), (1, 1, 0)]


def test_structure_by_age_and_sex_and_the_workforce_at_risk(store: FactsStore) -> None:
    s = store.structure(ON, Scope())
    assert s.headcount == 16
    assert {b.band: (b.male, b.female, b.unsaid) for b in s.bands} == {
        "<25": (0, 0, 0),
        "25-34": (0, 2, 0),
        "35-44": (1, 0, 1),
        "45-54": (3, 3, 0),
        "55-64": (0, 0, 0),
        "65+": (0, 6, 0),
    }
    assert (s.expires_6_months, s.expires_12_months) == (1, 2)


def test_events_twice_and_in_any_order_leave_the_same_facts() -> None:
    c = country()
    plain, replayed = loaded(c), loaded(c, shuffled=True, twice=True)
    for by in ("position", "organization", "speciality"):
        assert plain.occupancy(ON, by, Scope()) == replayed.occupancy(ON, by, Scope())
    assert plain.structure(ON, Scope()) == replayed.structure(ON, Scope())
    first, last = date(2024, 1, 1), date(2025, 12, 1)
    assert plain.movement(first, last, Scope()) == replayed.movement(first, last, Scope())


def test_an_annulled_job_is_gone_even_when_its_start_comes_after() -> None:
    from egisz.contracts import registry as wire, subjects

    c = country()
    annul = wire.EntryAnnulled(
        worker_id="p7",
        snils="11223344595",
        record_version=99,
        kind="employment",
        entry_id="j7",
        revision=1,
        reason="ошибочная запись",
    )
    c.events.insert(0, (subjects.ENTRY_ANNULLED, annul))
    rows, total = loaded(c).occupancy(ON, "position", Scope())
    assert SURGEON not in {r.key for r in rows if r.headcount}
    assert total.headcount == 15


def counted_facts() -> tuple[Facts, list[int]]:
    """Facts whose every transaction is counted by the facts it wrote."""
    facts = Facts()
    store = facts.store
    transactions: list[int] = []
    write = store.apply

    def counted(batch: list[Fact]) -> None:
        transactions.append(len(batch))
        write(batch)

    store.apply = counted  # type: ignore[method-assign]
    return facts, transactions


def job(n: int | str) -> JobFact:
    return JobFact(f"e{n}", f"w{n}", 1, "1.2.3", start_date=date(2025, 1, 1))


async def test_events_handled_at_once_share_a_transaction_and_a_bad_one_fails_alone() -> None:
    facts, transactions = counted_facts()
    good = [job(n) for n in range(9)]
    bad = JobFact("e-bad", None, 1)  # type: ignore[arg-type]  — a worker is required
    results = await asyncio.gather(
        *(facts.apply([f]) for f in [*good[:4], bad, *good[4:]]), return_exceptions=True
    )
    assert [isinstance(r, Exception) for r in results] == [False] * 4 + [True] + [False] * 5
    assert transactions[0] == 10  # all ten tried together, then each alone
    assert facts.store.counts()["jobs"] == 9
    await facts.apply([good[0]])
    assert transactions[-1] == 1


async def test_events_arriving_a_few_milliseconds_apart_still_share_a_transaction() -> None:
    facts, transactions = counted_facts()

    async def after(delay: float, n: int) -> None:  # as a batch's inbox look-ups come back
        await asyncio.sleep(delay)
        await facts.apply([job(n)])

    step = 0.002  # 8 ms from the first to the last
    assert 4 * step < GROUP_COMMIT_LINGER_SECONDS
    await asyncio.gather(*(after(n * step, n) for n in range(5)))
    assert transactions == [5]
