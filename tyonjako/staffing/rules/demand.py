"""Measured client work split into the demand only a social worker may meet and the
demand a counsellor may meet (pure; the rows come from reports/staffing.py).

An encounter is **social-worker-only** when its task is reserved to a social
worker (`who: social_worker_only` or a `reserved` reason in the task catalogue)
or its client has a decided special support need (Sosiaalihuoltolaki §42: the
personal worker is a social worker). It is **counsellor-eligible** when its
task's `who` is `counsellor` or `either`; everything else (service secretary's
tasks, unlinked encounters) is **other**. Minutes are the encounter's duration,
else the task's typical minutes, else none — as in the task report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from tyonjako.tasks.catalogue import Catalogue

from .scenario import Demand

SOCIAL_WORKER_ONLY = "social_worker_only"
COUNSELLOR_ELIGIBLE = "counsellor_eligible"
OTHER = "other"
KINDS = (SOCIAL_WORKER_ONLY, COUNSELLOR_ELIGIBLE, OTHER)


@dataclass(frozen=True)
class WorkRow:
    """`count` encounters with the same task, profession, minutes and special support."""

    task_code: str | None
    profession: str
    minutes: int | None
    special_support: bool
    count: int = 1


def kind_of(row: WorkRow, catalogue: Catalogue) -> str:
    task = catalogue.task(row.task_code) if row.task_code else None
    if row.special_support:
        return SOCIAL_WORKER_ONLY
    if task is None:
        return OTHER
    if task.who == "social_worker_only" or task.reserved:
        return SOCIAL_WORKER_ONLY
    if task.who in ("counsellor", "either"):
        return COUNSELLOR_ELIGIBLE
    return OTHER


def _minutes(row: WorkRow, catalogue: Catalogue) -> int:
    if row.minutes is not None:
        return max(row.minutes, 0)
    task = catalogue.task(row.task_code) if row.task_code else None
    return (task.typical_minutes or 0) if task is not None else 0


def demand_of(rows: Iterable[WorkRow], catalogue: Catalogue, period_days: int) -> Demand:
    minutes = dict.fromkeys(KINDS, 0)
    done_by: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    for row in rows:
        spent = _minutes(row, catalogue) * row.count
        kind = kind_of(row, catalogue)
        minutes[kind] += spent
        done_by[kind][row.profession] = done_by[kind].get(row.profession, 0) + spent
    hours = {kind: Decimal(value) / 60 for kind, value in minutes.items()}
    return Demand(
        period_days=period_days,
        social_worker_only=hours[SOCIAL_WORKER_ONLY],
        counsellor_eligible=hours[COUNSELLOR_ELIGIBLE],
        other=hours[OTHER],
        done_by=MappingProxyType(
            {
                kind: MappingProxyType(
                    {p: Decimal(m) / 60 for p, m in sorted(by_profession.items())}
                )
                for kind, by_profession in done_by.items()
            }
        ),
    )
