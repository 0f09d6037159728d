"""FHIR's dates as a search reads them: a value stands for the interval its precision covers
(`2026` the year, `2026-03-05` the day, an instant its second), and a prefix compares a
moment with that interval (eq, ne, gt, lt, ge, le, sa, eb). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from egisz.registry.directory.domain.errors import SearchParameterError

PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb")
_FORM = re.compile(
    r"^(?P<y>(19|20)\d\d|2100)(-(?P<m>0[1-9]|1[0-2])(-(?P<d>0[1-9]|[12]\d|3[01])"
    r"(T(?P<t>[0-2]\d:[0-5]\d(:[0-5]\d(\.\d{1,6})?)?)(?P<z>Z|[+-][01]\d:[0-5]\d)?)?)?)?$"
)


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime  # exclusive

    def compared(self, prefix: str, moment: datetime) -> bool:
        """Whether `moment` stands to the interval as the prefix asks."""
        inside = self.start <= moment < self.end
        return {
            "eq": inside,
            "ne": not inside,
            "gt": moment >= self.end,
            "sa": moment >= self.end,
            "lt": moment < self.start,
            "eb": moment < self.start,
            "ge": moment >= self.start,
            "le": moment < self.end,
        }[prefix]

    def compared_with_period(self, prefix: str, period: str) -> bool:
        """Whether a period (`start|end`, days; no end: open) stands to the interval as the
        prefix asks, read as ranges: eq overlaps, ge/le reach, gt/lt go past."""
        first, _, last = period.partition("|")
        start = datetime.fromisoformat(first).replace(tzinfo=UTC)
        end = datetime.fromisoformat(last).replace(tzinfo=UTC) + timedelta(days=1) if last else None
        after_start = end is None or end > self.start
        overlaps = start < self.end and after_start
        return {
            "eq": overlaps,
            "ne": not overlaps,
            "gt": end is None or end > self.end,
            "sa": start >= self.end,
            "lt": start < self.start,
            "eb": end is not None and end <= self.start,
            "ge": after_start,
            "le": start < self.end,
        }[prefix]


def interval(name: str, raw: str) -> tuple[str, Interval]:
    """A prefixed FHIR date (`ge2026-01-01`, `2026-03`, `lt2026-03-05T10:00:00Z`)."""
    prefix = raw[:2] if raw[:2].isalpha() else "eq"
    value = raw[2:] if raw[:2].isalpha() else raw
    if prefix not in PREFIXES:
        raise SearchParameterError(
            name, f"{name}: префикс {', '.join(PREFIXES)} (ap не поддерживается)"
        )
    found = _FORM.match(value)
    if found is None:
        raise SearchParameterError(name, _HINT.format(name=name))
    y, m, d, t = found["y"], found["m"], found["d"], found["t"]
    try:
        if t:
            start = _at(value)
            step = timedelta(seconds=1) if len(t) <= 8 else timedelta(microseconds=1)
            return prefix, Interval(start, start + step)
        if d:
            start = datetime(int(y), int(m), int(d), tzinfo=UTC)
            return prefix, Interval(start, start + timedelta(days=1))
    except ValueError:
        raise SearchParameterError(name, _HINT.format(name=name)) from None
    if m:
        start = datetime(int(y), int(m), 1, tzinfo=UTC)
        after = datetime(int(y) + (int(m) == 12), int(m) % 12 + 1, 1, tzinfo=UTC)
        return prefix, Interval(start, after)
    return prefix, Interval(
        datetime(int(y), 1, 1, tzinfo=UTC), datetime(int(y) + 1, 1, 1, tzinfo=UTC)
    )


def instant(name: str, raw: str) -> datetime:
    """A day or an instant with no prefix (`_since`): a day is its first moment in UTC."""
    if raw[:2].isalpha():
        raise SearchParameterError(name, f"{name} — дата или момент без префикса")
    return interval(name, raw)[1].start


def _at(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_HINT = (
    "{name}: дата 1900–2100 (2026, 2026-03, 2026-03-05) или момент ISO 8601 (2026-03-05T10:00:00Z)"
)
