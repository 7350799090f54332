"""Which workers are dead: pure rules over the heartbeats.

A worker on this host is alive exactly when its process is (a killed process is seen at
once); a worker on another host is alive while its heartbeat is fresh. A heartbeat can
lag while SQLite holds an import's write lock, but SQLite runs on one host, where the
process check decides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

STALE_AFTER = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class Beat:
    worker_id: str
    host: str
    pid: int
    seen_at: dt.datetime


def is_alive(
    beat: Beat | None,
    *,
    now: dt.datetime,
    host: str,
    process_exists: Callable[[int], bool],
    stale_after: dt.timedelta = STALE_AFTER,
) -> bool:
    if beat is None:
        return False
    if beat.host == host:
        return process_exists(beat.pid)
    return now - beat.seen_at <= stale_after


def dead(
    worker_ids: Iterable[str],
    beats: dict[str, Beat],
    *,
    now: dt.datetime,
    host: str,
    process_exists: Callable[[int], bool],
    stale_after: dt.timedelta = STALE_AFTER,
) -> set[str]:
    return {
        worker_id
        for worker_id in worker_ids
        if not is_alive(
            beats.get(worker_id),
            now=now,
            host=host,
            process_exists=process_exists,
            stale_after=stale_after,
        )
    }
