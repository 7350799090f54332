"""Who does what through the door: encounters by task and profession.

The counting is `tyonjako.tasks.report.count_tasks`; this module decides the
place (in scope), the period and the suppression, like every other aggregate.
"""

from __future__ import annotations

from typing import Any

from .door import ReportScope


def tasks_report(scope: ReportScope, code: str) -> dict[str, Any]:
    """Per task {profession: {count, hours}} of one place in scope over the scope's period."""
    from tyonjako.tasks.report import count_tasks

    place = scope.place(code)
    report = count_tasks(place.code, scope.period.start, scope.period.end)
    if scope.suppress:
        report = suppress_tasks(report, scope.threshold)
    return {**report, **scope.header()}


def suppress_tasks(report: dict[str, Any], threshold: int) -> dict[str, Any]:
    """Counts 1…threshold-1 hidden, and the hours of a hidden count with them.

    The task table has no total beside its cells, so each small cell alone is hidden."""

    def small(n: int) -> bool:
        return 0 < n < threshold

    tasks = {
        task: {
            profession: ({"count": None, "hours": None} if small(cell["count"]) else dict(cell))
            for profession, cell in by_profession.items()
        }
        for task, by_profession in report["tasks"].items()
    }
    return {
        **report,
        "tasks": tasks,
        "unlinked": {key: None if small(n) else n for key, n in report["unlinked"].items()},
        "flagged": None if small(report["flagged"]) else report["flagged"],
    }
