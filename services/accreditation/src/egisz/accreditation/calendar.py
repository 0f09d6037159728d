"""The production calendar (производственный календарь) review deadlines are counted in:
python-holidays knows Russia's public holidays, the days off moved by government decree and the
working Saturdays they are moved from; the settings correct it for a decree it does not know yet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays


class ProductionCalendar:
    def __init__(
        self,
        country: str = "RU",
        *,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self._holidays = holidays.country_holidays(country)
        self._off = frozenset(extra_days_off)
        self._working = frozenset(extra_working_days)

    def is_working_day(self, day: date) -> bool:
        if day in self._working:
            return True
        if day in self._off:
            return False
        return bool(self._holidays.is_working_day(day))
