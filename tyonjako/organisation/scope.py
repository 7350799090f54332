"""Teams and workers within a subject's scope (organisation data, not client data)."""

from __future__ import annotations

from django.db.models import QuerySet

from tyonjako.access.policy import Action, Scope
from tyonjako.access.subject import Subject

from .models import Team


def teams_in_scope(
    subject: Subject, action: Action | str = Action.VIEW_ORGANISATION
) -> QuerySet[Team]:
    scope = subject.scope(action)
    teams = Team.objects.select_related("unit__service_area")
    if scope == Scope.ALL:
        return teams
    if scope == Scope.SERVICE_AREA:
        return teams.filter(unit__service_area_id__in=subject.service_area_ids)
    if scope == Scope.UNIT:
        return teams.filter(unit_id__in=subject.unit_ids)
    if scope in (Scope.TEAM, Scope.OWN):
        return teams.filter(id__in=subject.team_ids)
    return teams.none()
