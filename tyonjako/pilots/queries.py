"""Which pilots a person may see or run, and whether their figures are suppressed for them.

Through the aggregate door (`tyonjako.reports.door.ReportScope`): a person sees a
pilot when every one of its places (units, teams or wards) lies in their scope for
the action, so a pilot's figures never show a place that the person could not see
on its own. A missing pilot and a forbidden one answer alike (404). Figures are
suppressed unless the person sees the clients of every place of the pilot.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tyonjako.access.policy import Action
from tyonjako.access.subject import Subject
from tyonjako.reports.door import Period, ReportError, ReportScope

from .models import Pilot


def scope_of(subject: Subject, action: Action) -> ReportScope | None:
    """The person's places for the action; None when they have none."""
    try:
        return ReportScope.for_subject(subject, action, Period())
    except PermissionDenied:
        return None


def _within(scope: ReportScope | None, pilot: Pilot) -> bool:
    if scope is None:
        return False
    try:
        scope.require(pilot.place_codes())
    except ReportError:
        return False
    return True


def covers(subject: Subject, action: Action, pilot: Pilot) -> bool:
    """Whether every place of the pilot lies in the subject's scope for the action."""
    return _within(scope_of(subject, action), pilot)


def pilots_for(subject: Subject, action: Action = Action.VIEW_PILOTS) -> list[Pilot]:
    scope = scope_of(subject, action)
    return [pilot for pilot in Pilot.objects.all() if _within(scope, pilot)]


def get_pilot_for(subject: Subject, key: str, action: Action = Action.VIEW_PILOTS) -> Pilot:
    pilot = Pilot.objects.filter(key=key).first()
    if pilot is None or not covers(subject, action, pilot):
        raise Http404
    return pilot


def figures_suppressed_for(subject: Subject, pilot: Pilot) -> bool:
    """Suppressed unless the person sees the clients of every place of the pilot."""
    return not covers(subject, Action.VIEW_CLIENT, pilot)
