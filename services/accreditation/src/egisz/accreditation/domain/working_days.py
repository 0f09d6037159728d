"""The review terms and the working days they are counted in, by a calendar. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol


class WorkingCalendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...


@dataclass(frozen=True)
class Weekdays:
    """Monday to Friday but the given days off; the service uses the production calendar."""

    days_off: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.days_off


def add_working_days(start: date, days: int, calendar: WorkingCalendar | None = None) -> date:
    """The date `days` working days after `start`, by the calendar."""
    calendar = calendar or MONDAY_TO_FRIDAY
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            left -= 1
    return current


MONDAY_TO_FRIDAY = Weekdays()


@dataclass(frozen=True)
class ReviewTerms:
    """How long the center may take: the documents checked within `check_days` working days of
    the package's arrival, the decision within `decision_days` more from the day they were
    (20 and 15 by default: settings), counted by the production calendar."""

    check_days: int = 20
    decision_days: int = 15
    calendar: WorkingCalendar = MONDAY_TO_FRIDAY

    def documents_due(self, arrived: date) -> date:
        return add_working_days(arrived, self.check_days, self.calendar)

    def decision_due(self, documents_checked: date) -> date:
        return add_working_days(documents_checked, self.decision_days, self.calendar)
