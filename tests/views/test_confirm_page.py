"""The confirmer changes a waiting decision on the page: the same action, audit rows
and §42 checks as the API's …/confirm/."""

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tyonjako.assessments import actions
from tyonjako.assessments.models import Assessment, AssessmentStatus
from tyonjako.assessments.rules import Decision

pytestmark = pytest.mark.django_db

CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
}


def waiting(org: Org) -> Assessment:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    return actions.decide(
        assessment,
        Decision(False, "guidance", "counsellor", False),
        by=org.counsellor.user,
        reason="lighter",
    )


def url(assessment: Assessment) -> str:
    return f"/clients/{assessment.client.key}/assessment/{assessment.pk}/confirm/"


def change(**values: str) -> dict[str, str]:
    decision = {
        "special_support": "yes",
        "segment": "cooperation",
        "personal_worker": "counsellor",
        "pair_required": "yes",
        "reason": "continuity",
        "note": "",
        **values,
    }
    return {"action": "change", **{f"confirm-{k}": v for k, v in decision.items()}}


def test_the_confirmer_sees_the_change_form_prefilled_with_the_decision(org: Org, login) -> None:
    assessment = waiting(org)
    page = login(org.social_worker).get(
        f"/clients/{assessment.client.key}/assessment/{assessment.pk}/"
    )
    html = page.content.decode()
    assert 'data-testid="change-form"' in html and 'data-testid="confirm"' in html
    assert 'name="confirm-segment"' in html
    assert 'value="guidance" selected' in html
    counsellor_page = login(org.counsellor).get(
        f"/clients/{assessment.client.key}/assessment/{assessment.pk}/"
    )
    assert 'data-testid="change-form"' not in counsellor_page.content.decode()


def test_the_confirmer_changes_the_decision_with_a_reason(org: Org, login) -> None:
    assessment = waiting(org)
    before = LogEntry.objects.filter(content_type__model="assessment").count()
    response = login(org.social_worker).post(url(assessment), change())
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED
    assert assessment.decision == Decision(True, "cooperation", "counsellor", True)
    assert assessment.confirmed_by == org.social_worker
    assert assessment.override_reason == "continuity"
    rows = LogEntry.objects.filter(content_type__model="assessment").order_by("-pk")
    assert rows.count() > before and rows[0].actor == org.social_worker.user


def test_a_change_that_breaks_section_42_is_refused_with_the_law(org: Org, login) -> None:
    assessment = waiting(org)
    response = login(org.social_worker).post(url(assessment), change(pair_required="no"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "§42" in html and ' open data-testid="change-decision"' in html
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AWAITING_CONFIRMATION


def test_a_changed_override_without_a_reason_is_refused(org: Org, login) -> None:
    assessment = waiting(org)
    response = login(org.social_worker).post(url(assessment), change(reason=""))
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AWAITING_CONFIRMATION


def test_confirming_as_decided_still_works(org: Org, login) -> None:
    assessment = waiting(org)
    response = login(org.social_worker).post(url(assessment), {"action": "confirm"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED
    assert assessment.decision == Decision(False, "guidance", "counsellor", False)


def test_a_counsellor_cannot_change_a_waiting_decision(org: Org, login) -> None:
    assessment = waiting(org)
    response = login(org.counsellor).post(url(assessment), change())
    assert response.status_code in (403, 404)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AWAITING_CONFIRMATION
