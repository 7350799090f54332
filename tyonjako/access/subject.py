"""Who is asking: a user's role and the organisation they belong to today."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tyonjako.common.clock import today

from .policy import Action, Scope, scope_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class Subject:
    user_id: int | None
    worker_id: int | None
    role: str | None
    team_ids: frozenset[int]
    unit_ids: frozenset[int]
    service_area_ids: frozenset[int]

    def scope(self, action: Action | str) -> Scope:
        return scope_for(self.role, action)

    def can(self, action: Action | str) -> bool:
        return self.scope(action) > Scope.NONE

    def covers_team(
        self, action: Action | str, team_id: int, unit_id: int, service_area_id: int
    ) -> bool:
        """Whether a team lies inside this subject's scope for an action.

        OWN counts as the subject's own teams here: a team is not a client.
        """
        scope = self.scope(action)
        return (
            scope == Scope.ALL
            or (scope == Scope.SERVICE_AREA and service_area_id in self.service_area_ids)
            or (scope == Scope.UNIT and unit_id in self.unit_ids)
            or (scope in (Scope.TEAM, Scope.OWN) and team_id in self.team_ids)
        )


ANONYMOUS = Subject(None, None, None, frozenset(), frozenset(), frozenset())


def subject_of(user: AbstractBaseUser | AnonymousUser) -> Subject:
    """Build the subject once per request; cached on the user object."""
    if not user.is_authenticated:
        return ANONYMOUS
    cached: Subject | None = getattr(user, "_tyonjako_subject", None)
    if cached is not None:
        return cached
    subject = _load_subject(user)
    setattr(user, "_tyonjako_subject", subject)  # noqa: B010 - a per-request cache on the user
    return subject


def _load_subject(user: AbstractBaseUser) -> Subject:
    from tyonjako.organisation.models import Team, Unit, Worker

    worker = (
        Worker.objects.filter(user_id=user.pk, is_active=True).select_related("home_unit").first()
    )
    if worker is None:
        role = "admin" if getattr(user, "is_superuser", False) else None
        return Subject(user.pk, None, role, frozenset(), frozenset(), frozenset())
    day = today()
    team_ids = frozenset(m.team_id for m in worker.memberships.all() if m.is_active_on(day))
    teams = Team.objects.filter(id__in=team_ids).select_related("unit")
    unit_ids = {t.unit_id for t in teams}
    if worker.home_unit_id is not None:
        unit_ids.add(worker.home_unit_id)
    area_ids = frozenset(
        Unit.objects.filter(id__in=unit_ids).values_list("service_area_id", flat=True)
    )
    return Subject(user.pk, worker.pk, worker.role, team_ids, frozenset(unit_ids), area_ids)
