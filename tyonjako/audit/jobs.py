"""The audit log's periodic jobs: the retention purge (docs/security.md, "Audit retention")
and the seal of rows committed too far back for the seal after each commit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from tyonjako.jobs import schedule

from .chain import run_retention, seal_recent


def purge_expired() -> dict[str, Any]:
    """Seal the log, then remove what is past TYONJAKO_AUDIT_RETENTION_YEARS (re-anchored)."""
    return {key: str(value) for key, value in dataclasses.asdict(run_retention()).items()}


def seal_late_rows() -> dict[str, Any]:
    """Seal the rows committed behind the chain's end (a long import beside other writers)."""
    return {"sealed": seal_recent()}


schedule.register("audit-retention", purge_expired, daily_at=dt.time(3, 15))
schedule.register("audit-seal", seal_late_rows, every=dt.timedelta(minutes=5))
