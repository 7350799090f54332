"""Compliance as rates by team and over time, for those who see aggregates only.

Counted from the stored daily runs of the compliance checks
(`caseload.models.ComplianceSnapshot`: open findings per team, rule and day)
and the teams' active clients today; never a client row. Through the door:
the teams in scope, the period (the days of stored runs) and suppression.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from tyonjako.common.suppression import Shown, suppress_row, suppress_value

from .door import ReportScope


def compliance_report(scope: ReportScope) -> dict[str, Any]:
    """Per team: the latest stored run in the period, its open findings per rule and per
    100 active clients; over time: the open findings per rule summed over the teams."""
    from tyonjako.caseload.models import ComplianceSnapshot
    from tyonjako.caseload.rules import RULES
    from tyonjako.clients.models import Client, ClientStatus
    from tyonjako.organisation.models import Team

    team_ids = scope.team_ids()
    codes = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "code"))
    active = dict(
        Client.objects.filter(team_id__in=team_ids, status=ClientStatus.ACTIVE)
        .order_by()
        .values_list("team_id")
        .annotate(n=Count("id"))
    )
    snapshots = ComplianceSnapshot.objects.filter(team_id__in=team_ids)
    if scope.period.start:
        snapshots = snapshots.filter(day__gte=scope.period.start)
    if scope.period.end:
        snapshots = snapshots.filter(day__lte=scope.period.end)
    latest: dict[int, Any] = {}
    by_team: dict[int, dict[str, int]] = {}
    series: dict[str, dict[str, int]] = {}
    for team_id, day, rule, count in snapshots.order_by("day").values_list(
        "team_id", "day", "rule", "count"
    ):
        if latest.get(team_id) != day:
            latest[team_id], by_team[team_id] = day, {}
        by_team[team_id][rule] = count
        row = series.setdefault(day.isoformat(), dict.fromkeys(RULES, 0))
        row[rule] = row.get(rule, 0) + count
    teams = {}
    for team_id in sorted(codes, key=lambda pk: codes[pk]):
        rules = {rule: by_team.get(team_id, {}).get(rule, 0) for rule in RULES}
        teams[codes[team_id]] = _team_row(rules, active.get(team_id, 0), latest.get(team_id), scope)
    shown: dict[str, dict[str, Shown]] = {day: dict(row) for day, row in series.items()}
    if scope.suppress:
        shown = {day: suppress_row(row, scope.threshold).shown for day, row in series.items()}
    return {"rules": list(RULES), "teams": teams, "series": shown, **scope.header()}


def _team_row(rules: dict[str, int], active: int, day: Any, scope: ReportScope) -> dict[str, Any]:
    findings = sum(rules.values())
    rate = round(100 * findings / active, 1) if active and day is not None else None
    shown_rules: dict[str, Shown] = dict(rules)
    shown_findings: Shown = findings
    shown_active: Shown = active
    if scope.suppress:
        row = suppress_row(rules, scope.threshold)
        shown_rules, shown_findings = row.shown, row.shown_total
        shown_active = suppress_value(active, scope.threshold)
        if not isinstance(shown_findings, int) or shown_active is None:
            rate = None
    return {
        "day": day.isoformat() if day is not None else None,
        "active_clients": shown_active,
        "findings": shown_findings,
        "per_100_clients": rate,
        "rules": shown_rules,
    }
