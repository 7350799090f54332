import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tyonjako.clients.models import Client

pytestmark = pytest.mark.django_db


def reads() -> int:
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__denied__isnull=True
    ).count()


def test_the_list_shows_the_teams_clients_and_logs_each_row(org: Org, login) -> None:
    response = login(org.counsellor).get("/clients/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "AS-1" in html and "AS-2" in html and "AS-4" not in html
    assert reads() == 2


def test_the_list_is_forbidden_to_an_evaluator(org: Org, login) -> None:
    assert login(org.evaluator).get("/clients/").status_code == 403


def test_the_detail_page_shows_the_client_and_logs_the_read(org: Org, login) -> None:
    response = login(org.counsellor).get("/clients/AS-1/")
    assert response.status_code == 200
    assert 'data-testid="client-key">AS-1<' in response.content.decode()
    assert reads() == 1


def test_another_teams_client_is_not_found_and_the_attempt_logged(org: Org, login) -> None:
    assert login(org.outsider).get("/clients/AS-1/").status_code == 404
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.additional_data["denied"] is True


def test_find_by_identity_code_redirects_to_the_hashed_key(org: Org, login) -> None:
    response = login(org.counsellor).post("/clients/find/", {"key": "131052-308T"})
    assert response.status_code == 302
    assert "/clients/h-" in response["Location"] and "131052" not in response["Location"]


def test_find_with_a_bad_identity_code_says_so(org: Org, login) -> None:
    response = login(org.counsellor).post("/clients/find/", {"key": "131052-308A"}, follow=True)
    assert "alert-danger" in response.content.decode()


def test_a_secretary_registers_a_client_with_an_identity_code(org: Org, login) -> None:
    response = login(org.secretary).post(
        "/clients/new/",
        {
            "key": "131052-308T",
            "team": org.team_a2.pk,
            "language": "sv",
            "pending_since": "2026-11-24",
            "birth_year": "1952",
            "gender": "female",
            "municipality": "905",
            "employment": "retired",
        },
    )
    assert response.status_code == 302
    client = Client.objects.get(team=org.team_a2, key__startswith="h-")
    assert client.key.startswith("h-") and client.language == "sv"
    created = LogEntry.objects.get(
        action=LogEntry.Action.CREATE, object_id=client.pk, content_type__model="client"
    )
    assert created.actor == org.secretary.user
    assert "131052" not in str(created.changes)


def test_registration_refuses_bad_input_naming_the_fields(org: Org, login) -> None:
    response = login(org.secretary).post(
        "/clients/new/",
        {
            "key": "131052-308A",
            "team": org.team_a.pk,
            "language": "fi",
            "pending_since": "2026-12-24",
            "gender": "unknown",
            "municipality": "9",
            "employment": "unknown",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"key", "pending_since", "municipality"}
    assert not Client.objects.filter(team=org.team_a, key__startswith="h-").exists()


def test_registration_refuses_a_key_already_in_use(org: Org, login) -> None:
    response = login(org.lead).post(
        "/clients/new/",
        {
            "key": "AS-1",
            "team": org.team_a.pk,
            "language": "fi",
            "pending_since": "2026-11-24",
            "gender": "unknown",
            "employment": "unknown",
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["key"]
    assert Client.objects.filter(key="AS-1").count() == 1


def test_registration_to_a_team_outside_the_scope_is_refused(org: Org, login) -> None:
    response = login(org.counsellor).post(
        "/clients/new/",
        {
            "key": "AS-77",
            "team": org.team_b.pk,
            "language": "fi",
            "pending_since": "2026-11-24",
            "gender": "unknown",
            "employment": "unknown",
        },
    )
    assert response.status_code == 400
    assert not Client.objects.filter(key="AS-77").exists()


def test_registration_is_forbidden_to_an_evaluator(org: Org, login) -> None:
    assert login(org.evaluator).get("/clients/new/").status_code == 403


def test_a_refused_page_is_logged_and_explained(org: Org, login) -> None:
    response = login(org.evaluator).get("/clients/")
    assert response.status_code == 403
    entry = LogEntry.objects.get(additional_data__denied=True)
    assert entry.actor == org.evaluator.user and entry.object_repr == "/clients/"
    assert entry.additional_data["purpose"] == "refused_request"


def test_registering_an_over_75_client_sets_the_seventh_weekday_deadline(org: Org, login) -> None:
    import datetime as dt

    response = login(org.secretary).post(
        "/clients/new/",
        {
            "key": "AS-75",
            "team": org.team_a.pk,
            "language": "fi",
            "pending_since": "2026-12-01",
            "gender": "unknown",
            "employment": "retired",
            "over_75": "on",
        },
    )
    assert response.status_code == 400  # pending in the future: refused
    response = login(org.secretary).post(
        "/clients/new/",
        {
            "key": "AS-75",
            "team": org.team_a.pk,
            "language": "fi",
            "pending_since": "2026-11-20",
            "gender": "unknown",
            "employment": "retired",
            "over_75": "on",
        },
    )
    assert response.status_code == 302
    # Friday 20.11.2026 + 7 weekdays = Tuesday 1.12.2026.
    assert Client.objects.get(key="AS-75").assessment_start_by == dt.date(2026, 12, 1)


def test_an_urgent_matter_starts_the_same_day(org: Org, login) -> None:
    import datetime as dt

    login(org.lead).post(
        "/clients/new/",
        {
            "key": "AS-76",
            "team": org.team_a.pk,
            "language": "sv",
            "pending_since": "2026-11-24",
            "gender": "unknown",
            "employment": "unknown",
            "urgent": "on",
        },
    )
    assert Client.objects.get(key="AS-76").assessment_start_by == dt.date(2026, 11, 24)


def _register(http, org: Org, key: str):  # type: ignore[no-untyped-def]
    return http.post(
        "/clients/new/",
        {
            "key": key,
            "team": org.team_a.pk,
            "language": "fi",
            "pending_since": "2026-11-24",
            "gender": "unknown",
            "employment": "unknown",
        },
    )


def test_a_key_registered_in_another_area_is_not_answered_already_registered(
    org: Org, login
) -> None:
    response = _register(login(org.counsellor), org, "AS-4")  # team B's client
    assert response.status_code == 400
    html = response.content.decode()
    assert "jo kirjattu" not in html and response.context["form"].errors["key"]
    entry = LogEntry.objects.get(additional_data__denied=True)
    assert entry.actor == org.counsellor.user and entry.object_id == org.other_client.pk
    assert entry.additional_data["purpose"] == "intake"
    assert Client.objects.get(key="AS-4").team == org.team_b


def test_a_key_registered_within_scope_is_answered_and_the_read_logged(org: Org, login) -> None:
    response = _register(login(org.counsellor), org, "AS-2")
    assert response.status_code == 400
    assert response.context["form"].errors["key"] == ["Tällä avaimella on jo kirjattu asiakas."]
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.object_id == org.team_client.pk and entry.additional_data["purpose"] == "intake"
