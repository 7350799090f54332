"""Pure (Django-free) caseload rules: compliance checks and worker suggestions.

Public API::

    check_client(client, today, calendar, soon_weekdays=2) -> list[Finding]
    check_all(clients, today, calendar, soon_weekdays=2) -> list[Finding]
    RULES: dict[str, RuleInfo]
    weighted_loads(assignments, workers, weights) -> dict[int, float]
    team_median(loads, worker_ids) -> float
    exclusion(worker, client, role) -> str | None
    suggest_workers(client, workers, loads, *, role="personal_worker", limit=5) -> Suggestions
    explain(reason, language) -> str

The inputs are the plain dataclasses of :mod:`.facts`; ``today`` always comes
from the caller (``tyonjako.common.clock.today()`` in production).
"""

from __future__ import annotations

from tyonjako.assessments.engine.calendar import WorkCalendar

from .compliance import RULES, Finding, RuleInfo, check_all, check_client
from .facts import CaseloadWeights, ClientFacts, Texts, WorkerFacts
from .ranking import (
    CONTINUITY_BONUS,
    LANGUAGE_BONUS,
    Reason,
    Suggestion,
    Suggestions,
    allowed_professions,
    exclusion,
    explain,
    explain_all,
    format_number,
    may_pair_across_teams,
    nearness,
    suggest_workers,
    team_median,
    weighted_loads,
)

__all__ = [
    "CONTINUITY_BONUS",
    "LANGUAGE_BONUS",
    "RULES",
    "CaseloadWeights",
    "ClientFacts",
    "Finding",
    "Reason",
    "RuleInfo",
    "Suggestion",
    "Suggestions",
    "Texts",
    "WorkCalendar",
    "WorkerFacts",
    "allowed_professions",
    "check_all",
    "check_client",
    "exclusion",
    "explain",
    "explain_all",
    "format_number",
    "may_pair_across_teams",
    "nearness",
    "suggest_workers",
    "team_median",
    "weighted_loads",
]
