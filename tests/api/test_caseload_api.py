import json

import pytest
from django.core.management import call_command

from tests.conftest import Org
from tyonjako.caseload.models import Assignment

pytestmark = pytest.mark.django_db


def test_queue_api_equals_the_page_rows(org: Org, login) -> None:
    from tyonjako.caseload.services import intake_queue
    from tyonjako.common.clock import today

    rows = login(org.lead).get(f"/api/v1/teams/{org.team_a.code}/queue/").json()
    assert rows == intake_queue(org.team_a, today())


def test_suggestions_in_swedish(org: Org, login) -> None:
    rows = login(org.lead).get("/api/v1/clients/AS-2/suggestions/", {"language": "sv"}).json()
    assert rows and all("viktade klienter" in row["explanation"] for row in rows)


def test_pair_suggestions_are_social_workers(org: Org, login) -> None:
    rows = login(org.lead).get("/api/v1/clients/AS-1/suggestions/", {"role": "pair"}).json()
    assert {row["profession"] for row in rows} == {"social_worker"}


def test_assign_through_the_api_and_see_the_conflict(org: Org, login) -> None:
    client = login(org.lead)
    made = client.post(
        "/api/v1/clients/AS-2/assignments/",
        {"worker": "ohjaaja", "kind": "personal_worker", "expected_personal_worker": ""},
        content_type="application/json",
    )
    assert made.status_code == 201
    again = client.post(
        "/api/v1/clients/AS-2/assignments/",
        {"worker": "sosiaalityontekija", "kind": "personal_worker", "expected_personal_worker": ""},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert Assignment.objects.filter(client=org.team_client).count() == 1


def test_findings_api_equals_the_command(org: Org, login, capsys) -> None:
    api = login(org.lead).get("/api/v1/findings/", {"team": org.team_a.code}).json()
    call_command("compliance", "--team", org.team_a.code)
    assert api == json.loads(capsys.readouterr().out)


def test_findings_of_another_team_are_not_found(org: Org, login) -> None:
    assert (
        login(org.outsider).get("/api/v1/findings/", {"team": org.team_a.code}).status_code == 404
    )


def test_dashboard_api(org: Org, login) -> None:
    data = login(org.lead).get(f"/api/v1/teams/{org.team_a.code}/caseload/").json()
    assert data["team"] == org.team_a.code and data["workers"]
