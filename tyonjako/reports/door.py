"""The one door for every aggregate.

A `ReportScope` says who asks, which places (units and teams) they may see
under the policy, the period or cut-off date, and whether small cells are
suppressed. It is built once per request (`ReportScope.for_user`) or command
(`ReportScope.for_command`) and handed to every report function in
`tyonjako/reports/`; no view, API view or command decides any of these itself.

* An empty scope is an error (`EmptyScope`, a refusal), never "everything".
* A place outside the scope is `OutsideScope`; a bad or swapped period is
  `BadPeriod` — both with a message fit to show.
* Whether small cells are hidden follows the role (`sees_clients`), once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action, Scope, sees_clients
from tyonjako.common.dates import parse_input_date

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from tyonjako.access.subject import Subject


class ReportError(ValueError):
    """A report cannot be made as asked; the message is fit to show to the user."""


class BadPeriod(ReportError):
    pass


class OutsideScope(ReportError):
    pass


class EmptyScope(PermissionDenied):
    """The asker may see no place at all: refused, never read as "every place"."""


# ---------------------------------------------------------------- period


@dataclass(frozen=True)
class Period:
    """A period (start and end), a cut-off date (end only) or all time (neither)."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise BadPeriod(_("The end date is before the start date."))

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> Period:
        """From text (31.12.2023 or 2023-12-31); empty text is no limit."""
        return cls(_parse_one(start), _parse_one(end))

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }

    def label(self) -> str:
        """The applied period as shown on every page and export: 1.1.2026–31.12.2026."""
        if self.start and self.end:
            return f"{_finnish(self.start)}–{_finnish(self.end)}"
        if self.end:
            return _("up to %(date)s") % {"date": _finnish(self.end)}
        if self.start:
            return _("from %(date)s on") % {"date": _finnish(self.start)}
        return _("all time (no period given)")


def _parse_one(text: str | None) -> dt.date | None:
    if text is None or not text.strip():
        return None
    try:
        return parse_input_date(text)  # 1900–2199: beyond them period arithmetic overflows
    except ValueError:
        raise BadPeriod(
            _("Not a date: %(text)s. Write 31.12.2023 or 2023-12-31.") % {"text": text.strip()}
        ) from None


def _finnish(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


# ---------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    """A unit or a team (ward) that a report may be asked for."""

    code: str
    name: str
    kind: str  # "unit" | "team"
    team_ids: tuple[int, ...]


@dataclass(frozen=True)
class ReportScope:
    """Who asks, what they may see, over which period, and whether small cells are hidden."""

    who: str
    role: str | None
    places: Mapping[str, Place]
    period: Period = field(default_factory=Period)
    suppress: bool = True
    threshold: int = 5

    # -- building -------------------------------------------------------------

    @classmethod
    def for_subject(
        cls, subject: Subject, action: Action | str, period: Period, *, who: str = ""
    ) -> ReportScope:
        """The scope of a signed-in person under the policy; refused if it is empty."""
        if subject.scope(action) == Scope.NONE:
            raise PermissionDenied
        from tyonjako.organisation.scope import teams_in_scope

        places = _places(teams_in_scope(subject, action).select_related("unit"))
        if not places:
            raise EmptyScope(_("You have no unit or team whose figures you may see."))
        return cls(
            who=who or f"user:{subject.user_id}",
            role=subject.role,
            places=places,
            period=period,
            suppress=not sees_clients(subject.role),
            threshold=settings.SMALL_CELL_THRESHOLD,
        )

    @classmethod
    def for_user(
        cls,
        user: AbstractBaseUser | AnonymousUser,
        action: Action | str = Action.VIEW_AGGREGATES,
        period: Period | None = None,
    ) -> ReportScope:
        from tyonjako.access.subject import subject_of

        return cls.for_subject(subject_of(user), action, period or Period())

    @classmethod
    def for_command(cls, period: Period, *, suppress: bool) -> ReportScope:
        """The command line runs with the server's rights: every place, suppression as asked."""
        from tyonjako.organisation.models import Team

        places = _places(Team.objects.select_related("unit"))
        if not places:
            raise EmptyScope("the database has no units or teams: load the organisation first")
        return cls(
            who="command line",
            role=None,
            places=places,
            period=period,
            suppress=suppress,
            threshold=settings.SMALL_CELL_THRESHOLD,
        )

    def with_period(self, period: Period) -> ReportScope:
        return ReportScope(self.who, self.role, self.places, period, self.suppress, self.threshold)

    # -- asking -----------------------------------------------------------------

    def place(self, code: str) -> Place:
        try:
            return self.places[code]
        except KeyError:
            raise OutsideScope(
                _("Unit or team %(code)s is unknown or not in your scope.") % {"code": code}
            ) from None

    def require(self, codes: Iterable[str]) -> list[str]:
        """The codes if every one is in scope (else `OutsideScope` naming them)."""
        codes = list(codes)
        outside = sorted(set(codes) - set(self.places))
        if outside:
            raise OutsideScope(
                _("Unit or team %(code)s is unknown or not in your scope.")
                % {"code": ", ".join(outside)}
            )
        return codes

    def team_ids(self, code: str = "") -> list[int]:
        """The teams of one place, or of every place in scope when no code is given."""
        if code:
            return list(self.place(code).team_ids)
        return sorted({pk for place in self.places.values() for pk in place.team_ids})

    def choices(self) -> list[tuple[str, str]]:
        """(code, label) of the places, each unit (if wholly in scope) followed by its teams."""
        return [
            (place.code, place.name if place.kind == "unit" else f"– {place.name}")
            for place in self.places.values()
        ]

    def header(self) -> dict[str, Any]:
        """What every result carries: the applied period and the suppression in force."""
        return {
            **self.period.as_dict(),
            "period": self.period.label(),
            "suppressed": self.suppress,
            "threshold": self.threshold if self.suppress else None,
        }


def _places(teams: Iterable[Any]) -> dict[str, Place]:
    """Units and their teams, a unit first. A unit is a place only when every one of its
    teams is in scope: its figures count all its teams, so a person who may see one
    team of a unit is offered that team, not the unit."""
    from django.db.models import Count

    from tyonjako.organisation.models import Team

    teams = sorted(teams, key=lambda team: (team.unit.code, team.code))
    unit_codes = {team.unit.code for team in teams}
    sizes = dict(
        Team.objects.filter(unit__code__in=unit_codes)
        .order_by()
        .values_list("unit__code")
        .annotate(n=Count("id"))
    )
    units: dict[str, tuple[str, list[int]]] = {}
    team_places: dict[str, list[Place]] = {}
    for team in teams:
        name, ids = units.setdefault(team.unit.code, (f"{team.unit.name} ({team.unit.code})", []))
        ids.append(team.pk)
        team_places.setdefault(team.unit.code, []).append(
            Place(team.code, f"{team.name} ({team.code})", "team", (team.pk,))
        )
    places: dict[str, Place] = {}
    for code, (name, ids) in units.items():
        if len(ids) >= sizes.get(code, 0):
            places[code] = Place(code, name, "unit", tuple(ids))
        for place in team_places[code]:
            places.setdefault(place.code, place)
    return places
