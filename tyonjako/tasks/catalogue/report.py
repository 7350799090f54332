"""Time by task and profession, and how much social-worker time goes to tasks a
counsellor may do. Imported through `rules.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .model import SOCIAL_WORKER, Catalogue

COUNSELLOR_TASKS = ("counsellor", "either")


@dataclass(frozen=True)
class TaskRow:
    """One encounter: its task (None = not linked), who did it, and how long it took."""

    task_code: str | None
    profession: str
    minutes: int | None


def task_report(rows: Iterable[TaskRow], catalogue: Catalogue) -> dict[str, Any]:
    """Counts and hours per task and profession.

    A row without minutes counts its task's `typical_minutes`, else 0 (so an
    unlinked row or an unknown task without minutes adds no hours). Tasks appear
    in the catalogue's order; codes not in the catalogue last, as they are.

    `social_worker_share_on_counsellor_tasks` = social workers' minutes on tasks
    whose `who` is counsellor or either, divided by all social workers' minutes
    (unlinked rows included); None when social workers have no minutes.
    """
    minutes: dict[str, dict[str, int]] = {}
    counts: dict[str, dict[str, int]] = {}
    unlinked: dict[str, int] = {}
    sw_all = sw_counsellor = 0
    for row in rows:
        spent = _minutes(row, catalogue)
        if row.profession == SOCIAL_WORKER:
            sw_all += spent
            sw_counsellor += spent if _is_counsellor_task(row.task_code, catalogue) else 0
        if row.task_code is None:
            unlinked[row.profession] = unlinked.get(row.profession, 0) + 1
            continue
        by_profession = minutes.setdefault(row.task_code, {})
        by_profession[row.profession] = by_profession.get(row.profession, 0) + spent
        tally = counts.setdefault(row.task_code, {})
        tally[row.profession] = tally.get(row.profession, 0) + 1
    ordered = sorted(minutes, key=lambda code: (catalogue.order(code), code))
    return {
        "tasks": {
            code: {
                profession: {"count": counts[code][profession], "hours": _hours(spent)}
                for profession, spent in sorted(minutes[code].items())
            }
            for code in ordered
        },
        "social_worker_hours": _hours(sw_all),
        "social_worker_hours_on_counsellor_tasks": _hours(sw_counsellor),
        "social_worker_share_on_counsellor_tasks": _share(sw_counsellor, sw_all),
        "unlinked": dict(sorted(unlinked.items())),
    }


def _minutes(row: TaskRow, catalogue: Catalogue) -> int:
    if row.minutes is not None:
        if row.minutes < 0:
            raise ValueError(f"negative minutes in {row!r}")
        return row.minutes
    task = catalogue.task(row.task_code) if row.task_code else None
    return task.typical_minutes or 0 if task is not None else 0


def _is_counsellor_task(code: str | None, catalogue: Catalogue) -> bool:
    task = catalogue.task(code) if code else None
    return task is not None and task.who in COUNSELLOR_TASKS


def _hours(minutes: int) -> float:
    return float((Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _share(part: int, whole: int) -> float | None:
    if whole == 0:
        return None
    return float((Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"), ROUND_HALF_UP))
