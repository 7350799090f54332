"""A statistics period split into whole calendar months and the days around them.

Whole months are read from the monthly tallies; the days of a period that
start or end inside a month are counted from the encounters themselves. Pure:
no database, tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def month_of(day: dt.date | str) -> dt.date:
    """The first day of the day's month (a raw SQLite cursor gives dates as ISO text)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    """The last day of the month that `month` falls in."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class PeriodSplit:
    """The months to read from tallies and the day ranges to count directly.

    `whole` is None when no whole month lies in the period; otherwise (first,
    last) months, where None means "without limit" on that side (an open
    period). `edges` are inclusive (start, end) day ranges; an open side of an
    edge is None as well."""

    whole: tuple[dt.date | None, dt.date | None] | None
    edges: tuple[tuple[dt.date | None, dt.date | None], ...]


def split_period(start: dt.date | None, end: dt.date | None) -> PeriodSplit:
    """Split [start, end] (either side open) into whole months and edge days.

    Every day of the period is in exactly one part: a whole month or an edge."""
    if start is not None and end is not None and start > end:
        return PeriodSplit(None, ())
    first: dt.date | None = None
    edges: list[tuple[dt.date | None, dt.date | None]] = []
    if start is not None:
        first = month_of(start)
        if start != first:
            head_end = month_end(start)
            if end is not None and end <= head_end:
                return PeriodSplit(None, ((start, end),))
            edges.append((start, head_end))
            first = head_end + dt.timedelta(days=1)
    last: dt.date | None = None
    if end is not None:
        last = month_of(end)
        if end != month_end(end):
            edges.append((last, end))
            last = _previous_month(last)
    if first is not None and last is not None and first > last:
        return PeriodSplit(None, tuple(edges))
    return PeriodSplit((first, last), tuple(edges))


def _previous_month(month: dt.date) -> dt.date:
    return month_of(month - dt.timedelta(days=1))
