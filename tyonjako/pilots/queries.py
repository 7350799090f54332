"""Which pilots a person may see or run, and whether their figures are suppressed for them.

A pilot covers places (units, teams or wards); a person sees it when every one of
its places lies inside their scope for the action, so a pilot's figures never show
a place that the person could not see on its own. A missing pilot and a forbidden
one answer alike (404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tyonjako.access.policy import Action, Scope
from tyonjako.access.subject import Subject
from tyonjako.organisation.models import Team

from .models import Pilot


def _place_teams(pilot: Pilot) -> list[Team]:
    teams = list(pilot.teams.select_related("unit"))
    for unit in pilot.units.all():
        teams += list(Team.objects.filter(unit=unit).select_related("unit"))
    return teams


def _units_covered(subject: Subject, action: Action, pilot: Pilot) -> bool:
    scope = subject.scope(action)
    if scope == Scope.ALL:
        return True
    for unit in pilot.units.select_related("service_area"):
        covered = (
            scope == Scope.SERVICE_AREA and unit.service_area_id in subject.service_area_ids
        ) or (scope == Scope.UNIT and unit.pk in subject.unit_ids)
        if not covered:
            return False
    return True


def covers(subject: Subject, action: Action, pilot: Pilot) -> bool:
    """Whether every place of the pilot lies in the subject's scope for the action."""
    if not subject.can(action) or not _units_covered(subject, action, pilot):
        return False
    return all(
        subject.covers_team(action, team.pk, team.unit_id, team.unit.service_area_id)
        for team in pilot.teams.select_related("unit")
    )


def pilots_for(subject: Subject, action: Action = Action.VIEW_PILOTS) -> list[Pilot]:
    if not subject.can(action):
        return []
    pilots: QuerySet[Pilot] = Pilot.objects.prefetch_related("units", "teams")
    return [pilot for pilot in pilots if covers(subject, action, pilot)]


def get_pilot_for(subject: Subject, key: str, action: Action = Action.VIEW_PILOTS) -> Pilot:
    pilot = Pilot.objects.filter(key=key).first()
    if pilot is None or not covers(subject, action, pilot):
        raise Http404
    return pilot


def figures_suppressed_for(subject: Subject, pilot: Pilot) -> bool:
    """Suppressed unless the person sees the clients of every place of the pilot."""
    if subject.scope(Action.VIEW_CLIENT) == Scope.NONE:
        return True
    return not all(
        subject.covers_team(Action.VIEW_CLIENT, team.pk, team.unit_id, team.unit.service_area_id)
        for team in _place_teams(pilot)
    )
