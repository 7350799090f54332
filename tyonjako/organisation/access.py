"""The door to organisation rows for writes: teams and units within the writer's scope.

Actions call these before they write; the answer for a team or unit outside the
scope is the same as for one that does not exist (`OutOfScope`, a 404 to a
page), so probing codes reveals nothing. The scope itself is the role × scope
policy of `tyonjako.access.policy`, the same one the reads use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404

from tyonjako.access.policy import Action, Scope
from tyonjako.access.subject import Subject, subject_of

from .models import Team, Unit
from .scope import teams_in_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class OutOfScope(Http404):
    """No such team or unit, or not within the writer's scope: deliberately the same."""


def covers_team(subject: Subject, action: Action | str, team: Team) -> bool:
    return subject.covers_team(action, team.pk, team.unit_id, team.unit.service_area_id)


def covers_unit(subject: Subject, action: Action | str, unit: Unit) -> bool:
    """A unit is within scope when the scope is the whole unit or wider (or ALL)."""
    scope = subject.scope(action)
    return (
        scope == Scope.ALL
        or (scope == Scope.SERVICE_AREA and unit.service_area_id in subject.service_area_ids)
        or (scope == Scope.UNIT and unit.pk in subject.unit_ids)
    )


def get_team_for(user: AbstractBaseUser | AnonymousUser, action: Action | str, *, pk: int) -> Team:
    team = Team.objects.select_related("unit").filter(pk=pk).first()
    if team is None or not covers_team(subject_of(user), action, team):
        raise OutOfScope()
    return team


def get_unit_for(
    user: AbstractBaseUser | AnonymousUser, action: Action | str, *, code: str
) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not covers_unit(subject_of(user), action, unit):
        raise OutOfScope()
    return unit


@dataclass(frozen=True)
class WriteScope:
    """Where a writer may write, as ids and codes; `None` everywhere means anywhere."""

    team_ids: frozenset[int] | None
    unit_ids: frozenset[int] | None
    codes: frozenset[str] | None  # unit and team codes an import row may name

    @property
    def everywhere(self) -> bool:
        return self.team_ids is None


EVERYWHERE = WriteScope(None, None, None)


def write_scope(user: AbstractBaseUser | AnonymousUser | None, action: Action | str) -> WriteScope:
    """The teams and units a user may write into for an action (`None`: the command line)."""
    if user is None:
        return EVERYWHERE
    subject = subject_of(user)
    if subject.scope(action) == Scope.ALL:
        return EVERYWHERE
    teams = list(teams_in_scope(subject, action).values_list("id", "code", "unit_id"))
    unit_ids = {unit_id for _pk, _code, unit_id in teams}
    if subject.scope(action) >= Scope.UNIT:
        # A unit in scope counts even before it has a team.
        units = Unit.objects.filter(id__in=subject.unit_ids)
        if subject.scope(action) == Scope.SERVICE_AREA:
            units = Unit.objects.filter(service_area_id__in=subject.service_area_ids)
        unit_ids |= set(units.values_list("id", flat=True))
    unit_codes = set(Unit.objects.filter(id__in=unit_ids).values_list("code", flat=True))
    # A team code names its team; a unit code counts only when the whole unit is in scope.
    if subject.scope(action) < Scope.UNIT:
        unit_codes = set()
    return WriteScope(
        team_ids=frozenset(pk for pk, _code, _unit in teams),
        unit_ids=frozenset(unit_ids),
        codes=frozenset(unit_codes | {code for _pk, code, _unit in teams}),
    )
