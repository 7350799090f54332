"""Measures: the counts and per-case values that pilot indicators are made of.

Each measure reads the database for one place (a unit, or a team or ward) and a
period, and answers either a count (`int`) or one value per case (`list[float]`,
e.g. days from contact to assessment). Indicators (definitions/indicators.yaml)
combine measures with a statistic; the arithmetic is in `rules.py`.

Measures reuse the functions behind the other pages — encounter statistics,
who does what, overrides, compliance — so that a pilot's figure is the same as
the one the statistics page shows for the same place and period.

Another app adds a measure with `register_measure` (surveys do, for survey
results); its name is then usable in indicator files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, Q, QuerySet

from tyonjako.assessments.models import Assessment, AssessmentStatus
from tyonjako.caseload.models import Assignment, AssignmentKind
from tyonjako.clients.models import Client
from tyonjako.common.clock import HELSINKI
from tyonjako.common.professions import SOCIAL_WORKER_TITLES
from tyonjako.organisation.models import Team, Unit

DECIDED = (AssessmentStatus.AWAITING_CONFIRMATION, AssessmentStatus.COMPLETED)
Value = float | list[float]


@dataclass(frozen=True)
class Place:
    code: str
    unit_id: int
    team_ids: tuple[int, ...]  # the place's teams (a unit: all of its teams)
    is_team: bool

    def clients(self) -> QuerySet[Client]:
        return Client.objects.filter(team_id__in=self.team_ids)


def place_of(code: str) -> Place:
    team = Team.objects.filter(code=code).first()
    if team is not None:
        return Place(code, team.unit_id, (team.pk,), True)
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise LookupError(code)
    team_ids = tuple(Team.objects.filter(unit=unit).values_list("pk", flat=True))
    return Place(code, unit.pk, team_ids, False)


Measure = Callable[[Place, dt.date, dt.date], Value]
MEASURES: dict[str, Measure] = {}


def register_measure(name: str) -> Callable[[Measure], Measure]:
    def decorate(function: Measure) -> Measure:
        MEASURES[name] = function
        return function

    return decorate


def _before(end: dt.date) -> dt.datetime:
    """The first moment after the day `end`, Helsinki time."""
    return dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=HELSINKI)


def _since(start: dt.date) -> dt.datetime:
    return dt.datetime.combine(start, dt.time.min, tzinfo=HELSINKI)


def _new_clients(place: Place, start: dt.date, end: dt.date) -> QuerySet[Client]:
    return place.clients().filter(pending_since__gte=start, pending_since__lte=end)


def _decided(end: dt.date) -> QuerySet[Assessment]:
    return Assessment.objects.filter(status__in=DECIDED, decided_at__lt=_before(end))


@register_measure("new_clients")
def new_clients(place: Place, start: dt.date, end: dt.date) -> int:
    """Clients whose matter became pending in the period."""
    return _new_clients(place, start, end).count()


@register_measure("new_clients_assessed")
def new_clients_assessed(place: Place, start: dt.date, end: dt.date) -> int:
    """Of the new clients, those with a decided special-support assessment by the period's end."""
    assessed = _decided(end).values("client_id")
    return _new_clients(place, start, end).filter(id__in=assessed).count()


def _active_at(place: Place, day: dt.date) -> QuerySet[Client]:
    return place.clients().filter(
        Q(pending_since__lte=day), Q(closed_on__isnull=True) | Q(closed_on__gt=day)
    )


@register_measure("special_support_clients")
def special_support_clients(place: Place, start: dt.date, end: dt.date) -> int:
    """Clients active at the period's end whose latest decision found a special support need."""
    return len(_special_support_ids(place, end))


def _special_support_ids(place: Place, day: dt.date) -> set[int]:
    latest: dict[int, bool] = {}
    rows = (
        _decided(day)
        .filter(client__in=_active_at(place, day))
        .order_by("client_id", "decided_at")
        .values_list("client_id", "special_support")
    )
    for client_id, special in rows:
        latest[client_id] = bool(special)
    return {client_id for client_id, special in latest.items() if special}


