import pytest

from tests.conftest import Org
from tests.factories import ClientFactory, PostFactory
from tyonjako.access.subject import subject_of
from tyonjako.caseload.summary import summary_for

pytestmark = pytest.mark.django_db


def test_a_counsellor_sees_her_own_and_her_teams_figures(org: Org) -> None:
    figures = summary_for(subject_of(org.counsellor.user))
    assert figures["own_personal_worker_clients"] == 1
    assert figures["clients_in_scope"] == 2
    assert figures["without_personal_worker"] == 1


def test_a_lead_sees_staff_by_profession_and_open_posts(org: Org) -> None:
    PostFactory(unit=org.team_a.unit, team=org.team_a)
    figures = summary_for(subject_of(org.lead.user))
    staff = figures["staff"]
    assert staff["workers_by_profession"] == {
        "counsellor": 1,
        "service_secretary": 1,
        "social_worker": 2,
    }
    assert staff["open_posts"] == 1


def test_an_evaluator_gets_suppressed_aggregates_and_no_client_counts(org: Org) -> None:
    for _ in range(6):
        ClientFactory(team=org.team_a)
    ClientFactory(team=org.team_a2)  # 1829 has 2, ETELA 1: together 3 > 2 hidden cells
    figures = summary_for(subject_of(org.evaluator.user))
    assert "clients_in_scope" not in figures
    cells = figures["clients_by_team"]["cells"]
    assert cells["KESKI-3064"] == 8
    assert cells["KESKI-1829"] is None and cells["ETELA-3064"] is None


def test_a_director_sees_only_his_service_area(org: Org) -> None:
    figures = summary_for(subject_of(org.director.user))
    assert set(figures["clients_by_team"]["cells"]) == {"KESKI-3064", "KESKI-1829"}
