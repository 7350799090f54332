"""Pure rules over the task catalogue: who may do a task, which job description
is in force, what changed, which task an encounter indicates, and the task report.

Every function takes plain values and returns plain values; nothing reads the
clock or the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .changes import Change, Move, describe_change, describe_move, diff_descriptions, moves
from .model import (
    COUNSELLOR,
    LEAD_SOCIAL_WORKER,
    PROFESSIONS,
    SERVICE_SECRETARY,
    SOCIAL_WORKER,
    Catalogue,
    JobDescription,
    Task,
    Texts,
)
from .report import TaskRow, task_report

__all__ = [
    "Change",
    "Move",
    "Permission",
    "TaskRow",
    "derive_task",
    "describe_change",
    "describe_move",
    "diff_descriptions",
    "effective_description",
    "may_do",
    "moves",
    "task_report",
]

_SOCIAL_WORKERS = {SOCIAL_WORKER, LEAD_SOCIAL_WORKER}
_WELFARE_PROFESSIONALS = _SOCIAL_WORKERS | {COUNSELLOR}

# who -> (professions allowed, reason code when not allowed)
_ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "social_worker_only": (frozenset(_SOCIAL_WORKERS), "social_worker_task"),
    "counsellor": (frozenset(_WELFARE_PROFESSIONALS), "counsellor_task"),
    "either": (frozenset(_WELFARE_PROFESSIONALS), "social_welfare_task"),
    "service_secretary": (frozenset({SERVICE_SECRETARY}), "service_secretary_task"),
    "other": (frozenset(PROFESSIONS), ""),
}


@dataclass(frozen=True)
class Permission:
    """May this profession do this task?

    `allowed=False, refusal=True`: the law reserves the task; the system refuses.
    `allowed=False, refusal=False`: the job descriptions give it to someone else;
    the system warns and lets the person go on.
    """

    allowed: bool
    refusal: bool
    reason_code: str
    legal_basis: Texts


def may_do(task: Task, profession: str) -> Permission:
    """`lead_social_worker` counts as a social worker; `other` may only do `other` tasks."""
    if profession not in PROFESSIONS:
        raise ValueError(f"unknown profession {profession!r}; use one of {', '.join(PROFESSIONS)}")
    allowed, reason = _ALLOWED[task.who]
    if profession in allowed:
        return Permission(True, False, "allowed", task.legal_basis)
    if task.reserved:
        return Permission(False, True, f"reserved_{task.reserved}", task.legal_basis)
    return Permission(False, False, reason, task.legal_basis)


# ---------------------------------------------------------------- job descriptions


def effective_description(
    descriptions: Iterable[JobDescription], profession: str, unit: str, day: dt.date
) -> JobDescription | None:
    """The description in force on `day` for `profession` in `unit`.

    A unit's own description in force wins over the all-units one, even an
    all-units version that started later. Among candidates the latest
    `effective_from` wins, then the highest version.
    """
    in_force = [d for d in descriptions if d.profession == profession and d.effective_from <= day]
    own = [d for d in in_force if unit and d.unit == unit]
    general = [d for d in in_force if d.unit == ""]
    candidates = own or general
    if not candidates:
        return None
    return max(candidates, key=lambda d: (d.effective_from, d.version))


# ---------------------------------------------------------------- deriving a task


def derive_task(
    codes: Iterable[str],
    reason: str | None,
    catalogue: Catalogue,
    *,
    profession: str | None = None,
) -> str | None:
    """The task an encounter's codes and reason indicate, or None.

    A code indicator beats a reason indicator; among equals the catalogue's
    order decides. A code indicator without a subcode (`ICD10:Z59`) also
    matches its subcodes (`ICD10:Z59.0`). Given a profession, a task that
    profession may do is preferred over one it may not (code, then reason);
    only when none is allowed does the first match count.
    """
    wanted_codes = {_norm(code) for code in codes if code and code.strip()}
    wanted_reason = _norm(reason) if reason else ""
    by_code = [t for t in catalogue.tasks.values() if _code_match(t, wanted_codes)]
    by_reason = [t for t in catalogue.tasks.values() if _reason_match(t, wanted_reason)]
    ranked = by_code + by_reason
    if profession is not None:
        ranked = [t for t in ranked if may_do(t, profession).allowed] + ranked
    return ranked[0].code if ranked else None


def _norm(value: str) -> str:
    return value.strip().casefold()


def _code_match(task: Task, codes: set[str]) -> bool:
    for indicator in task.indicators:
        if indicator.kind != "code":
            continue
        value = _norm(indicator.value)
        if value in codes or any(code.startswith(value + ".") for code in codes):
            return True
    return False


def _reason_match(task: Task, reason: str) -> bool:
    return bool(reason) and any(
        i.kind == "reason" and _norm(i.value) == reason for i in task.indicators
    )
