"""An organization's staffing table (штатное расписание): for each subdivision, posts by their
position's code with their FTE (штатные единицы), each from a day. A change from a day closes the
line in force the day before and opens another, so the table can be read as of any day and
nothing said before is lost; 0 abolishes the post. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from egisz.kernel.errors import Problems
from egisz.registry.domain.coding import Coded
from egisz.registry.staffing.domain.errors import (
    StaffingChangeOutOfOrderError,
    SubdivisionNotOpenError,
)

QUARTER = Decimal("0.25")
CENTS = Decimal("0.01")
MOST_FTE = Decimal(1000)
PLANNED_AHEAD = timedelta(days=366)  # a change may be set up to a year ahead


@dataclass(frozen=True)
class StaffingLine:
    """One post's FTE over a span of days."""

    id: str
    subdivision_oid: str
    position_code: str
    position: str  # the positions' book's name on the day the line began
    fte: Decimal
    effective_from: date
    effective_until: date | None = None  # its last day; None: in force

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )

    @property
    def post(self) -> tuple[str, str]:
        return self.subdivision_oid, self.position_code


@dataclass(frozen=True)
class StaffingChanged:
    organization_oid: str
    line: StaffingLine  # the line that begins (its FTE 0 when the post is abolished)
    previous_fte: Decimal


@dataclass
class StaffingTable:
    id: str  # the organization's OID
    lines: list[StaffingLine] = field(default_factory=list)
    version: int = 0
    events: list[StaffingChanged] = field(default_factory=list, repr=False, compare=False)

    def as_of(self, day: date) -> list[StaffingLine]:
        """The lines in force on the day, by subdivision and position."""
        return sorted((x for x in self.lines if x.in_force(day)), key=lambda x: x.post)

    def fte_of(self, subdivision_oid: str, day: date) -> Decimal:
        return sum(
            (x.fte for x in self.as_of(day) if x.subdivision_oid == subdivision_oid),
            Decimal(0).quantize(CENTS),
        )

    def set_post(
        self,
        *,
        line_id: str,
        subdivision_oid: str,
        open_subdivisions: set[str],
        position: Coded,
        fte: Decimal,
        effective_from: date,
        today: date,
    ) -> bool:
        """The post's FTE from `effective_from`; False when it already says so. A change on the
        day a line began corrects that line; a change before a later one is refused."""
        _check(fte, effective_from, today)
        fte = fte.quantize(CENTS)  # one form for the same number: 2.5 and 2.50 are one FTE
        if subdivision_oid not in open_subdivisions:
            raise SubdivisionNotOpenError.at("subdivision_oid", "not_open")
        post = (subdivision_oid, position.code)
        lines = [x for x in self.lines if x.post == post]
        if any(x.effective_from > effective_from for x in lines):
            raise StaffingChangeOutOfOrderError.at("effective_from", "out_of_order")
        current = next((x for x in lines if x.in_force(effective_from)), None)
        previous = current.fte if current else Decimal(0).quantize(CENTS)
        if previous == fte:
            return False
        if current is not None:
            self.lines.remove(current)
            if current.effective_from < effective_from:  # kept, ending the day before
                closed = replace(current, effective_until=effective_from - timedelta(days=1))
                self.lines.append(closed)
        line = StaffingLine(
            line_id, subdivision_oid, position.code, position.name, fte, effective_from
        )
        if fte:
            self.lines.append(line)
        self.events.append(StaffingChanged(self.id, line, previous))
        return True


def _check(fte: Decimal, effective_from: date, today: date) -> None:
    p = Problems()
    if not (0 <= fte <= MOST_FTE) or fte % QUARTER:
        p.add("fte", "Штатные единицы — от 0 до 1000 с шагом 0,25")
    if effective_from > today + PLANNED_AHEAD:
        p.add("effective_from", "Не дальше чем на год вперёд", "too_far_ahead")
    p.raise_if_any()
