"""Figures of the lead's pages: intake queue, suggestions, caseload dashboard.

Each is one function the page, the API and the command line share.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from tyonjako.clients.models import Client
from tyonjako.organisation.models import Team

from .compliance_db import county_calendar
from .compliance_db import long_wait_days as configured_long_wait_days
from .facts_db import (
    active_client_rows,
    all_worker_facts,
    client_facts,
    facts_for_rows,
    load_rows,
    weights_from_db,
)
from .models import Assignment, AssignmentKind
from .rules import (
    ClientFacts,
    Suggestions,
    WorkCalendar,
    WorkerFacts,
    check_all,
    may_pair_across_teams,
    suggest_workers,
    team_median,
    weighted_loads,
)
from .rules.compliance import days_waited, is_waiting, waits_long
from .rules.facts import PAIR, PERSONAL_WORKER

SOON_WEEKDAYS = 2


def _deadline_state(facts: ClientFacts, day: dt.date, calendar: WorkCalendar) -> str:
    deadline = facts.assessment_start_deadline
    if deadline is None or facts.assessment_started_on is not None:
        return ""
    if day > deadline:
        return "passed"
    if deadline <= calendar.add_working_days(day, SOON_WEEKDAYS):
        return "soon"
    return "ok"


def intake_queue(
    team: Team, day: dt.date, long_wait_days: int | None = None
) -> list[dict[str, Any]]:
    """Team's clients without a decided assessment or a personal worker; soonest deadline first.

    Each row has the days waited and `long_wait` from `long_wait_days` (default: the
    QUEUE_LONG_WAIT_DAYS setting)."""
    if long_wait_days is None:
        long_wait_days = configured_long_wait_days()
    workers = all_worker_facts(day, [team.pk])
    calendar = county_calendar()
    rows = []
    for facts in facts_for_rows(active_client_rows([team.pk]), day, workers):
        if not is_waiting(facts):
            continue
        rows.append(
            {
                "client": facts.key,
                "language": facts.language,
                "pending_since": facts.pending_since.isoformat(),
                "days_pending": days_waited(facts, day),
                # The same test as compliance's `long_wait` finding.
                "long_wait": waits_long(facts, day, long_wait_days),
                "assessment": facts.assessment_state,
                "assessment_start_by": facts.assessment_start_deadline.isoformat()
                if facts.assessment_start_deadline
                else None,
                "deadline": _deadline_state(facts, day, calendar),
                "personal_worker": facts.personal_worker.name if facts.personal_worker else None,
                "required_professional": facts.required_professional,
            }
        )
    rows.sort(
        key=lambda row: (
            row["assessment_start_by"] or "9999-12-31",
            row["pending_since"],
            row["client"],
        )
    )
    return rows


def team_loads(team: Team, day: dt.date) -> tuple[dict[int, WorkerFacts], dict[int, float], float]:
    """The team's workers, their weighted clients per FTE, and the team median."""
    workers = {
        pk: w for pk, w in all_worker_facts(day, [team.pk]).items() if team.code in w.team_codes
    }
    loads = weighted_loads(load_rows(day, workers), workers, weights_from_db())
    active = [pk for pk, worker in workers.items() if worker.active]
    return workers, loads, team_median(loads, active)


def suggestions_for(client: Client, day: dt.date, role: str, limit: int = 5) -> Suggestions:
    """Ranked workers for the role. A work pair may come from any team of the county:
    its candidates are the team's workers and every social worker in public office."""
    workers, loads, _median = team_loads(client.team, day)
    candidates = dict(workers)
    if role == PAIR:
        outside = {
            pk: w
            for pk, w in all_worker_facts(day).items()
            if pk not in workers and may_pair_across_teams(w, PAIR)
        }
        if outside:
            candidates |= outside
            loads = {
                **loads,
                **weighted_loads(load_rows(day, outside), outside, weights_from_db()),
            }
    facts = next(
        client_facts([client], day, candidates | _outside_workers(client, day, candidates))
    )
    from django.conf import settings

    return suggest_workers(
        facts,
        list(candidates.values()),
        loads,
        role=role,
        limit=limit,
        overload_multiple=float(settings.CASELOAD_OVERLOAD_MULTIPLE),
    )


def _outside_workers(
    client: Client, day: dt.date, known: dict[int, WorkerFacts]
) -> dict[int, WorkerFacts]:
    """Facts of the client's current workers outside the team, so the rules still see them."""
    ids = set(
        Assignment.objects.active_on(day).filter(client=client).values_list("worker_id", flat=True)
    ) - set(known)
    return all_worker_facts(day, worker_ids=ids) if ids else {}


