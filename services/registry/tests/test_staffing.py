"""Staffing tables (штатное расписание): a post's FTE from a day, read as of any day, changed,
corrected and abolished without losing what it said; the rules that refuse a change; an
organization's officers keep their own table, on the in-memory register."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from egisz.kernel.errors import ForbiddenError, InvalidInputError
from egisz.registry.domain.coding import POSITIONS, Coded
from egisz.registry.frmo.domain.structure import Subdivision
from egisz.registry.nsi.codebook import CachedCodeBook
from egisz.registry.nsi.starter import load_starter_set
from egisz.registry.repository import FakeRegistryUnitOfWork
from egisz.registry.staffing import usecases
from egisz.registry.staffing.domain.errors import (
    StaffingChangeOutOfOrderError,
    SubdivisionNotOpenError,
)
from egisz.registry.staffing.domain.staffing import StaffingChanged, StaffingTable
from egisz.registry.staffing.usecases import PostChange

from .test_worker import OFFICER_A, OFFICER_B, ORG_A, clock, fake

TODAY = date(2026, 11, 21)
WARD, CLOSED = f"{ORG_A}.0.1", f"{ORG_A}.0.2"
THERAPIST = Coded(POSITIONS, "109", "врач-терапевт")


def set_post(table: StaffingTable, fte: str, on: date, position: Coded = THERAPIST) -> bool:
    return table.set_post(
        line_id=f"l{len(table.lines)}-{on}",
        subdivision_oid=WARD,
        open_subdivisions={WARD},
        position=position,
        fte=Decimal(fte),
        effective_from=on,
        today=TODAY,
    )


def test_a_change_from_a_day_closes_the_line_the_day_before_and_the_past_still_reads() -> None:
    table = StaffingTable(ORG_A)
    assert set_post(table, "2.5", date(2025, 1, 1))
    assert set_post(table, "3", date(2026, 3, 1))
    assert table.fte_of(WARD, date(2025, 6, 1)) == Decimal("2.5")
    assert table.fte_of(WARD, date(2026, 2, 28)) == Decimal("2.5")
    assert table.fte_of(WARD, date(2026, 3, 1)) == Decimal("3")
    assert table.fte_of(WARD, date(2024, 12, 31)) == 0
    assert [e.previous_fte for e in table.events] == [0, Decimal("2.5")]
    assert sorted((x.effective_from, x.effective_until) for x in table.lines) == [
        (date(2025, 1, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), None),
    ]


def test_the_same_fte_again_changes_nothing_and_a_change_on_the_lines_first_day_corrects_it() -> (
    None
):
    table = StaffingTable(ORG_A)
    set_post(table, "2", date(2025, 1, 1))
    assert not set_post(table, "2", date(2025, 1, 1))
    assert not set_post(table, "2", date(2025, 5, 1)), "still two: nothing to record"
    assert set_post(table, "1.75", date(2025, 1, 1))
    [line] = table.lines
    assert (line.fte, line.effective_from, line.effective_until) == (
        Decimal("1.75"),
        date(2025, 1, 1),
        None,
    )
    assert len(table.events) == 2


def test_zero_abolishes_a_post_from_a_day_and_abolishing_nothing_is_nothing() -> None:
    table = StaffingTable(ORG_A)
    assert not set_post(table, "0", date(2025, 1, 1))
    set_post(table, "1", date(2025, 1, 1))
    assert set_post(table, "0", date(2026, 1, 1))
    assert table.as_of(date(2026, 1, 1)) == []
    assert table.fte_of(WARD, date(2025, 12, 31)) == 1
    [_, abolished] = table.events
    assert isinstance(abolished, StaffingChanged) and abolished.line.fte == 0


def test_a_change_before_a_later_one_already_recorded_is_refused() -> None:
    table = StaffingTable(ORG_A)
    set_post(table, "1", date(2026, 1, 1))
    with pytest.raises(StaffingChangeOutOfOrderError):
        set_post(table, "2", date(2025, 6, 1))
    other = Coded(POSITIONS, "110", "врач-терапевт участковый")
    assert set_post(table, "2", date(2025, 6, 1), other), "another post has its own order"


@pytest.mark.parametrize(
    ("fte", "on", "field"),
    [
        ("0.3", date(2026, 1, 1), "fte"),
        ("1001", date(2026, 1, 1), "fte"),
        ("1", date(2028, 1, 1), "effective_from"),
    ],
)
def test_fte_in_quarters_and_a_day_at_most_a_year_ahead(fte: str, on: date, field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        set_post(StaffingTable(ORG_A), fte, on)
    assert [p.field for p in caught.value.fields] == [field]


def test_a_post_in_a_subdivision_not_open_on_the_day_is_refused() -> None:
    with pytest.raises(SubdivisionNotOpenError):
        StaffingTable(ORG_A).set_post(
            line_id="l",
            subdivision_oid=CLOSED,
            open_subdivisions={WARD},
            position=THERAPIST,
            fte=Decimal(1),
            effective_from=TODAY,
            today=TODAY,
        )


async def staffed_register() -> tuple[FakeRegistryUnitOfWork, CachedCodeBook]:
    uow = fake()
    await load_starter_set(lambda: uow)
    organization = uow.organizations_store[ORG_A]
    wards = [
        Subdivision(WARD, "Терапевтическое отделение", "отделение"),
        Subdivision(CLOSED, "Старое отделение", "отделение", closed_on=date(2024, 1, 1)),
    ]
    uow.organizations_store[ORG_A] = replace(organization, subdivisions=wards)
    return uow, CachedCodeBook(lambda: uow)


async def test_an_officer_keeps_the_organizations_table_and_an_import_answers_each_row() -> None:
    uow, codes = await staffed_register()
    change = PostChange(WARD, "109", Decimal("2.5"), date(2025, 1, 1))
    table = await usecases.set_post(uow, OFFICER_A, codes, change, clock=clock)
    assert [(x.position, x.fte) for x in table.as_of(TODAY)] == [("врач-терапевт", Decimal("2.5"))]
    rows = [
        (2, replace(change, fte=Decimal(3), effective_from=date(2026, 1, 1))),
        (3, PostChange(CLOSED, "109", Decimal(1), date(2025, 1, 1))),
        (4, PostChange(WARD, "нет-такого", Decimal(1), date(2025, 1, 1))),
        (5, change),
    ]
    outcomes, version = await usecases.import_posts(uow, OFFICER_A, codes, rows, clock=clock)
    assert [(o.row, o.outcome) for o in outcomes] == [
        (2, "changed"),
        (3, "failed"),
        (4, "failed"),
        (5, "failed"),  # before the change of row 2: out of order
    ]
    assert [p.code for o in outcomes[1:] for p in o.problems] == [
        "not_open",
        "unknown_code",
        "out_of_order",
    ]
    again, same_version = await usecases.import_posts(uow, OFFICER_A, codes, rows[:1], clock=clock)
    assert (again[0].outcome, same_version) == ("unchanged", version)


async def test_only_the_organizations_officers_with_access_keep_and_read_its_table() -> None:
    uow, codes = await staffed_register()
    change = PostChange(WARD, "109", Decimal(1), date(2025, 1, 1))
    await usecases.set_post(uow, OFFICER_A, codes, change, clock=clock)
    with pytest.raises(ForbiddenError):
        await usecases.read_table(uow, OFFICER_B, ORG_A)
    own = await usecases.read_table(uow, OFFICER_A, None)
    assert own.fte_of(WARD, TODAY) == 1
    with pytest.raises(SubdivisionNotOpenError):  # B's organization has no such subdivision
        await usecases.set_post(uow, OFFICER_B, codes, change, clock=clock)
