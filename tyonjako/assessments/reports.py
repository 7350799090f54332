"""Figures about assessments: overrides per team and period, and what-if runs.

The override page, `GET /api/v1/assessments/overrides/` and
`tyonjako report overrides` all show `override_figures`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from tyonjako.common.clock import HELSINKI
from tyonjako.common.suppression import PROTECTED, Shown, is_small, suppress_row

from .engine import Instrument, WhatIfReport, what_if
from .models import Assessment, AssessmentStatus, OverrideReason
from .rules import NO_PERSONAL_WORKER

DECIDED = (AssessmentStatus.AWAITING_CONFIRMATION, AssessmentStatus.COMPLETED)
EVALUATED = (AssessmentStatus.RECOMMENDED, *DECIDED)
DIRECTIONS = ("heavier", "lighter", "same")


def _period(
    queryset: QuerySet[Assessment], field: str, start: dt.date | None, end: dt.date | None
) -> QuerySet[Assessment]:
    if start is not None:
        queryset = queryset.filter(
            **{f"{field}__gte": dt.datetime.combine(start, dt.time.min, tzinfo=HELSINKI)}
        )
    if end is not None:
        after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=HELSINKI)
        queryset = queryset.filter(**{f"{field}__lt": after})
    return queryset


def override_figures(
    team_ids: Iterable[int] | None, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Decisions and overrides per team over a period (by the date of decision)."""
    decided = Assessment.objects.filter(status__in=DECIDED)
    if team_ids is not None:
        decided = decided.filter(client__team_id__in=list(team_ids))
    decided = _period(decided, "decided_at", start, end)
    rows = decided.values_list(
        "client__team__code",
        "is_override",
        "override_direction",
        "override_reason",
        "personal_worker",
    )
    teams: dict[str, dict[str, Any]] = defaultdict(_empty_row)
    for team, overridden, direction, reason, worker in rows.iterator():
        _add(teams[team], overridden, direction, reason)
        # §42: "personal worker clearly unnecessary" decisions are counted on their own.
        teams[team]["unnecessary"] += int(worker == NO_PERSONAL_WORKER)
    total = _empty_row()
    for row in teams.values():
        _merge(total, row)
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "teams": {code: _with_rate(row) for code, row in sorted(teams.items())},
        "total": _with_rate(total),
    }


def _empty_row() -> dict[str, Any]:
    return {
        "decided": 0,
        "overrides": 0,
        "unnecessary": 0,
        "directions": dict.fromkeys(DIRECTIONS, 0),
        "reasons": dict.fromkeys(OverrideReason.values, 0),
    }


def _add(row: dict[str, Any], overridden: bool, direction: str, reason: str) -> None:
    row["decided"] += 1
    if overridden:
        row["overrides"] += 1
        row["directions"][direction or "same"] += 1
        if reason in row["reasons"]:
            row["reasons"][reason] += 1


def _merge(total: dict[str, Any], row: dict[str, Any]) -> None:
    total["decided"] += row["decided"]
    total["overrides"] += row["overrides"]
    total["unnecessary"] += row["unnecessary"]
    for key in DIRECTIONS:
        total["directions"][key] += row["directions"][key]
    for key in OverrideReason.values:
        total["reasons"][key] += row["reasons"][key]


def _with_rate(row: dict[str, Any]) -> dict[str, Any]:
    rate = round(100 * row["overrides"] / row["decided"], 1) if row["decided"] else None
    return {**row, "override_rate": rate}


def suppress_override_figures(figures: dict[str, Any], threshold: int) -> dict[str, Any]:
    """Hide small counts for people who do not see clients.

    Decisions per team are suppressed against their total; each team's
    override breakdown (directions, reasons) is suppressed against its own
    override count. Rates built on a hidden count are hidden too.
    """
    teams = figures["teams"]
    decided = suppress_row({code: row["decided"] for code, row in teams.items()}, threshold)
    overrides = suppress_row({code: row["overrides"] for code, row in teams.items()}, threshold)
    unnecessary = suppress_row({code: row["unnecessary"] for code, row in teams.items()}, threshold)
    hidden_teams = {
        code: {
            **_suppress_team(row, decided.shown[code], overrides.shown[code], threshold),
            "unnecessary": unnecessary.shown[code],
        }
        for code, row in teams.items()
    }
    total = {
        **_suppress_team(figures["total"], decided.shown_total, overrides.shown_total, threshold),
        "unnecessary": unnecessary.shown_total,
    }
    return {
        **figures,
        "teams": hidden_teams,
        "total": total,
        "suppressed": True,
        "threshold": threshold,
    }


def _suppress_team(
    row: dict[str, Any], decided: Shown, overrides: Shown, threshold: int
) -> dict[str, Any]:
    """A hidden override count hides its breakdown: each part is marked as protecting
    it (or "<5" where the part itself is small)."""
    breakdown_visible = isinstance(overrides, int)
    directions = (
        suppress_row(row["directions"], threshold).shown
        if breakdown_visible
        else _hidden_parts(row["directions"], threshold)
    )
    reasons = (
        suppress_row(row["reasons"], threshold).shown
        if breakdown_visible
        else _hidden_parts(row["reasons"], threshold)
    )
    visible = isinstance(decided, int) and isinstance(overrides, int)
    rate = row["override_rate"] if visible else None
    return {
        "decided": decided,
        "overrides": overrides,
        "directions": directions,
        "reasons": reasons,
        "override_rate": rate,
    }


def _hidden_parts(parts: dict[str, int], threshold: int) -> dict[str, Shown]:
    return {
        key: 0 if n == 0 else (None if is_small(n, threshold) else PROTECTED)
        for key, n in parts.items()
    }


# ---------------------------------------------------------------- what-if


def stored_cases(
    team_ids: Iterable[int] | None, start: dt.date | None = None, end: dt.date | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(assessment id, answers) of evaluated assessments, streamed."""
    assessments = Assessment.objects.filter(status__in=EVALUATED)
    if team_ids is not None:
        assessments = assessments.filter(client__team_id__in=list(team_ids))
    assessments = _period(assessments, "evaluated_at", start, end)
    for pk, answers in assessments.values_list("pk", "answers").iterator(chunk_size=5000):
        yield str(pk), answers


def what_if_stored(
    current: Instrument,
    draft: Instrument,
    team_ids: Iterable[int] | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> WhatIfReport:
    return what_if(current, draft, stored_cases(team_ids, start, end))


def what_if_summary(report: WhatIfReport, *, include_ids: bool) -> dict[str, Any]:
    """The report as JSON; assessment ids only for those who may see clients."""
    data = report.to_dict()
    if not include_ids:
        data.pop("changed_case_ids", None)
        data["invalid_cases"] = len(report.invalid_cases)
    return data


def top_rules(report: WhatIfReport, limit: int = 10) -> list[tuple[str, int]]:
    return Counter(report.causing_rules).most_common(limit)