def client_situation(client: Client, day: dt.date) -> ClientFacts:
    workers = all_worker_facts(day, [client.team_id])
    return next(client_facts([client], day, workers | _outside_workers(client, day, workers)))


def suggestion_dicts(suggestions: Suggestions, language: str) -> list[dict[str, Any]]:
    from .rules import explain_all

    return [
        {
            "worker_id": s.worker_id,
            "name": s.name,
            "profession": s.profession,
            "load": round(s.load, 1),
            "score": round(s.score, 2),
            "reasons": [{"code": r.code, "params": dict(r.params)} for r in s.reasons],
            "explanation": explain_all(s.reasons, language),
            "outside_team": any(r.code == "outside_team" for r in s.reasons),
        }
        for s in suggestions.eligible
    ]


def worker_change_counts(team: Team, day: dt.date) -> dict[int, int]:
    """Active client id → how many times the personal worker has changed (0 for one worker)."""
    from django.db.models import Count

    rows = (
        Assignment.objects.filter(
            client__team=team,
            client__status="active",
            kind=AssignmentKind.PERSONAL_WORKER,
            start__lte=day,
        )
        .values("client_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["client_id"]: max(0, row["n"] - 1) for row in rows}


def caseload_dashboard(team: Team, day: dt.date) -> dict[str, Any]:
    """Per worker: clients by segment, pairs, weighted load per FTE vs the median, open findings."""
    workers, loads, median = team_loads(team, day)
    segments: dict[int, Counter[str]] = defaultdict(Counter)
    pairs: Counter[int] = Counter()
    for worker_id, segment, kind in load_rows(day, workers):
        if kind == AssignmentKind.PERSONAL_WORKER:
            segments[worker_id][segment or "none"] += 1
        elif kind == AssignmentKind.PAIR:
            pairs[worker_id] += 1
    facts_by_key = {
        f.key: f for f in facts_for_rows(active_client_rows([team.pk]), day, all_worker_facts(day))
    }
    findings = check_all(
        facts_by_key.values(), day, county_calendar(), long_wait_days=configured_long_wait_days()
    )
    by_worker: Counter[int] = Counter()
    for finding in findings:
        facts = facts_by_key.get(finding.client_key)
        if facts is not None and facts.personal_worker is not None:
            by_worker[facts.personal_worker.id] += 1
    rows = [
        {
            "worker_id": pk,
            "name": worker.name,
            "profession": worker.profession,
            "fte": worker.fte,
            "segments": {
                name: segments[pk].get(name, 0)
                for name in ("care", "cooperation", "guidance", "self_service", "none")
            },
            "personal_worker_clients": sum(segments[pk].values()),
            "pair_clients": pairs[pk],
            "load_per_fte": round(loads.get(pk, 0.0), 1),
            "open_findings": by_worker.get(pk, 0),
        }
        for pk, worker in sorted(workers.items(), key=lambda item: item[1].name)
        if worker.profession in ("social_worker", "counsellor", "health_care")
    ]
    changes = worker_change_counts(team, day)
    active = len(facts_by_key)
    changed_clients = Counter(min(n, 3) for n in changes.values() if n > 0)
    return {
        "team": team.code,
        "date": day.isoformat(),
        "median_load_per_fte": round(median, 1),
        # Seed 004: keep changes of personal worker few. Every personal worker after a
        # client's first counts as one change.
        "worker_changes": sum(changes.values()),
        "clients_with_worker_changes": sum(1 for n in changes.values() if n > 0),
        # Per client: the changes per active client, and how many clients had 0, 1, 2
        # or 3+ changes (the lead's own team: no small-cell suppression on this page).
        "worker_changes_per_client": round(sum(changes.values()) / active, 2) if active else 0.0,
        "clients_by_worker_changes": {
            "0": active - sum(changed_clients.values()),
            "1": changed_clients.get(1, 0),
            "2": changed_clients.get(2, 0),
            "3+": changed_clients.get(3, 0),
        },
        "workers": rows,
        "open_findings": len(findings),
        "findings_by_rule": dict(Counter(f.rule for f in findings)),
    }


__all__ = ["PAIR", "PERSONAL_WORKER", "caseload_dashboard", "intake_queue", "suggestions_for"]
