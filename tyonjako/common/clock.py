"""The one clock of the project.

Everything that needs the current time asks here, so tests can freeze it and
so that "today" always means today in Helsinki, not in UTC.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC inside, shown in Helsinki time)."""
    return dt.datetime.now(tz=dt.UTC)


def today() -> dt.date:
    """Today's date in Helsinki."""
    return now().astimezone(HELSINKI).date()
