"""FRMO's staffing tables (штатное расписание): per subdivision, posts by position code with their
FTE (штатные единицы) from a date; set by an organization's officers, imported from a file, read
as of a day, each change an event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import Code, Date, Flag, Fte, Int, Oid
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.registry.queries import ImportRowError


class SetStaffingPost(WireModel):
    """An officer sets a post's FTE from a day: a new post, another number of units, or 0 to
    abolish it. The position is its code in the positions' book, in force on that day."""

    subdivision_oid: Oid
    position_code: Code = Field(description="In the positions' book (1.2.643.5.1.13.13.11.1002).")
    fte: Fte = Field(description="Штатные единицы, in quarters; 0 abolishes the post.")
    effective_from: Date = Field(description="The first day it holds (at most a year ahead).")


class StaffingLine(WireModel):
    line_id: str
    subdivision_oid: str
    position_code: str
    position: str = Field(description="The positions' book's name on the day it began.")
    fte: Decimal
    effective_from: date
    effective_until: date | None = Field(description="The last day it held; None: in force.")


class SubdivisionStaffing(WireModel):
    subdivision_oid: str
    fte: Decimal = Field(description="The subdivision's staffed units on the day.")


class GetStaffing(WireModel):
    organization_oid: Oid | None = Field(default=None, description="Defaults to the officer's.")
    on: Date | None = Field(default=None, description="The day it is read as of; today if none.")
    history: Flag = Field(default=False, description="Every line ever, not only those in force.")


class StaffingTableView(WireModel):
    organization_oid: str
    on: date
    lines: list[StaffingLine]
    subdivisions: list[SubdivisionStaffing]
    fte: Decimal = Field(description="The organization's staffed units on the day.")
    version: int


class StaffingRow(WireModel):
    """One row of a staffing file: what `staffing.set` takes, with its row number."""

    row: Int = Field(ge=1, le=10_000_000)
    subdivision_oid: Oid
    position_code: Code
    fte: Fte
    effective_from: Date


class ImportStaffing(WireModel):
    rows: list[StaffingRow] = Field(min_length=1, max_length=500)


class StaffingRowResult(WireModel):
    row: Int
    outcome: Literal["changed", "unchanged", "failed"]
    errors: list[ImportRowError] = Field(default_factory=list)


class ImportStaffingResult(WireModel):
    rows: list[StaffingRowResult]
    version: int = Field(description="The staffing table's version after the import.")


class StaffingChanged(EventData):
    """A post's FTE changed from a day (0: abolished). Carries the post whole, so a reader
    needs nothing else to keep occupancy."""

    organization_oid: str
    subdivision_oid: str
    position_code: str
    position: str
    fte: Decimal
    previous_fte: Decimal = Field(description="What it was the day before (0: a new post).")
    effective_from: date
    line_id: str
