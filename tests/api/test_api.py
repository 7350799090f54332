import pytest
from auditlog.models import LogEntry

from tests.conftest import Org

pytestmark = pytest.mark.django_db


def test_the_client_list_returns_the_visible_clients_and_logs_each(org: Org, login) -> None:
    response = login(org.counsellor).get("/api/v1/clients/")
    assert response.status_code == 200
    assert [row["key"] for row in response.json()["results"]] == ["AS-1", "AS-2"]
    assert (
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, additional_data__channel="api"
        ).count()
        == 2
    )


def test_the_client_list_is_forbidden_to_aggregate_roles(org: Org, login) -> None:
    assert login(org.evaluator).get("/api/v1/clients/").status_code == 403


def test_one_client_through_the_door(org: Org, login) -> None:
    response = login(org.counsellor).get("/api/v1/clients/AS-1/")
    assert response.status_code == 200 and response.json()["team"] == "KESKI-3064"


def test_another_teams_client_answers_404_and_is_logged(org: Org, login) -> None:
    assert login(org.outsider).get("/api/v1/clients/AS-1/").status_code == 404
    assert (
        LogEntry.objects.filter(
            additional_data__denied=True, additional_data__channel="api"
        ).count()
        == 1
    )


def test_the_api_needs_authentication(org: Org, client) -> None:
    assert client.get("/api/v1/clients/").status_code == 403


def test_teams_follow_the_organisation_scope(org: Org, login) -> None:
    codes = [row["code"] for row in login(org.lead).get("/api/v1/teams/").json()["results"]]
    assert codes == ["KESKI-3064"]


def test_workers_of_the_teams_in_scope(org: Org, login) -> None:
    rows = login(org.lead).get("/api/v1/workers/").json()["results"]
    assert "ulkopuolinen" not in {row["username"] for row in rows}
    assert {row["profession"] for row in rows} >= {"counsellor", "social_worker"}


def test_the_summary_equals_the_command_line(org: Org, login, capsys) -> None:
    import json

    from django.core.management import call_command

    api = login(org.lead).get("/api/v1/me/summary/").json()
    call_command("summary", "johtava")
    assert json.loads(capsys.readouterr().out) == api


def test_the_openapi_schema_and_docs_are_served(org: Org, login) -> None:
    client = login(org.admin)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/clients/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    assert b"cdn" not in docs.content.lower()


def test_the_openapi_schema_validates_without_warnings(db) -> None:
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_a_refused_api_request_is_logged(org: Org, login) -> None:
    assert login(org.evaluator).get("/api/v1/clients/").status_code == 403
    entry = LogEntry.objects.get(additional_data__denied=True)
    assert entry.additional_data["channel"] == "api" and entry.object_repr == "/api/v1/clients/"


def test_encounter_statistics_api_equals_the_command(org: Org, login, capsys) -> None:
    import json

    from django.core.management import call_command

    api = login(org.lead).get("/api/v1/encounters/statistics/", {"unit": org.team_a.code}).json()
    call_command("report", "encounters", "--unit", org.team_a.code)
    assert api == json.loads(capsys.readouterr().out)


def test_encounter_statistics_outside_the_scope_are_refused(org: Org, login) -> None:
    assert (
        login(org.lead).get("/api/v1/encounters/statistics/", {"unit": org.team_b.code}).status_code
        == 400
    )
