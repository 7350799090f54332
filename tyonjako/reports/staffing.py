"""The measured figures behind a staffing scenario: demand (hours by kind of work) and
caseload (active clients by segment, special-support clients) of one unit.

Encounters are read through `encounters.stats.StatsFilter` (the same filter as the
statistics and the task report) and the task catalogue in use; the split into
social-worker-only and counsellor-eligible work is the pure `staffing.rules.demand`.
For a role that does not see clients, client counts 1–4 are hidden
(`common.suppression`), and the demand is hidden when fewer clients than the
threshold stand behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery

from tyonjako.assessments.models import Assessment, AssessmentStatus
from tyonjako.clients.models import Client, ClientStatus
from tyonjako.common.professions import profession_of_title
from tyonjako.common.suppression import is_small, suppress_row, suppress_value
from tyonjako.encounters.stats import StatsFilter
from tyonjako.organisation.models import Unit
from tyonjako.staffing.rules import Caseload, Demand
from tyonjako.staffing.rules.demand import WorkRow, demand_of
from tyonjako.tasks.services import active_catalogue

DECIDED = (AssessmentStatus.AWAITING_CONFIRMATION, AssessmentStatus.COMPLETED)


@dataclass(frozen=True)
class Measured:
    demand: Demand | None  # None: hidden (too few clients for this role)
    caseload: Caseload
    clients_measured: int | None
    start: dt.date
    end: dt.date


def _special_support_ids(unit: Unit) -> set[int]:
    latest = (
        Assessment.objects.filter(client_id=OuterRef("pk"), status__in=DECIDED)
        .order_by("-decided_at", "-id")
        .values("special_support")[:1]
    )
    clients = (
        Client.objects.filter(team__unit=unit, status=ClientStatus.ACTIVE)
        .annotate(special=Subquery(latest))
        .filter(special=True)
    )
    return set(clients.values_list("pk", flat=True))


def measured_for(unit: Unit, start: dt.date, end: dt.date, *, suppress: bool) -> Measured:
    """Demand over [start, end] and today's caseload of a unit."""
    threshold = int(settings.SMALL_CELL_THRESHOLD)
    special = _special_support_ids(unit)
    encounters = StatsFilter(unit.code, start, end).queryset()
    grouped = (
        encounters.order_by()
        .values_list("task_code", "worker__job_title", "duration_min", "client_id")
        .annotate(n=Count("id"))
    )
    rows = [
        WorkRow(task or None, profession_of_title(title), minutes, client in special, n)
        for task, title, minutes, client, n in grouped
    ]
    clients = encounters.filter(client__isnull=False).values("client_id").distinct().count()
    days = (end - start).days + 1
    demand: Demand | None = demand_of(rows, active_catalogue(), days)
    if suppress and (is_small(clients, threshold) or clients == 0):
        demand = None
    segments = dict(
        Client.objects.filter(team__unit=unit, status=ClientStatus.ACTIVE)
        .order_by()
        .values_list("segment")
        .annotate(n=Count("id"))
    )
    counts = {str(k or ""): int(v) for k, v in segments.items()}
    by_segment: dict[str, int | None] = dict(counts)
    special_count: int | None = len(special)
    if suppress:
        by_segment = dict(suppress_row(counts, threshold).cells)
        special_count = suppress_value(len(special), threshold)
    return Measured(
        demand=demand,
        caseload=Caseload(by_segment=by_segment, special_support=special_count),
        clients_measured=suppress_value(clients, threshold) if suppress else clients,
        start=start,
        end=end,
    )
