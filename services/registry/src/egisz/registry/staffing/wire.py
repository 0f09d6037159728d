"""Staffing tables on the wire: the table as of a day, an import's answer, `staffing.changed`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from egisz.contracts import registry as wire, subjects
from egisz.registry.staffing.domain.staffing import StaffingChanged, StaffingLine, StaffingTable
from egisz.registry.staffing.usecases import RowOutcome
from egisz.runtime.events import FormTable


def line_view(x: StaffingLine) -> wire.StaffingLine:
    return wire.StaffingLine(
        line_id=x.id,
        subdivision_oid=x.subdivision_oid,
        position_code=x.position_code,
        position=x.position,
        fte=x.fte,
        effective_from=x.effective_from,
        effective_until=x.effective_until,
    )


def table_view(t: StaffingTable, on: date, *, history: bool = False) -> wire.StaffingTableView:
    """The lines in force on the day (every line, with `history`) and the day's totals."""
    in_force = t.as_of(on)
    shown = sorted(t.lines, key=lambda x: (x.post, x.effective_from)) if history else in_force
    by_subdivision: dict[str, Decimal] = {}
    for x in in_force:
        by_subdivision[x.subdivision_oid] = (
            by_subdivision.get(x.subdivision_oid, Decimal(0)) + x.fte
        )
    return wire.StaffingTableView(
        organization_oid=t.id,
        on=on,
        lines=[line_view(x) for x in shown],
        subdivisions=[
            wire.SubdivisionStaffing(subdivision_oid=oid, fte=fte)
            for oid, fte in sorted(by_subdivision.items())
        ],
        fte=sum(by_subdivision.values(), Decimal(0).quantize(Decimal("0.01"))),
        version=t.version,
    )


def row_result(o: RowOutcome) -> wire.StaffingRowResult:
    return wire.StaffingRowResult(
        row=o.row,
        outcome=o.outcome,
        errors=[
            wire.ImportRowError(field=p.field, message=p.message, code=p.code) for p in o.problems
        ],
    )


def _changed(e: StaffingChanged) -> tuple[str, BaseModel]:
    x = e.line
    return e.organization_oid, wire.StaffingChanged(
        organization_oid=e.organization_oid,
        subdivision_oid=x.subdivision_oid,
        position_code=x.position_code,
        position=x.position,
        fte=x.fte,
        previous_fte=e.previous_fte,
        effective_from=x.effective_from,
        line_id=x.id,
    )


STAFFING_EVENTS: FormTable = {StaffingChanged: (subjects.STAFFING_CHANGED, _changed)}
"""Staffing tables' domain events → their subjects and wire forms."""
