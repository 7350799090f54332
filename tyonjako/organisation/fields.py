"""Form fields for organisation records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms

from .models import Team


def team_label(team: Team) -> str:
    """A team as a picker shows it: several teams share a name, so the service area
    (and the age group, when the team has one) stands beside it."""
    area = team.unit.service_area.name
    group = f" {team.age_group}" if team.age_group and team.age_group not in team.name else ""
    return f"{team.name}{group} – {area}"


class TeamChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A team picker that names the service area beside each team."""

    def label_from_instance(self, obj: Any) -> str:
        return team_label(obj)


def teams_with_area(ids: Iterable[int]) -> Any:
    return Team.objects.filter(pk__in=list(ids)).select_related("unit__service_area")


def team_for_age(
    teams: Iterable[tuple[int, int | None, int | None]], birth_year: int | None, today: dt.date
) -> int | None:
    """The one team whose age range holds the client's age by birth year, else None
    (no birth year, no team with a range that fits, or several). Pure.

    `teams` are (id, youngest age, oldest age) rows; a team without a range never
    decides. Age by year: a client born in 1996 is 30 in 2026.
    """
    if birth_year is None:
        return None
    age = today.year - birth_year
    fitting = [
        pk
        for pk, low, high in teams
        if (low is not None or high is not None)
        and (low is None or age >= low)
        and (high is None or age <= high)
    ]
    return fitting[0] if len(fitting) == 1 else None
