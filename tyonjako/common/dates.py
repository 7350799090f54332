"""Dates as Finnish people and record-system exports write them."""

from __future__ import annotations

import datetime as dt
import re

_FINNISH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(text: str) -> dt.date:
    """Parse 31.12.2023 or 2023-12-31. Raises ValueError naming the expected forms."""
    value = text.strip()
    match = _FINNISH.match(value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"not a date (31.12.2023 or 2023-12-31): {text!r}")
