"""Issue 14: directors and evaluators see compliance as rates by team and over time,
through the door, never a client row."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from tests.conftest import Org
from tests.factories import ClientFactory
from tyonjako.caseload.models import ComplianceSnapshot
from tyonjako.caseload.rules import RULES

pytestmark = pytest.mark.django_db
RULE, OTHER = list(RULES)[:2]


@pytest.fixture
def runs(org: Org) -> Org:
    """Team A: 40 active clients; two stored runs, the latest with 10 + 2 findings."""
    for _ in range(36):
        ClientFactory(team=org.team_a)  # with AS-1, AS-2 and AS-3's team_a peers: 38+
    for day, first, second in ((dt.date(2026, 11, 1), 6, 0), (dt.date(2026, 11, 20), 10, 2)):
        for rule in RULES:
            count = first if rule == RULE else (second if rule == OTHER else 0)
            ComplianceSnapshot.objects.create(day=day, team=org.team_a, rule=rule, count=count)
    return org


def test_a_director_sees_rates_by_team_with_small_cells_marked(runs: Org, login) -> None:
    response = login(runs.director).get("/reports/compliance/")
    assert response.status_code == 200
    row = response.context["report"]["teams"][runs.team_a.code]
    active = row["active_clients"]
    assert row["day"] == "2026-11-20" and row["findings"] == 12
    assert row["rules"][RULE] == "x" and row["rules"][OTHER] is None  # 2 is "<5"; 10 protects it
    assert row["per_100_clients"] == round(1200 / active, 1)
    html = response.content.decode()
    assert "AS-1" not in html and 'data-testid="suppression-legend"' in html
    assert 'data-testid="applied-period"' in html


def test_the_period_chooses_the_runs_and_a_swapped_one_is_refused(runs: Org, login) -> None:
    client = login(runs.evaluator)
    early = client.get("/reports/compliance/", {"to": "10.11.2026"}).context["report"]
    assert early["teams"][runs.team_a.code]["findings"] == 6
    assert list(early["series"]) == ["2026-11-01"]
    swapped = client.get("/reports/compliance/", {"from": "20.11.2026", "to": "1.11.2026"})
    assert swapped.status_code == 400 and swapped.context["report"] is None
    bad = client.get("/reports/compliance/", {"from": "huomenna"})
    assert bad.status_code == 400


def test_a_lead_who_sees_clients_gets_the_exact_counts(runs: Org, login) -> None:
    report = login(runs.lead).get("/reports/compliance/").context["report"]
    assert report["suppressed"] is False
    assert report["teams"][runs.team_a.code]["rules"][OTHER] == 2
    assert runs.team_b.code not in report["teams"]


def test_refused_without_a_role_and_to_an_empty_scope(org: Org, login) -> None:
    from tests.factories import UserFactory

    client = login(org.admin)
    client.force_login(UserFactory(username="nobody-c"))
    assert client.get("/reports/compliance/").status_code == 403
    org.lead.memberships.all().delete()
    assert login(org.lead).get("/reports/compliance/").status_code == 403


def test_the_command_gives_the_same_figures(runs: Org, login) -> None:
    out = io.StringIO()
    call_command("report", "compliance", "--suppress", stdout=out)
    cli = json.loads(out.getvalue())
    page = login(runs.evaluator).get("/reports/compliance/").context["report"]
    assert cli["teams"][runs.team_a.code] == page["teams"][runs.team_a.code]
    assert cli["series"] == page["series"]


def test_the_api_gives_the_same_figures_and_refuses_bad_input(runs: Org, login) -> None:
    client = login(runs.director)
    api = client.get("/api/v1/reports/compliance/").json()
    page = client.get("/reports/compliance/").context["report"]
    assert api["teams"] == page["teams"] and api["series"] == page["series"]
    assert client.get("/api/v1/reports/compliance/", {"to": "31.2.2026"}).status_code == 400
    client.logout()
    assert client.get("/api/v1/reports/compliance/").status_code in (401, 403)
