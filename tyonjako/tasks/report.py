"""Who does what: encounters by task and profession, the figure behind a staffing decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from tyonjako.common.professions import profession_of_title
from tyonjako.encounters.stats import StatsFilter

from .catalogue import TaskRow, task_report
from .services import active_catalogue


def count_tasks(code: str, start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    """Per task {profession: {count, hours}}; social workers' share of time on counsellor tasks.

    Unsuppressed and unscoped: reach it through `tyonjako.reports.tasks` (the door)."""
    encounters = StatsFilter(code, start, end).queryset()
    rows = (
        encounters.order_by()
        .values_list("task_code", "worker__job_title", "duration_min")
        .annotate(n=Count("id"))
    )
    task_rows = [
        TaskRow(task or None, profession_of_title(title), minutes)
        for task, title, minutes, n in rows
        for _ in range(n)
    ]
    report = task_report(task_rows, active_catalogue())
    flagged = encounters.filter(~Q(task_flag="")).count()
    return {
        "unit": code,
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        **report,
        "flagged": flagged,
    }
