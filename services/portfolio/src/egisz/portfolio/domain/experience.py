"""Work experience as FRMR's jobs give it: entries, tenure in years, months and days, the
organizations known by name and head, and the report's period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from egisz.portfolio.domain.names import person_key


@dataclass(frozen=True)
class Tenure:
    years: int
    months: int
    days: int


def tenure(start: date, end: date) -> Tenure:
    """Calendar time from `start` to `end` inclusive of whole days, as years, months, days."""
    if end < start:
        return Tenure(0, 0, 0)
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    anchor_year, anchor_month = divmod(start.month - 1 + months, 12)
    anchor = _clamped(start.year + anchor_year, anchor_month + 1, start.day)
    return Tenure(months // 12, months % 12, (end - anchor).days)


def worked(start: date, end: date | None, today: date) -> Tenure:
    """A job's (or a line's) tenure up to its end, or up to today while it goes on."""
    return tenure(start, min(end or today, today))


def add_up(parts: list[Tenure]) -> Tenure:
    """Стаж as HR counts it: sum years, months and days; 30 days make a month, 12 a year."""
    days = sum(t.days for t in parts)
    months = sum(t.months for t in parts) + days // 30
    years = sum(t.years for t in parts) + months // 12
    return Tenure(years, months % 12, days % 30)


def _clamped(year: int, month: int, day: int) -> date:
    for d in (day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError("unreachable")


def years_before(day: date, years: int) -> date:
    return _clamped(day.year - years, day.month, day.day)


@dataclass(frozen=True)
class ExperienceEntry:
    """A job as FRMR records it (registry-confirmed)."""

    employment_id: str
    organization_oid: str
    subdivision_oid: str | None
    position: str
    kind: str
    rate: str
    start_date: date
    end_date: date | None
    dismissal_reason: str | None
    record_version: int
    end_declared: bool = False  # `end_date` is the worker's word (FRMR shows the job open)

    def current(self, today: date) -> bool:
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    def overlaps(self, start: date, end: date) -> bool:
        return self.start_date <= end and (self.end_date or date.max) >= start


@dataclass
class KnownOrganization:
    """An FRMO organization as the registry announced it: what an experience entry needs to
    carry organization data, and its head."""

    def headed_by(self, name: str | None) -> bool:
        """Whether `name` is the head FRMO records (case, «ё» and spacing aside)."""
        return bool(self.head_name and name) and person_key(self.head_name or "") == person_key(
            name or ""
        )

    id: str  # the OID
    name: str
    head_name: str | None = None  # as FRMO records it: who may approve for the organization
    legal_form: str | None = None  # legal_entity | individual_entrepreneur; None: not yet said
    officers: list[str] = field(default_factory=list)  # SNILS FRMO gives access, by its grants
    head_snils: str | None = None  # whose certificate signs as the head, as FRMO records it
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date
    employed_now: bool
    declared: bool = False  # «not employed» rests on a dismissal date only the worker gave


REPORT_YEARS = 5


def report_period(
    experience: list[ExperienceEntry], today: date, years: int = REPORT_YEARS
) -> ReportPeriod | None:
    """The last `years` years; for a worker not employed now, up to the dismissal date.
    None when FRMR has no job for the worker at all."""
    if not experience:
        return None
    if any(e.current(today) for e in experience):
        return ReportPeriod(years_before(today, years), today, employed_now=True)
    end = min(max(e.end_date or today for e in experience), today)
    declared = any(e.end_declared for e in experience)
    return ReportPeriod(years_before(end, years), end, employed_now=False, declared=declared)


def in_report(
    experience: list[ExperienceEntry], today: date, years: int = REPORT_YEARS
) -> list[ExperienceEntry]:
    """The jobs within the report period."""
    period = report_period(experience, today, years)
    if period is None:
        return []
    return [e for e in experience if e.overlaps(period.start, period.end)]


def total_tenure(
    experience: list[ExperienceEntry],
    today: date,
    years: int = REPORT_YEARS,
    *,
    also: list[ExperienceEntry] | None = None,
) -> Tenure:
    """Time worked within the report period (FRMR's jobs set it); overlapping jobs count
    once. `also`: more work to count within the same period (the worker's own lines)."""
    period = report_period(experience, today, years)
    if period is None:
        return Tenure(0, 0, 0)
    more = [e for e in also or [] if e.overlaps(period.start, period.end)]
    spans = sorted(
        (max(e.start_date, period.start), min(e.end_date or period.end, period.end))
        for e in [*in_report(experience, today, years), *more]
    )
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return add_up([tenure(start, end) for start, end in merged])
