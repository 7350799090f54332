"""The pilots' periodic job: freeze every checkpoint whose data cut-off has passed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tyonjako.common.clock import today
from tyonjako.jobs import schedule

from .actions import freeze_due_checkpoints


def freeze_checkpoints() -> dict[str, Any]:
    frozen = freeze_due_checkpoints(today())
    return {"frozen": [f"{cp.pilot.key}/{cp.key}" for cp in frozen]}


schedule.register("pilot-checkpoints", freeze_checkpoints, daily_at=dt.time(4, 0))
