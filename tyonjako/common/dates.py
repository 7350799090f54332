"""Dates as Finnish people and record-system exports write them."""

from __future__ import annotations

import datetime as dt
import re

_FINNISH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")

# The dates the program works with. Outside them, period arithmetic (the day after
# 31.12.9999) overflows; no social-work record is dated there.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)


def in_range(day: dt.date) -> bool:
    return MIN_DATE <= day <= MAX_DATE


def parse_date(text: str) -> dt.date:
    """Parse 31.12.2023 or 2023-12-31. Raises ValueError naming the expected forms.

    Any date the calendar has (files use 31.12.9999 for "no end"); a date typed
    into a filter goes through :func:`parse_input_date`."""
    value = text.strip()
    match = _FINNISH.match(value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date (31.12.2023 or 2023-12-31): {text[:40]!r}") from None


def parse_input_date(text: str) -> dt.date:
    """A date given as a filter or an argument: as :func:`parse_date`, and between
    1.1.1900 and 31.12.2199 (beyond them period arithmetic overflows)."""
    parsed = parse_date(text)
    if not in_range(parsed):
        raise ValueError(f"the date {text[:40]!r} is outside 1.1.1900–31.12.2199")
    return parsed
