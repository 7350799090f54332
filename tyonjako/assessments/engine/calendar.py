"""Working-day arithmetic for statutory deadlines.

Sosiaalihuoltolaki §36 counts deadlines in *arkipäivä* (weekdays). Which days
count is data in the instrument (``calendar``), because the sources use the
word loosely: Monday–Friday without public holidays is the default, but a
county may decide that Saturdays count.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

WEEKDAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ONE_DAY = timedelta(days=1)
# A calendar whose every day is a holiday would loop forever; no real
# deadline needs more than a few years of look-ahead.
_MAX_SCAN_DAYS = 3 * 366


def country_supported(code: str) -> bool:
    """True if the ``holidays`` package knows public holidays for ``code``."""
    try:
        holidays.country_holidays(code)
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are working days; immutable apart from a per-year holiday cache."""

    working_days: frozenset[int] = frozenset(range(5))
    public_holidays: str | None = "FI"
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    _cache: dict[int, frozenset[date]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    def holidays_in(self, year: int) -> frozenset[date]:
        """Public holidays of one year, computed once per year and cached."""
        cached = self._cache.get(year)
        if cached is None:
            found: frozenset[date] = frozenset()
            if self.public_holidays:
                found = frozenset(holidays.country_holidays(self.public_holidays, years=year))
            cached = self._cache[year] = found
        return cached

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day.weekday() not in self.working_days:
            return False
        return day not in self.holidays_in(day.year)

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start``; ``count == 0`` gives ``start``.

        The start date itself never counts, matching "at the latest on the 7th
        weekday after the matter became pending".
        """
        if count < 0:
            raise ValueError("count must be >= 0")
        day, found = start, 0
        for _ in range(_MAX_SCAN_DAYS):
            if found == count:
                return day
            day += _ONE_DAY
            if self.is_working_day(day):
                found += 1
        raise ValueError("calendar has too few working days to compute the deadline")


def add_days(start: date, count: int) -> date:
    return start + timedelta(days=count)


def add_months(start: date, count: int) -> date:
    """Same day ``count`` months later, clamped to the month's end (31.1. + 1 → 28./29.2.)."""
    month_index = start.month - 1 + count
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))
