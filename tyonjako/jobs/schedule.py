"""The schedule, declared in code: periodic jobs and when each is due.

An app registers its periodic jobs in its own ``jobs.py`` (found when the jobs app
starts)::

    schedule.register("compliance-record", record_compliance, daily_at=dt.time(6, 0))
    schedule.register("tallies-refresh", refresh_stale_tallies, every=dt.timedelta(minutes=5))

A periodic job is a function without arguments returning a small JSON-able dict (or
None); it runs as a job of its own name, so its state shows like any other job's.

The worker's housekeeping asks `due_slot` for each entry; a slot names one run (a
Helsinki day, or one window of `every`), and the database records each (name, slot)
once, so a periodic job runs once per slot however many workers there are, and a day
missed while no worker ran is made up when one starts. The functions here are pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tyonjako.common.clock import HELSINKI


@dataclass(frozen=True)
class Periodic:
    name: str
    function: Callable[[], dict[str, Any] | None]
    daily_at: dt.time | None = None  # Helsinki wall-clock time
    every: dt.timedelta | None = None


REGISTRY: dict[str, Periodic] = {}


def register(
    name: str,
    function: Callable[[], dict[str, Any] | None],
    *,
    daily_at: dt.time | None = None,
    every: dt.timedelta | None = None,
) -> Periodic:
    """Declare a periodic job: exactly one of ``daily_at`` and ``every``."""
    if (daily_at is None) == (every is None):
        raise ValueError(f"{name}: give exactly one of daily_at and every")
    if every is not None and every.total_seconds() < 60:
        raise ValueError(f"{name}: run at most once a minute")
    entry = Periodic(name=name, function=function, daily_at=daily_at, every=every)
    REGISTRY[name] = entry
    from . import runner  # the job kind of the same name

    runner.define(name, lambda job, progress: function() or {})
    return entry


def due_slot(entry: Periodic, moment: dt.datetime) -> str:
    """The slot of the latest run of ``entry`` that is due at ``moment`` (aware)."""
    if entry.every is not None:
        step = int(entry.every.total_seconds())
        return f"w{int(moment.timestamp()) // step * step}"
    assert entry.daily_at is not None
    local = moment.astimezone(HELSINKI)
    day = local.date()
    if local.time() < entry.daily_at:
        day -= dt.timedelta(days=1)
    return day.isoformat()


def due(
    entries: list[Periodic], moment: dt.datetime, done: Callable[[str, str], bool]
) -> list[tuple[Periodic, str]]:
    """The entries whose latest slot has not run yet, with that slot."""
    slots = [(entry, due_slot(entry, moment)) for entry in entries]
    return [(entry, slot) for entry, slot in slots if not done(entry.name, slot)]
