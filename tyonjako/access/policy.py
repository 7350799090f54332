"""Who may do what, and over which clients: role × action → scope.

This table is the one place where permissions are decided. Pure data and a
pure lookup; the querysets in `tyonjako.clients.access` turn a scope into a
filter. A role that is not listed for an action gets no access at all.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Scope(IntEnum):
    """Ordered from narrowest to widest, so scopes can be compared."""

    NONE = 0
    OWN = 1  # clients the worker is personal worker or pair of
    TEAM = 2
    UNIT = 3
    SERVICE_AREA = 4
    ALL = 5


class Action(StrEnum):
    VIEW_CLIENT = "view_client"
    REGISTER_CLIENT = "register_client"
    CHANGE_CLIENT = "change_client"
    ASSIGN_WORKER = "assign_worker"
    VIEW_ORGANISATION = "view_organisation"
    VIEW_AGGREGATES = "view_aggregates"
    IMPORT_DATA = "import_data"
    MANAGE_ORGANISATION = "manage_organisation"
    VIEW_AUDIT = "view_audit"
    ASSESS = "assess"
    CONFIRM_SPECIAL_SUPPORT = "confirm_special_support"
    MANAGE_INSTRUMENTS = "manage_instruments"
    RUN_WHAT_IF = "run_what_if"
    RECORD_ENCOUNTER = "record_encounter"
    EDIT_JOB_DESCRIPTIONS = "edit_job_descriptions"
    VIEW_PILOTS = "view_pilots"
    MANAGE_PILOTS = "manage_pilots"
    VIEW_SCENARIOS = "view_scenarios"
    MANAGE_SCENARIOS = "manage_scenarios"
    MANAGE_POSTS = "manage_posts"
    EDIT_COST_PARAMETERS = "edit_cost_parameters"
    MANAGE_SURVEYS = "manage_surveys"
    VIEW_SURVEY_RESULTS = "view_survey_results"
    VIEW_OPEN_ANSWERS = "view_open_answers"


_CLIENT_WORKER = {
    Action.VIEW_CLIENT: Scope.TEAM,
    Action.REGISTER_CLIENT: Scope.TEAM,
    Action.CHANGE_CLIENT: Scope.OWN,
    Action.VIEW_ORGANISATION: Scope.TEAM,
    Action.VIEW_AGGREGATES: Scope.TEAM,
    Action.ASSESS: Scope.TEAM,
    Action.RECORD_ENCOUNTER: Scope.TEAM,
    # Members of a pilot's working group follow its figures.
    Action.VIEW_PILOTS: Scope.UNIT,
}

POLICY: dict[str, dict[Action, Scope]] = {
    "counsellor": dict(_CLIENT_WORKER),
    # Whether this social worker may confirm is also a matter of licence and
    # public office (Sosiaalihuoltolaki §36); see assessments.rules.
    "social_worker": {**_CLIENT_WORKER, Action.CONFIRM_SPECIAL_SUPPORT: Scope.TEAM},
    "lead": {
        Action.VIEW_CLIENT: Scope.TEAM,
        Action.REGISTER_CLIENT: Scope.TEAM,
        Action.CHANGE_CLIENT: Scope.TEAM,
        Action.ASSIGN_WORKER: Scope.TEAM,
        Action.VIEW_ORGANISATION: Scope.TEAM,
        Action.VIEW_AGGREGATES: Scope.TEAM,
        Action.ASSESS: Scope.TEAM,
        Action.CONFIRM_SPECIAL_SUPPORT: Scope.TEAM,
        Action.RUN_WHAT_IF: Scope.TEAM,
        Action.RECORD_ENCOUNTER: Scope.TEAM,
        Action.EDIT_JOB_DESCRIPTIONS: Scope.UNIT,
        Action.VIEW_PILOTS: Scope.UNIT,
        Action.MANAGE_PILOTS: Scope.UNIT,
        Action.VIEW_SCENARIOS: Scope.UNIT,
        Action.MANAGE_SCENARIOS: Scope.UNIT,
        Action.MANAGE_SURVEYS: Scope.UNIT,
        Action.VIEW_SURVEY_RESULTS: Scope.UNIT,
        Action.VIEW_OPEN_ANSWERS: Scope.UNIT,
    },
    "secretary": {
        Action.VIEW_CLIENT: Scope.UNIT,
        Action.REGISTER_CLIENT: Scope.UNIT,
        Action.CHANGE_CLIENT: Scope.UNIT,
        Action.IMPORT_DATA: Scope.UNIT,
        Action.VIEW_ORGANISATION: Scope.UNIT,
        Action.VIEW_AGGREGATES: Scope.UNIT,
    },
    # Directors, evaluators and admins never see a single client: aggregates only.
    "director": {
        Action.VIEW_ORGANISATION: Scope.SERVICE_AREA,
        Action.VIEW_AGGREGATES: Scope.SERVICE_AREA,
        Action.EDIT_JOB_DESCRIPTIONS: Scope.SERVICE_AREA,
        Action.VIEW_PILOTS: Scope.SERVICE_AREA,
        Action.MANAGE_PILOTS: Scope.SERVICE_AREA,
        Action.VIEW_SCENARIOS: Scope.SERVICE_AREA,
        Action.MANAGE_SCENARIOS: Scope.SERVICE_AREA,
        Action.MANAGE_POSTS: Scope.SERVICE_AREA,
        Action.VIEW_SURVEY_RESULTS: Scope.SERVICE_AREA,
    },
    "evaluator": {
        Action.VIEW_ORGANISATION: Scope.ALL,
        Action.VIEW_AGGREGATES: Scope.ALL,
        Action.RUN_WHAT_IF: Scope.ALL,
        Action.VIEW_PILOTS: Scope.ALL,
        Action.MANAGE_PILOTS: Scope.ALL,
        Action.VIEW_SCENARIOS: Scope.ALL,
        # The project worker who runs the pilots' surveys and analyses them.
        Action.MANAGE_SURVEYS: Scope.ALL,
        Action.VIEW_SURVEY_RESULTS: Scope.ALL,
        Action.VIEW_OPEN_ANSWERS: Scope.ALL,
    },
    "admin": {
        Action.VIEW_ORGANISATION: Scope.ALL,
        Action.VIEW_AGGREGATES: Scope.ALL,
        Action.MANAGE_ORGANISATION: Scope.ALL,
        Action.IMPORT_DATA: Scope.ALL,
        Action.VIEW_AUDIT: Scope.ALL,
        Action.MANAGE_INSTRUMENTS: Scope.ALL,
        Action.EDIT_JOB_DESCRIPTIONS: Scope.ALL,
        Action.RUN_WHAT_IF: Scope.ALL,
        Action.VIEW_PILOTS: Scope.ALL,
        Action.MANAGE_PILOTS: Scope.ALL,
        Action.VIEW_SCENARIOS: Scope.ALL,
        Action.MANAGE_SCENARIOS: Scope.ALL,
        Action.MANAGE_POSTS: Scope.ALL,
        Action.EDIT_COST_PARAMETERS: Scope.ALL,
        Action.MANAGE_SURVEYS: Scope.ALL,
    },
}


def scope_for(role: str | None, action: Action | str) -> Scope:
    """The widest scope a role has for an action; NONE when not granted."""
    if role is None:
        return Scope.NONE
    return POLICY.get(role, {}).get(Action(action), Scope.NONE)


def sees_clients(role: str | None) -> bool:
    """Whether the role sees single clients at all; if not, small cells are suppressed."""
    return scope_for(role, Action.VIEW_CLIENT) > Scope.NONE


# Log-in (issue 13 §4). Not a client action: who needs a second factor, and whose
# second factor a user may enrol.


def needs_second_factor(
    role: str | None, *, is_staff: bool, single_sign_on: bool, required: bool
) -> bool:
    """Administrators always (when required); others when they logged in with a
    local password rather than through single sign-on."""
    if not required:
        return False
    return role == "admin" or is_staff or not single_sign_on


def may_enrol_second_factor(role: str | None, *, own_account: bool) -> bool:
    """Anyone logged in enrols a second factor for their own account only;
    nobody enrols one for another person (an administrator removes one in the admin)."""
    return own_account


def sees_job(
    scope: Scope, *, started_it: bool, unit_ids: frozenset[int], job_units: list[int]
) -> bool:
    """Whether a subject whose IMPORT_DATA scope is ``scope`` sees a background job (an
    import's progress, batch and rejected rows): who started it, anyone with the whole
    county in scope, and those whose units include a unit of the one who started it."""
    if scope == Scope.NONE:
        return False
    return started_it or scope == Scope.ALL or bool(unit_ids.intersection(job_units))
