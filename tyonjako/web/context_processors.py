"""Navigation by role: a link is shown only when the policy grants its action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.organisation.choices import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    action: Action | None


NAVIGATION = (
    NavItem(_("Home"), "home", None),
    NavItem(_("Clients"), "clients:list", Action.VIEW_CLIENT),
    NavItem(_("New client"), "caseload:register", Action.REGISTER_CLIENT),
    NavItem(_("Caseload"), "caseload:teams", Action.VIEW_CLIENT),
    NavItem(_("Encounters"), "encounters:record", Action.RECORD_ENCOUNTER),
    NavItem(_("Statistics"), "encounters:statistics", Action.VIEW_AGGREGATES),
    NavItem(_("Import"), "encounters:upload", Action.IMPORT_DATA),
    NavItem(_("Overrides"), "assessments:overrides", Action.VIEW_AGGREGATES),
    NavItem(_("Instruments"), "assessments:instruments", Action.RUN_WHAT_IF),
    NavItem(_("Tasks"), "tasks:descriptions", Action.VIEW_ORGANISATION),
    NavItem(_("Surveys"), "surveys:index", Action.VIEW_ORGANISATION),
    NavItem(_("Organisation"), "organisation:teams", Action.VIEW_ORGANISATION),
    NavItem(_("Audit log"), "audit:log", Action.VIEW_AUDIT),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {"nav_items": [], "user_role_label": ""}
    subject = subject_of(request.user)
    items = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": request.resolver_match is not None
            and request.resolver_match.view_name == item.url_name,
        }
        for item in NAVIGATION
        if item.action is None or subject.can(item.action)
    ]
    role_label = Role(subject.role).label if subject.role in Role.values else ""
    return {"nav_items": items, "user_role_label": role_label}
