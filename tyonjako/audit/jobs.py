"""The audit log's periodic job: the retention purge (docs/security.md, "Audit retention")."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from tyonjako.jobs import schedule

from .chain import run_retention


def purge_expired() -> dict[str, Any]:
    """Seal the log, then remove what is past TYONJAKO_AUDIT_RETENTION_YEARS (re-anchored)."""
    return {key: str(value) for key, value in dataclasses.asdict(run_retention()).items()}


schedule.register("audit-retention", purge_expired, daily_at=dt.time(3, 15))
