"""The one door to client data: every branch, including those who must be denied."""

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tyonjako.access.policy import Action
from tyonjako.audit.purposes import Purpose
from tyonjako.clients.access import ClientNotFound, get_client_for
from tyonjako.clients.models import Client

pytestmark = pytest.mark.django_db


def keys(queryset) -> set[str]:
    return set(queryset.values_list("key", flat=True))


def test_a_counsellor_sees_the_clients_of_her_team_only(org: Org) -> None:
    assert keys(Client.objects.visible_to(org.counsellor.user)) == {"AS-1", "AS-2"}


def test_a_counsellor_may_change_only_her_own_clients(org: Org) -> None:
    assert keys(Client.objects.visible_to(org.counsellor.user, Action.CHANGE_CLIENT)) == {"AS-1"}


def test_a_lead_sees_and_changes_the_whole_team(org: Org) -> None:
    assert keys(Client.objects.visible_to(org.lead.user, Action.CHANGE_CLIENT)) == {"AS-1", "AS-2"}


def test_a_secretary_sees_the_whole_unit(org: Org) -> None:
    assert keys(Client.objects.visible_to(org.secretary.user)) == {"AS-1", "AS-2", "AS-3"}


@pytest.mark.parametrize("persona", ["director", "evaluator", "admin"])
def test_aggregate_roles_see_no_client_rows(org: Org, persona: str) -> None:
    assert not Client.objects.visible_to(getattr(org, persona).user).exists()


def test_an_outsider_from_another_area_sees_only_his_own_team(org: Org) -> None:
    assert keys(Client.objects.visible_to(org.outsider.user)) == {"AS-4"}


def test_an_ended_membership_ends_the_access(org: Org) -> None:
    import datetime as dt

    org.counsellor.memberships.update(end=dt.date(2026, 1, 31))
    assert not Client.objects.visible_to(org.counsellor.user).exists()


def test_an_ended_assignment_ends_the_own_scope(org: Org) -> None:
    import datetime as dt

    org.own_client.assignments.update(end=dt.date(2026, 11, 20))
    assert not Client.objects.visible_to(org.counsellor.user, Action.CHANGE_CLIENT).exists()


def test_a_read_through_the_door_is_logged_with_its_purpose(org: Org) -> None:
    client = get_client_for(org.counsellor.user, "AS-1", purpose=Purpose.CLIENT_PAGE)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert client.key == "AS-1"
    assert entry.actor == org.counsellor.user
    assert entry.object_id == client.pk
    assert entry.additional_data["purpose"] == "client_page"
    assert "denied" not in entry.additional_data


def test_a_refused_read_answers_not_found_and_is_logged_as_denied(org: Org) -> None:
    with pytest.raises(ClientNotFound):
        get_client_for(org.outsider.user, "AS-1", purpose=Purpose.CLIENT_PAGE)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.additional_data["denied"] is True
    assert entry.object_id == org.own_client.pk
    assert entry.actor == org.outsider.user


def test_an_evaluator_cannot_open_a_client_even_by_its_key(org: Org) -> None:
    with pytest.raises(ClientNotFound):
        get_client_for(org.evaluator.user, "AS-1", purpose=Purpose.CLIENT_PAGE)


def test_a_malformed_key_is_refused_and_logged_without_the_input(org: Org) -> None:
    with pytest.raises(ClientNotFound):
        get_client_for(org.counsellor.user, "131052-308A", purpose=Purpose.CLIENT_PAGE)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert "131052" not in entry.object_repr and entry.additional_data["denied"] is True


def test_an_identity_code_finds_the_client_registered_with_it(org: Org, settings) -> None:
    from tyonjako.clients.access import normalise_key

    Client.objects.filter(pk=org.team_client.pk).update(key=normalise_key("131052-308T"))
    client = get_client_for(org.counsellor.user, "131052-308T", purpose=Purpose.CLIENT_PAGE)
    assert client.pk == org.team_client.pk


def test_anonymous_users_see_nothing(org: Org) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not Client.objects.visible_to(AnonymousUser()).exists()