def _open_assignments(day: dt.date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


@register_measure("special_support_with_social_worker")
def special_support_with_social_worker(place: Place, start: dt.date, end: dt.date) -> int:
    """Special-support clients with a social worker as personal worker or pair at the end (§42)."""
    ids = _special_support_ids(place, end)
    with_social_worker = (
        _open_assignments(end)
        .filter(client_id__in=ids, worker__job_title__in=SOCIAL_WORKER_TITLES)
        .values_list("client_id", flat=True)
        .distinct()
    )
    return len(set(with_social_worker))


@register_measure("assessments_due")
def assessments_due(place: Place, start: dt.date, end: dt.date) -> int:
    """New clients with a statutory start deadline (§36) that fell in or before the period's end."""
    return (
        _new_clients(place, start, end)
        .filter(assessment_start_by__isnull=False, assessment_start_by__lte=end)
        .count()
    )


@register_measure("assessments_started_on_time")
def assessments_started_on_time(place: Place, start: dt.date, end: dt.date) -> int:
    """Of those, the clients whose first assessment was started by the deadline."""
    clients = (
        _new_clients(place, start, end)
        .filter(assessment_start_by__isnull=False, assessment_start_by__lte=end)
        .annotate(first=Min("assessments__created_at"))
        .values_list("assessment_start_by", "first")
    )
    return sum(
        1
        for deadline, first in clients
        if first is not None and first.astimezone(HELSINKI).date() <= deadline
    )


@register_measure("days_to_assessment")
def days_to_assessment(place: Place, start: dt.date, end: dt.date) -> list[float]:
    """Days from the matter becoming pending to the first decided assessment, per new client."""
    rows = (
        _new_clients(place, start, end)
        .filter(assessments__status__in=DECIDED, assessments__decided_at__lt=_before(end))
        .annotate(first=Min("assessments__decided_at"))
        .values_list("pending_since", "first")
    )
    return [float((first.astimezone(HELSINKI).date() - pending).days) for pending, first in rows]


@register_measure("days_to_personal_worker")
def days_to_personal_worker(place: Place, start: dt.date, end: dt.date) -> list[float]:
    """Days from the matter becoming pending to the first personal worker, per new client."""
    rows = (
        _new_clients(place, start, end)
        .filter(assignments__kind=AssignmentKind.PERSONAL_WORKER, assignments__start__lte=end)
        .annotate(first=Min("assignments__start"))
        .values_list("pending_since", "first")
    )
    return [float(max((first - pending).days, 0)) for pending, first in rows]


def _personal_worker_starts(place: Place, end: dt.date) -> list[tuple[int, dt.date]]:
    return list(
        Assignment.objects.filter(
            client__team_id__in=place.team_ids,
            kind=AssignmentKind.PERSONAL_WORKER,
            start__lte=end,
        )
        .order_by("client_id", "start", "pk")
        .values_list("client_id", "start")
    )


@register_measure("worker_changes")
def worker_changes(place: Place, start: dt.date, end: dt.date) -> int:
    """Personal workers that replaced an earlier one, by the start of the new one in the period."""
    changes, seen = 0, set()
    for client_id, begun in _personal_worker_starts(place, end):
        if client_id in seen and start <= begun <= end:
            changes += 1
        seen.add(client_id)
    return changes


@register_measure("client_years")
def client_years(place: Place, start: dt.date, end: dt.date) -> list[float]:
    """Each client's share of a year spent active within the period."""
    rows = place.clients().filter(
        Q(pending_since__lte=end), Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    out = []
    for pending, closed in rows.values_list("pending_since", "closed_on"):
        first, last = max(pending, start), min(closed or end, end)
        out.append(((last - first).days + 1) / 365.0)
    return out


def _decisions(place: Place, start: dt.date, end: dt.date) -> QuerySet[Assessment]:
    return _decided(end).filter(client__team_id__in=place.team_ids, decided_at__gte=_since(start))


@register_measure("decisions")
def decisions(place: Place, start: dt.date, end: dt.date) -> int:
    return _decisions(place, start, end).count()


@register_measure("overrides")
def overrides(place: Place, start: dt.date, end: dt.date) -> int:
    return _decisions(place, start, end).filter(is_override=True).count()


@register_measure("overrides_heavier")
def overrides_heavier(place: Place, start: dt.date, end: dt.date) -> int:
    return _decisions(place, start, end).filter(override_direction="heavier").count()


@register_measure("overrides_lighter")
def overrides_lighter(place: Place, start: dt.date, end: dt.date) -> int:
    return _decisions(place, start, end).filter(override_direction="lighter").count()


def _routing_pairs(place: Place, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    """(recommended profession, assigned worker's job title) of each decided client's first
    personal worker after the decision."""
    out = []
    decided = _decisions(place, start, end).order_by("client_id", "decided_at")
    routed = {
        client_id: rec for client_id, rec in decided.values_list("client_id", "rec_personal_worker")
    }
    assigned = (
        Assignment.objects.filter(
            client_id__in=routed, kind=AssignmentKind.PERSONAL_WORKER, start__lte=end
        )
        .order_by("client_id", "start")
        .values_list("client_id", "worker__job_title")
    )
    first: dict[int, str] = {}
    for client_id, title in assigned:
        first.setdefault(client_id, title)
    for client_id, title in first.items():
        out.append((routed[client_id] or "", title))
    return out


@register_measure("routed_and_assigned")
def routed_and_assigned(place: Place, start: dt.date, end: dt.date) -> int:
    """Clients decided in the period who have a personal worker."""
    return len(_routing_pairs(place, start, end))


@register_measure("assigned_as_routed")
def assigned_as_routed(place: Place, start: dt.date, end: dt.date) -> int:
    """Of those, the ones whose personal worker is of a profession the routing allows."""
    from tyonjako.common.professions import profession_of_title

    def allowed(recommended: str, title: str) -> bool:
        return recommended in ("", "either") or profession_of_title(title) == recommended

    return sum(1 for rec, title in _routing_pairs(place, start, end) if allowed(rec, title))


def _encounters(place: Place, start: dt.date, end: dt.date, profession: str | None) -> Any:
    from tyonjako.encounters.stats import StatsFilter, unit_statistics

    return unit_statistics(StatsFilter(place.code, start, end, profession=profession))


@register_measure("contacts")
def contacts(place: Place, start: dt.date, end: dt.date) -> int:
    return int(_encounters(place, start, end, None)["contacts"]["total"])


@register_measure("encounter_clients")
def encounter_clients(place: Place, start: dt.date, end: dt.date) -> int:
    return int(_encounters(place, start, end, None)["clients"])


@register_measure("counsellor_contacts")
def counsellor_contacts(place: Place, start: dt.date, end: dt.date) -> int:
    return int(_encounters(place, start, end, "counsellor")["contacts"]["total"])


@register_measure("counsellor_clients")
def counsellor_clients(place: Place, start: dt.date, end: dt.date) -> int:
    return int(_encounters(place, start, end, "counsellor")["clients"])


def _tasks(place: Place, start: dt.date, end: dt.date) -> dict[str, Any]:
    from tyonjako.tasks.report import count_tasks

    return count_tasks(place.code, start, end)


@register_measure("social_worker_hours")
def social_worker_hours(place: Place, start: dt.date, end: dt.date) -> float:
    """Social workers' recorded hours (who does what)."""
    return float(_tasks(place, start, end)["social_worker_hours"])


@register_measure("social_worker_hours_on_counsellor_tasks")
def social_worker_hours_on_counsellor_tasks(place: Place, start: dt.date, end: dt.date) -> float:
    """Social workers' hours on tasks a counsellor may do (from the task catalogue)."""
    return float(_tasks(place, start, end)["social_worker_hours_on_counsellor_tasks"])


def task_figures(place: Place, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Who does what in a place: encounters and hours per task and profession (frozen whole)."""
    return _tasks(place, start, end)


def encounter_figures(place: Place, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The encounter statistics of a place as the statistics page computes them (frozen whole)."""
    return {
        "all": _encounters(place, start, end, None),
        "counsellor": _encounters(place, start, end, "counsellor"),
    }
