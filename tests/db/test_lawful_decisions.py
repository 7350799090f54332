"""The decide and confirm actions keep §42 and the confirmation rule, whoever calls them."""

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tyonjako.assessments import actions
from tyonjako.assessments.models import AssessmentStatus
from tyonjako.assessments.rules import NO_PERSONAL_WORKER, Decision

pytestmark = pytest.mark.django_db

CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
}
LIGHT = {"coping": 1, "functional_capacity": "good", "uses_digital_services": True}


def test_a_counsellor_closing_no_special_support_against_the_recommendation_waits(
    org: Org,
) -> None:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    decided = actions.decide(
        assessment,
        Decision(False, "guidance", "counsellor", False),
        by=org.counsellor.user,
        reason="lighter",
    )
    assert decided.status == AssessmentStatus.AWAITING_CONFIRMATION
    confirmed = actions.confirm_special_support(decided, by=org.social_worker.user)
    assert confirmed.status == AssessmentStatus.COMPLETED
    assert confirmed.confirmed_by == org.social_worker


@pytest.mark.parametrize("worker", ["counsellor", "either"])
def test_special_support_without_a_social_worker_is_refused_naming_section_42(
    org: Org, worker: str
) -> None:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    with pytest.raises(actions.AssessmentActionError) as error:
        actions.decide(
            assessment, Decision(True, "care", worker, False), by=org.lead.user, reason="other"
        )
    assert "1301/2014" in error.value.message and error.value.field == "personal_worker"


def test_personal_worker_clearly_unnecessary_needs_a_reason(org: Org) -> None:
    assessment = actions.recommend(org.own_client, LIGHT, by=org.counsellor.user)
    unnecessary = Decision(False, "self_service", NO_PERSONAL_WORKER, False)
    with pytest.raises(actions.AssessmentActionError) as error:
        actions.decide(assessment, unnecessary, by=org.counsellor.user, reason="lighter")
    assert error.value.field == "note"
    decided = actions.decide(
        assessment,
        unnecessary,
        by=org.counsellor.user,
        reason="lighter",
        note="short contacts in health social work",
    )
    assert decided.status == AssessmentStatus.COMPLETED
    assert decided.personal_worker == NO_PERSONAL_WORKER and decided.override_note


def test_the_confirming_social_worker_may_change_the_decision(org: Org) -> None:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    waiting = actions.decide(
        assessment,
        Decision(True, "cooperation", "counsellor", True),
        by=org.counsellor.user,
        reason="continuity",
    )
    assert waiting.status == AssessmentStatus.AWAITING_CONFIRMATION
    changed = actions.confirm_special_support(
        waiting, by=org.social_worker.user, changed=waiting.recommendation
    )
    assert changed.status == AssessmentStatus.COMPLETED and not changed.is_override
    assert (
        LogEntry.objects.filter(
            additional_data__client_id=org.own_client.pk, content_type__model="assessment"
        ).count()
        >= 3
    )


def test_a_counsellor_cannot_confirm(org: Org) -> None:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    waiting = actions.decide(assessment, assessment.recommendation, by=org.counsellor.user)
    with pytest.raises(actions.AssessmentActionError):
        actions.confirm_special_support(waiting, by=org.counsellor.user)


def test_clearly_unnecessary_decisions_are_counted_and_raise_no_finding(org: Org) -> None:
    from tyonjako.assessments.reports import override_figures
    from tyonjako.caseload.services import client_situation
    from tyonjako.common.clock import today

    assessment = actions.recommend(org.own_client, LIGHT, by=org.counsellor.user)
    actions.decide(
        assessment,
        Decision(False, "guidance", NO_PERSONAL_WORKER, False),
        by=org.counsellor.user,
        reason="lighter",
        note="short contacts in health social work",
    )
    assert override_figures([org.team_a.pk])["total"]["unnecessary"] == 1
    assert not client_situation(org.team_client, today()).special_support
    situation = client_situation(org.own_client, today())
    assert not situation.needs_personal_worker
