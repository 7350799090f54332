"""Compliance runs over the database: the page, the API and `tyonjako compliance`
all call `team_findings`, so their numbers agree."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from tyonjako.assessments.engine import WorkCalendar
from tyonjako.assessments.models import InstrumentActivation, InstrumentVersion
from tyonjako.organisation.models import Team

from .facts_db import active_client_rows, all_worker_facts, facts_for_rows
from .models import ComplianceSnapshot
from .rules.compliance import RULES, Finding, check_all


def county_calendar() -> WorkCalendar:
    """The working-day calendar of the county-wide instrument (holidays, working days)."""
    activation = InstrumentActivation.objects.filter(
        team__isnull=True, service_area__isnull=True
    ).first()
    version = (
        activation.version
        if activation
        else InstrumentVersion.objects.order_by("-loaded_at").first()
    )
    if version is None:
        return WorkCalendar()
    return version.instrument().calendar


def long_wait_days() -> int:
    """The long-wait limit of the queue and of compliance (TYONJAKO_QUEUE_LONG_WAIT_DAYS)."""
    from django.conf import settings

    return int(settings.QUEUE_LONG_WAIT_DAYS)


def team_findings(team_ids: Iterable[int] | None, day: dt.date) -> list[Finding]:
    workers = all_worker_facts(day)
    clients = facts_for_rows(active_client_rows(team_ids), day, workers)
    return sorted(
        check_all(clients, day, county_calendar(), long_wait_days=long_wait_days()),
        key=lambda f: (f.team_code, f.since, f.client_key),
    )


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "client": finding.client_key,
        "team": finding.team_code,
        "rule": finding.rule,
        "severity": finding.severity,
        "since": finding.since.isoformat(),
        "legal_basis": dict(finding.legal_basis),
        "message": dict(finding.message),
        "fix": dict(finding.fix),
    }


def counts_by_team_and_rule(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = {}
    for finding in findings:
        counts.setdefault(finding.team_code, Counter())[finding.rule] += 1
    return {
        team: {rule: counter.get(rule, 0) for rule in RULES}
        for team, counter in sorted(counts.items())
    }


def record_snapshot(findings: list[Finding], teams: Iterable[Team], day: dt.date) -> int:
    """Store the day's counts per team and rule (zeros too), replacing an earlier run that day."""
    counts = counts_by_team_and_rule(findings)
    rows = [
        ComplianceSnapshot(
            day=day, team=team, rule=rule, count=counts.get(team.code, {}).get(rule, 0)
        )
        for team in teams
        for rule in RULES
    ]
    with transaction.atomic():
        ComplianceSnapshot.objects.filter(day=day, team__in=[team.pk for team in teams]).delete()
        ComplianceSnapshot.objects.bulk_create(rows)
    return len(rows)


def history(team: Team, days: int = 90, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Counts per day and rule for a team over the last `days` days: {iso day: {rule: count}}."""
    snapshots = ComplianceSnapshot.objects.filter(team=team)
    if today is not None:
        snapshots = snapshots.filter(day__gte=today - dt.timedelta(days=days))
    series: dict[str, dict[str, int]] = {}
    for snapshot in snapshots.order_by("day"):
        series.setdefault(snapshot.day.isoformat(), {})[snapshot.rule] = snapshot.count
    return series
