"""The figures reports are made of, and the rule that keeps the public from reading a few people
out of them: a count of fewer people than the small cell is withheld with what follows from it,
and where a group's one withheld cell could be read back from its total, the next smallest is
withheld too (secondary suppression). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Occupancy:
    """One group's figures as of a day. `staffed` and `vacant` are None for a speciality: posts
    are by position."""

    key: str | None
    name: str | None
    staffed: Decimal | None
    occupied: Decimal | None
    vacant: Decimal | None
    headcount: int | None
    suppressed: bool = False

    @property
    def occupancy(self) -> Decimal | None:
        if not self.staffed or self.occupied is None:
            return None
        return (self.occupied / self.staffed).quantize(Decimal("0.001"))

    def withheld(self) -> Occupancy:
        return replace(self, occupied=None, vacant=None, headcount=None, suppressed=True)


@dataclass(frozen=True)
class ReasonCount:
    reason_code: str | None
    reason: str | None
    dismissals: int | None


@dataclass(frozen=True)
class MovementMonth:
    month: date  # its first day
    hires: int | None
    dismissals: int | None
    by_reason: tuple[ReasonCount, ...]
    moves_in: int | None
    moves_out: int | None
    headcount_end: int | None

    @property
    def turnover(self) -> Decimal | None:
        if not self.headcount_end or self.dismissals is None:
            return None
        return (Decimal(self.dismissals) / Decimal(self.headcount_end)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class AgeBand:
    band: str
    male: int | None
    female: int | None
    unsaid: int | None


@dataclass(frozen=True)
class Structure:
    headcount: int | None
    bands: tuple[AgeBand, ...]
    expires_6_months: int | None
    expires_12_months: int | None


AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    *((0, 24, "<25"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54")),
    *((55, 64, "55-64"), (65, 200, "65+")),
)


def small(count: int | None, cell: int) -> bool:
    """A count that names too few people to be shown (0 names nobody: it is shown)."""
    return count is not None and 0 < count < cell


def hide(count: int | None, cell: int) -> int | None:
    return None if small(count, cell) else count


def _secondary(values: Sequence[int | None], hidden: set[int]) -> set[int]:
    """The cells to hide so that no hidden one can be read back from the group's total: where
    exactly one is hidden, the smallest shown non-zero one joins it."""
    if len(hidden) != 1:
        return hidden
    shown = [(v, i) for i, v in enumerate(values) if i not in hidden and v]
    return hidden | ({min(shown)[1]} if shown else set())


def suppress_occupancy(rows: Sequence[Occupancy], cell: int) -> list[Occupancy]:
    hidden = {i for i, r in enumerate(rows) if small(r.headcount, cell)}
    hidden = _secondary([r.headcount for r in rows], hidden)
    return [r.withheld() if i in hidden else r for i, r in enumerate(rows)]


def suppress_total(total: Occupancy, cell: int) -> Occupancy:
    return total.withheld() if small(total.headcount, cell) else total


def suppress_reasons(reasons: Sequence[ReasonCount], cell: int) -> tuple[ReasonCount, ...]:
    hidden = {i for i, r in enumerate(reasons) if small(r.dismissals, cell)}
    hidden = _secondary([r.dismissals for r in reasons], hidden)
    return tuple(replace(r, dismissals=None) if i in hidden else r for i, r in enumerate(reasons))


def suppress_month(m: MovementMonth, cell: int) -> MovementMonth:
    return replace(
        m,
        hires=hide(m.hires, cell),
        dismissals=hide(m.dismissals, cell),
        by_reason=suppress_reasons(m.by_reason, cell),
        moves_in=hide(m.moves_in, cell),
        moves_out=hide(m.moves_out, cell),
        headcount_end=hide(m.headcount_end, cell),
    )


def suppress_structure(s: Structure, cell: int) -> Structure:
    """Each band's three cells are a group (their sum is the band's people, read from others)."""
    bands = []
    for b in s.bands:
        values = [b.male, b.female, b.unsaid]
        hidden = _secondary(values, {i for i, v in enumerate(values) if small(v, cell)})
        male, female, unsaid = (None if i in hidden else v for i, v in enumerate(values))
        bands.append(AgeBand(b.band, male, female, unsaid))
    return Structure(
        headcount=hide(s.headcount, cell),
        bands=tuple(bands),
        expires_6_months=hide(s.expires_6_months, cell),
        expires_12_months=hide(s.expires_12_months, cell),
    )
