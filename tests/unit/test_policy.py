from tyonjako.access.policy import POLICY, Action, Scope, scope_for, sees_clients


def test_client_workers_see_their_team_and_change_only_their_own() -> None:
    for role in ("counsellor", "social_worker"):
        assert scope_for(role, Action.VIEW_CLIENT) == Scope.TEAM
        assert scope_for(role, Action.CHANGE_CLIENT) == Scope.OWN


def test_aggregate_roles_never_see_a_single_client() -> None:
    for role in ("director", "evaluator", "admin"):
        assert scope_for(role, Action.VIEW_CLIENT) == Scope.NONE
        assert not sees_clients(role)
        assert scope_for(role, Action.VIEW_AGGREGATES) > Scope.NONE


def test_only_leads_assign_workers() -> None:
    assigners = {role for role, grants in POLICY.items() if Action.ASSIGN_WORKER in grants}
    assert assigners == {"lead"}


def test_only_admin_reads_the_audit_log() -> None:
    assert {role for role in POLICY if scope_for(role, Action.VIEW_AUDIT)} == {"admin"}


def test_unknown_or_missing_role_gets_nothing() -> None:
    for action in Action:
        assert scope_for(None, action) == Scope.NONE
        assert scope_for("janitor", action) == Scope.NONE


def test_scopes_are_ordered_narrow_to_wide() -> None:
    assert Scope.NONE < Scope.OWN < Scope.TEAM < Scope.UNIT < Scope.SERVICE_AREA < Scope.ALL
