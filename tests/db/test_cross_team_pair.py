"""A social worker in public office from any team of the county can be the work pair."""

import pytest

from tests.conftest import Org, _worker
from tyonjako.assessments import actions as assessment_actions
from tyonjako.assessments.rules import Decision
from tyonjako.caseload import actions
from tyonjako.caseload.models import AssignmentKind
from tyonjako.caseload.services import suggestions_for
from tyonjako.common.clock import today

pytestmark = pytest.mark.django_db
CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
}


def _special_support_with_counsellor(org: Org) -> None:
    assessment = assessment_actions.recommend(org.team_client, CARE, by=org.social_worker.user)
    assessment_actions.decide(
        assessment,
        Decision(True, "cooperation", "counsellor", True),
        by=org.social_worker.user,
        reason="continuity",
    )


def test_a_social_worker_of_another_team_is_the_pair_with_a_reason(org: Org) -> None:
    other = _worker(
        "naapuri",
        "social_worker",
        "social_worker",
        [org.team_b],
        licence="social_worker",
        public_office=True,
    )
    _special_support_with_counsellor(org)
    with pytest.raises(actions.AssignmentError) as error:
        actions.assign(org.team_client, other, kind=AssignmentKind.PAIR, by=org.lead.user)
    assert error.value.field == "reason" and "1301/2014" in error.value.message
    pair = actions.assign(
        org.team_client,
        other,
        kind=AssignmentKind.PAIR,
        by=org.lead.user,
        reason="the team has no social worker free",
    )
    assert pair.worker == other


def test_the_clients_team_comes_first_then_the_county(org: Org) -> None:
    other = _worker(
        "naapuri",
        "social_worker",
        "social_worker",
        [org.team_b],
        licence="social_worker",
        public_office=True,
    )
    ids = [s.worker_id for s in suggestions_for(org.team_client, today(), "pair").eligible]
    team = [pk for pk in ids if pk in (org.social_worker.pk, org.lead.pk)]
    # The team's social workers first (in their own order of load and name), then the county.
    assert org.social_worker.pk in team and ids[: len(team)] == team
    assert ids.index(other.pk) > max(ids.index(pk) for pk in team)


def test_someone_outside_the_team_is_never_the_personal_worker(org: Org) -> None:
    with pytest.raises(actions.AssignmentError):
        actions.assign(
            org.team_client, org.outsider, kind=AssignmentKind.PERSONAL_WORKER, by=org.lead.user
        )


def test_after_a_counsellor_the_assign_page_asks_for_the_pair(org: Org, login) -> None:
    _special_support_with_counsellor(org)
    response = login(org.lead).post(
        f"/clients/{org.team_client.key}/assign/",
        {
            "worker": org.counsellor.pk,
            "kind": "personal_worker",
            "start": "2026-11-25",
            "expected": "none",
            "reason": "suggestion",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?kind=pair")
    page = login(org.lead).get(response["Location"]).content.decode()
    assert "client-finding-" in page and "42 §" in page
