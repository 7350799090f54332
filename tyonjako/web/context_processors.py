"""Navigation by role: a link is shown only when the policy grants its action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.organisation.choices import Role

from .security import second_factor_missing


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    action: Action | None
    group: str = ""  # items of one group share a drop-down menu when two or more are shown


# The groups keep the bar on one row at 1366 px for every role, in Finnish and Swedish.
GROUPS: dict[str, str | Promise] = {
    "follow_up": pgettext_lazy("navigation", "Follow-up"),
    "development": pgettext_lazy("navigation", "Development"),
}


NAVIGATION = (
    NavItem(_("Home"), "home", None),
    NavItem(_("Clients"), "clients:list", Action.VIEW_CLIENT),
    NavItem(_("New client"), "caseload:register", Action.REGISTER_CLIENT),
    NavItem(_("Caseload"), "caseload:teams", Action.VIEW_CLIENT),
    NavItem(_("Encounters"), "encounters:record", Action.RECORD_ENCOUNTER),
    NavItem(_("Statistics"), "encounters:statistics", Action.VIEW_AGGREGATES, "follow_up"),
    NavItem(_("Import"), "encounters:upload", Action.IMPORT_DATA),
    NavItem(_("Compliance"), "reports:compliance", Action.VIEW_AGGREGATES, "follow_up"),
    NavItem(_("Overrides"), "assessments:overrides", Action.VIEW_AGGREGATES, "follow_up"),
    NavItem(_("Pilots"), "pilots:list", Action.VIEW_PILOTS, "development"),
    NavItem(_("Surveys"), "surveys:index", Action.VIEW_ORGANISATION, "development"),
    NavItem(_("Staffing"), "staffing:scenarios", Action.VIEW_SCENARIOS, "development"),
    NavItem(_("Tasks"), "tasks:descriptions", Action.VIEW_ORGANISATION, "development"),
    NavItem(_("Instruments"), "assessments:instruments", Action.RUN_WHAT_IF, "development"),
    NavItem(_("Organisation"), "organisation:teams", Action.VIEW_ORGANISATION),
    NavItem(_("Audit log"), "audit:log", Action.VIEW_AUDIT),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {"nav_items": [], "user_role_label": ""}
    subject = subject_of(request.user)
    if second_factor_missing(request):  # nothing to navigate to before the code is given
        return {"nav_items": [], "user_role_label": ""}
    current = request.resolver_match.view_name if request.resolver_match else ""
    shown = [item for item in NAVIGATION if item.action is None or subject.can(item.action)]
    role_label = Role(subject.role).label if subject.role in Role.values else ""
    return {"nav_items": _grouped(shown, current), "user_role_label": role_label}


def _grouped(items: list[NavItem], current: str) -> list[dict[str, Any]]:
    """Links in order; a group of two or more becomes one drop-down where its first item is."""
    sizes = {name: sum(1 for item in items if item.group == name) for name in GROUPS}
    out: list[dict[str, Any]] = []
    menus: dict[str, dict[str, Any]] = {}
    for item in items:
        link = {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": current == item.url_name,
        }
        if not item.group or sizes[item.group] < 2:
            out.append(link)
            continue
        if item.group not in menus:
            menus[item.group] = {"label": GROUPS[item.group], "key": item.group, "children": []}
            out.append(menus[item.group])
        menus[item.group]["children"].append(link)
        menus[item.group]["active"] = menus[item.group].get("active") or link["active"]
    return out
