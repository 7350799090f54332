"""Each worker's own lists: my clients, awaiting my confirmation, my drafts."""

from typing import Any

import pytest

from tests.conftest import Org
from tests.factories import AssignmentFactory
from tyonjako.assessments import actions
from tyonjako.assessments.rules import Decision

pytestmark = pytest.mark.django_db

CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
}


def _counsellors_override(org: Org) -> Any:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    return actions.decide(
        assessment,
        Decision(False, "guidance", "counsellor", False),
        by=org.counsellor.user,
        reason="lighter",
    )


def test_a_social_worker_sees_what_awaits_their_confirmation(org: Org, login) -> None:
    waiting = _counsellors_override(org)
    response = login(org.social_worker).get("/assessments/mine/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/clients/AS-1/assessment/{waiting.pk}/" in html
    assert 'data-testid="awaiting-confirmation"' in html


def test_a_counsellor_has_no_confirmation_list_but_their_drafts(org: Org, login) -> None:
    draft = actions.save_draft(org.team_client, {"coping": 2}, by=org.counsellor.user)
    actions.save_draft(org.own_client, {"coping": 1}, by=org.lead.user)
    response = login(org.counsellor).get("/assessments/mine/")
    html = response.content.decode()
    assert 'data-testid="awaiting-confirmation"' not in html
    assert f"/clients/AS-2/assessment/{draft.pk}/edit/" in html and "AS-1" not in html


@pytest.mark.parametrize("persona", ["secretary", "director", "evaluator", "admin"])
def test_roles_that_do_not_assess_have_no_assessment_lists(org: Org, login, persona: str) -> None:
    assert login(getattr(org, persona)).get("/assessments/mine/").status_code == 403


def test_home_tiles_count_and_link_to_the_lists(org: Org, login) -> None:
    _counsellors_override(org)
    html = login(org.social_worker).get("/").content.decode()
    assert 'data-testid="awaiting-my-confirmation">1<' in html
    assert 'href="/assessments/mine/"' in html
    counsellor_home = login(org.counsellor).get("/").content.decode()
    assert 'href="/clients/?mine=personal"' in counsellor_home


def test_my_clients_lists_only_the_workers_own_clients(org: Org, login) -> None:
    AssignmentFactory(client=org.team_client, worker=org.social_worker, kind="pair")
    client = login(org.counsellor)
    mine = client.get("/clients/", {"mine": "personal"}).content.decode()
    assert "AS-1" in mine and "AS-2" not in mine
    pairs = login(org.social_worker).get("/clients/", {"mine": "pair"}).content.decode()
    assert "AS-2" in pairs and ">AS-1<" not in pairs


def test_an_unknown_mine_filter_shows_every_client_in_scope(org: Org, login) -> None:
    html = login(org.counsellor).get("/clients/", {"mine": "nonsense"}).content.decode()
    assert "AS-1" in html and "AS-2" in html


def test_the_list_names_the_personal_worker(org: Org, login) -> None:
    html = login(org.lead).get("/clients/").content.decode()
    assert str(org.counsellor) in html
