import pytest

from tests.conftest import Org
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_a_lead_sees_the_team_page_with_workers_and_posts(org: Org, login) -> None:
    PostFactory(code="STT-AVOIN", unit=org.team_a.unit, team=org.team_a)
    html = login(org.lead).get(f"/organisation/teams/{org.team_a.code}/").content.decode()
    assert "STT-AVOIN" in html and org.counsellor.user.last_name in html


def test_the_team_list_shows_only_the_teams_in_scope(org: Org, login) -> None:
    html = login(org.lead).get("/organisation/").content.decode()
    assert org.team_a.code in html and org.team_b.code not in html


def test_another_teams_page_is_not_found(org: Org, login) -> None:
    assert login(org.outsider).get(f"/organisation/teams/{org.team_a.code}/").status_code == 404


def test_an_evaluator_sees_every_team(org: Org, login) -> None:
    html = login(org.evaluator).get("/organisation/").content.decode()
    assert org.team_a.code in html and org.team_b.code in html
