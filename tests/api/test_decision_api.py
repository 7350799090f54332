"""The API twin of the decision and the confirmation: same rules, same audit, per role."""

from typing import Any

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tyonjako.assessments import actions
from tyonjako.assessments.models import Assessment

pytestmark = pytest.mark.django_db

CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
}
LIGHTER = {
    "special_support": False,
    "segment": "guidance",
    "personal_worker": "counsellor",
    "pair_required": False,
    "reason": "lighter",
}


def _recommended(org: Org) -> Assessment:
    return actions.recommend(org.own_client, CARE, by=org.counsellor.user)


def _decision_url(assessment: Assessment) -> str:
    return f"/api/v1/clients/AS-1/assessments/{assessment.pk}/decision/"


def _confirm_url(assessment: Assessment) -> str:
    return f"/api/v1/clients/AS-1/assessments/{assessment.pk}/confirm/"


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_a_counsellors_override_waits_and_a_social_worker_confirms_it(org: Org, login) -> None:
    assessment = _recommended(org)
    decided = _post(login(org.counsellor), _decision_url(assessment), LIGHTER)
    assert decided.status_code == 200 and decided.json()["status"] == "awaiting_confirmation"
    confirmed = _post(login(org.social_worker), _confirm_url(assessment), {})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "completed"
    assert (
        LogEntry.objects.filter(
            additional_data__client_id=org.own_client.pk, content_type__model="assessment"
        ).count()
        >= 3
    )


def test_a_social_worker_in_public_office_completes_at_once(org: Org, login) -> None:
    response = _post(login(org.social_worker), _decision_url(_recommended(org)), LIGHTER)
    assert response.json()["status"] == "completed"


@pytest.mark.parametrize("worker", ["counsellor", "either"])
def test_special_support_without_a_social_worker_is_refused_with_section_42(
    org: Org, login, worker: str
) -> None:
    body = {**LIGHTER, "special_support": True, "personal_worker": worker, "segment": "care"}
    response = _post(login(org.lead), _decision_url(_recommended(org)), body)
    assert response.status_code == 400 and "1301/2014" in response.json()["personal_worker"][0]


def test_an_unknown_segment_is_bad_input(org: Org, login) -> None:
    response = _post(
        login(org.counsellor), _decision_url(_recommended(org)), {**LIGHTER, "segment": "x"}
    )
    assert response.status_code == 400 and "segment" in response.json()


@pytest.mark.parametrize("persona", ["secretary", "director", "evaluator", "admin", "outsider"])
def test_roles_that_do_not_assess_may_not_decide(org: Org, login, persona: str) -> None:
    response = _post(login(getattr(org, persona)), _decision_url(_recommended(org)), LIGHTER)
    assert response.status_code in (403, 404)
    assert Assessment.objects.get().status == "recommended"


@pytest.mark.parametrize("persona", ["counsellor", "lead", "secretary", "evaluator", "outsider"])
def test_only_a_social_worker_in_public_office_confirms(org: Org, login, persona: str) -> None:
    assessment = _recommended(org)
    _post(login(org.counsellor), _decision_url(assessment), LIGHTER)
    response = _post(login(getattr(org, persona)), _confirm_url(assessment), {})
    assert response.status_code in (400, 403, 404)
    assert Assessment.objects.get().status == "awaiting_confirmation"


def test_the_confirmer_may_change_the_decision_by_sending_it_whole(org: Org, login) -> None:
    assessment = _recommended(org)
    _post(login(org.counsellor), _decision_url(assessment), LIGHTER)
    client = login(org.social_worker)
    partial = _post(client, _confirm_url(assessment), {"segment": "care"})
    assert partial.status_code == 400 and "personal_worker" in partial.json()
    whole = {
        "special_support": True,
        "segment": "care",
        "personal_worker": "social_worker",
        "pair_required": False,
    }
    response = _post(client, _confirm_url(assessment), whole)
    assert response.status_code == 200 and response.json()["segment"] == "care"
    assert response.json()["is_override"] is False
