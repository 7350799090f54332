"""The caseload's periodic job: the daily compliance record (was a cron line)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tyonjako.common.clock import today
from tyonjako.jobs import schedule
from tyonjako.organisation.models import Team

from .compliance_db import record_snapshot, team_findings


def record_compliance() -> dict[str, Any]:
    """Today's compliance counts per team and rule (as `tyonjako compliance --record`)."""
    teams = list(Team.objects.all())
    day = today()
    findings = team_findings([team.pk for team in teams], day)
    record_snapshot(findings, teams, day)
    return {"day": day.isoformat(), "teams": len(teams), "findings": len(findings)}


schedule.register("compliance-record", record_compliance, daily_at=dt.time(5, 30))
