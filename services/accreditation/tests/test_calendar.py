"""Review deadlines count working days of Russia's production calendar, corrected by settings."""

from __future__ import annotations

from datetime import date

from egisz.accreditation.calendar import ProductionCalendar
from egisz.accreditation.domain.working_days import add_working_days

CALENDAR = ProductionCalendar()


def test_new_year_holidays_and_a_moved_day_off_are_skipped() -> None:
    # 31.12.2026 is a day off moved from 04.01; 01–08.01 are the New Year holidays.
    assert add_working_days(date(2026, 12, 30), 1, CALENDAR) == date(2027, 1, 11)


def test_a_working_saturday_counts() -> None:
    assert CALENDAR.is_working_day(date(2025, 11, 1))  # moved from 03.11.2025
    assert not CALENDAR.is_working_day(date(2025, 11, 3))


def test_settings_correct_the_calendar_for_a_decree_it_does_not_know() -> None:
    corrected = ProductionCalendar(
        extra_days_off=[date(2027, 6, 11)], extra_working_days=[date(2027, 6, 5)]
    )
    assert not corrected.is_working_day(date(2027, 6, 11))
    assert corrected.is_working_day(date(2027, 6, 5))  # a Saturday
    assert CALENDAR.is_working_day(date(2027, 6, 11))
