"""Domain figures as the contracts' replies (`contracts.reporting`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from egisz.contracts import reporting as wire, subjects
from egisz.reporting.domain.audience import Scope
from egisz.reporting.domain.authorities import Authority, AuthorityChanged
from egisz.reporting.domain.figures import MovementMonth, Occupancy, Structure
from egisz.reporting.usecases.rebuild import Progress
from egisz.runtime.events import EventForms


def where(scope: Scope) -> wire.Where:
    return wire.Where(region=scope.region, organization_oid=scope.organization_oid)


def occupancy_row(o: Occupancy) -> wire.OccupancyRow:
    return wire.OccupancyRow(
        key=o.key,
        name=o.name,
        staffed_fte=o.staffed,
        occupied_fte=o.occupied,
        vacant_fte=o.vacant,
        occupancy=o.occupancy,
        headcount=o.headcount,
        suppressed=o.suppressed,
    )


def occupancy_report(
    on: date, by: wire.Dimension, rows: list[Occupancy], total: Occupancy, scope: Scope
) -> wire.OccupancyReport:
    return wire.OccupancyReport(
        on=on,
        by=by,
        where=where(scope),
        rows=[occupancy_row(r) for r in rows],
        total=occupancy_row(total),
        small_cell=scope.small_cell,
    )


def movement_month(m: MovementMonth) -> wire.MovementMonth:
    return wire.MovementMonth(
        month=m.month.strftime("%Y-%m"),
        hires=m.hires,
        dismissals=m.dismissals,
        by_reason=[
            wire.ReasonCount(reason_code=r.reason_code, reason=r.reason, dismissals=r.dismissals)
            for r in m.by_reason
        ],
        moves_in=m.moves_in,
        moves_out=m.moves_out,
        headcount_end=m.headcount_end,
        turnover=m.turnover,
    )


def structure_report(on: date, s: Structure, scope: Scope) -> wire.StructureReport:
    return wire.StructureReport(
        on=on,
        where=where(scope),
        headcount=s.headcount,
        bands=[
            wire.AgeBand(band=b.band, male=b.male, female=b.female, unsaid=b.unsaid)
            for b in s.bands
        ],
        accreditation_expires_6_months=s.expires_6_months,
        accreditation_expires_12_months=s.expires_12_months,
        small_cell=scope.small_cell,
    )


def authority_view(a: Authority) -> wire.AuthorityView:
    return wire.AuthorityView(
        authority_id=a.id,
        name=a.name,
        level=wire.AuthorityLevel(a.level),
        region=a.region,
        members=len(a.members),
        version=a.version,
    )


def progress(p: Progress) -> wire.RebuildProgress:
    return wire.RebuildProgress(
        rebuild_id=p.rebuild_id,
        state=p.state,
        started_at=p.started_at,
        finished_at=p.finished_at,
        events_applied=p.events_applied,
        stream_sequence=p.stream_sequence,
        stream_last=p.stream_last,
        percent=Decimal(str(p.percent)),
        error=p.error,
    )


def _authority_changed(e: AuthorityChanged) -> tuple[str, BaseModel]:
    a = e.authority  # as committed: its members and version after every change of the unit
    return a.id, wire.AuthorityChanged(
        authority_id=a.id,
        name=a.name,
        level=wire.AuthorityLevel(a.level),
        region=a.region,
        members=[wire.AuthorityMemberRef(snils=s) for s in sorted(a.members)],
        version=a.version,
    )


to_wire = EventForms({AuthorityChanged: (subjects.AUTHORITY_CHANGED, _authority_changed)})
"""The reporting service's domain events → CloudEvents in the outbox."""
