"""Small cells: what the public may not read out of a report (`domain/figures.py`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from egisz.reporting.domain.figures import (
    AgeBand,
    MovementMonth,
    Occupancy,
    ReasonCount,
    Structure,
    suppress_month,
    suppress_occupancy,
    suppress_structure,
    suppress_total,
)


def row(key: str, heads: int) -> Occupancy:
    return Occupancy(key, None, Decimal(10), Decimal(heads), Decimal(10 - heads), heads)


def test_a_row_about_fewer_than_five_people_is_withheld_with_what_follows_from_it() -> None:
    rows = suppress_occupancy([row("a", 9), row("b", 3), row("c", 12)], 5)
    b = rows[1]
    assert (b.headcount, b.occupied, b.vacant, b.occupancy, b.suppressed) == (
        None,
        None,
        None,
        None,
        True,
    )
    assert b.staffed == Decimal(10)  # posts are not people


def test_one_withheld_row_takes_the_next_smallest_with_it_so_the_total_reveals_nothing() -> None:
    rows = suppress_occupancy([row("a", 9), row("b", 3), row("c", 12)], 5)
    assert [r.suppressed for r in rows] == [True, True, False]


def test_no_one_and_many_are_shown() -> None:
    rows = suppress_occupancy([row("a", 0), row("b", 5)], 5)
    assert [r.headcount for r in rows] == [0, 5]
    assert suppress_total(row("t", 4), 5).headcount is None


def test_a_month_withholds_small_counts_and_a_lone_small_reason() -> None:
    month = MovementMonth(
        date(2025, 6, 1),
        hires=2,
        dismissals=9,
        by_reason=(ReasonCount("1", "a", 6), ReasonCount("2", "b", 2), ReasonCount("3", "c", 1)),
        moves_in=0,
        moves_out=7,
        headcount_end=120,
    )
    shown = suppress_month(month, 5)
    assert (shown.hires, shown.dismissals, shown.moves_in, shown.moves_out) == (None, 9, 0, 7)
    assert [r.dismissals for r in shown.by_reason] == [6, None, None]
    lone = suppress_month(
        MovementMonth(
            date(2025, 6, 1), 0, 9, (ReasonCount("1", "a", 6), ReasonCount("2", "b", 3)), 0, 0, 100
        ),
        5,
    )
    assert [r.dismissals for r in lone.by_reason] == [None, None]


def test_an_age_band_hides_a_small_sex_and_its_complement() -> None:
    s = suppress_structure(Structure(40, (AgeBand("25-34", 2, 30, 8),), 3, 12), 5)
    assert s.bands[0] == AgeBand("25-34", None, 30, None)
    assert (s.headcount, s.expires_6_months, s.expires_12_months) == (40, None, 12)
