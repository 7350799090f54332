"""Assessment actions: versions, activation, recommendation, decision, override, confirmation."""

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tests.factories import ClientFactory, ServiceAreaFactory
from tyonjako.assessments import actions
from tyonjako.assessments.engine import DEFAULT_INSTRUMENT_PATH, AnswerError, InstrumentError
from tyonjako.assessments.models import Assessment, AssessmentStatus, InstrumentVersion
from tyonjako.assessments.rules import Decision

pytestmark = pytest.mark.django_db

CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
}
LIGHT = {"coping": 1, "functional_capacity": "good", "uses_digital_services": True}


def v3_source() -> str:
    """A county's next draft (the shipped @1 and @2 are loaded at install)."""
    return DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8").replace(
        "version: 1", "version: 3", 1
    )


def test_a_recommendation_is_stored_with_its_rule_version(org: Org) -> None:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    assert assessment.status == AssessmentStatus.RECOMMENDED
    assert (
        assessment.rec_special_support,
        assessment.rec_segment,
        assessment.rec_personal_worker,
    ) == (True, "care", "social_worker")
    assert assessment.result["rule_version"] == "erityisen-tuen-tarve@2"
    assert LogEntry.objects.filter(
        additional_data__client_id=org.own_client.pk,
        action=LogEntry.Action.CREATE,
        content_type__model="assessment",
    ).exists()


def test_bad_answers_write_nothing(org: Org) -> None:
    with pytest.raises(AnswerError) as error:
        actions.recommend(org.own_client, {"coping": 2}, by=org.counsellor.user)
    assert error.value.item == "functional_capacity"
    assert not Assessment.objects.exists()


def test_a_draft_keeps_half_finished_answers(org: Org) -> None:
    draft = actions.save_draft(org.own_client, {"coping": 2, "unknown": 1}, by=org.counsellor.user)
    assert draft.status == AssessmentStatus.DRAFT and draft.answers == {"coping": 2}


def test_confirming_the_recommendation_is_not_an_override(org: Org) -> None:
    assessment = actions.recommend(org.own_client, LIGHT, by=org.counsellor.user)
    decided = actions.decide(assessment, assessment.recommendation, by=org.counsellor.user)
    assert decided.status == AssessmentStatus.COMPLETED and not decided.is_override


def test_an_override_needs_a_reason_and_is_counted_with_its_direction(org: Org) -> None:
    assessment = actions.recommend(org.own_client, LIGHT, by=org.counsellor.user)
    heavier = Decision(False, "cooperation", "either", True)
    with pytest.raises(actions.AssessmentActionError) as error:
        actions.decide(assessment, heavier, by=org.counsellor.user)
    assert error.value.field == "reason"
    decided = actions.decide(
        assessment, heavier, by=org.counsellor.user, reason="more_complex", note=""
    )
    assert decided.is_override and decided.override_direction == "heavier"


def test_special_support_waits_for_a_social_worker_in_public_office(org: Org) -> None:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    decided = actions.decide(assessment, assessment.recommendation, by=org.counsellor.user)
    assert decided.status == AssessmentStatus.AWAITING_CONFIRMATION
    with pytest.raises(actions.AssessmentActionError):
        actions.confirm_special_support(decided, by=org.counsellor.user)
    confirmed = actions.confirm_special_support(decided, by=org.social_worker.user)
    assert (
        confirmed.status == AssessmentStatus.COMPLETED
        and confirmed.confirmed_by == org.social_worker
    )


def test_a_social_worker_in_public_office_confirms_at_once(org: Org) -> None:
    assessment = actions.recommend(org.own_client, CARE, by=org.social_worker.user)
    decided = actions.decide(assessment, assessment.recommendation, by=org.social_worker.user)
    assert (
        decided.status == AssessmentStatus.COMPLETED and decided.confirmed_by == org.social_worker
    )


def test_a_decision_that_breaks_section_42_is_refused(org: Org) -> None:
    assessment = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    with pytest.raises(actions.AssessmentActionError) as error:
        actions.decide(
            assessment,
            Decision(True, "care", "counsellor", False),
            by=org.counsellor.user,
            reason="staffing",
        )
    assert error.value.field == "personal_worker"
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RECOMMENDED


def test_a_decided_assessment_cannot_be_decided_again(org: Org) -> None:
    assessment = actions.recommend(org.own_client, LIGHT, by=org.counsellor.user)
    actions.decide(assessment, assessment.recommendation, by=org.counsellor.user)
    with pytest.raises(actions.AssessmentActionError):
        actions.decide(assessment, assessment.recommendation, by=org.lead.user)


def test_a_used_version_is_immutable(org: Org) -> None:
    version, _ = actions.load_instrument_version(v3_source())
    actions.activate_instrument(version, team=org.team_a)
    actions.recommend(org.own_client, LIGHT, by=org.counsellor.user)
    changed = v3_source().replace("Erityisen tuen tarpeen arviointi", "Muutettu", 1)
    with pytest.raises(actions.AssessmentActionError) as error:
        actions.load_instrument_version(changed)
    assert error.value.field == "version"


def test_loading_the_same_text_again_changes_nothing(org: Org) -> None:
    first, created = actions.load_instrument_version(v3_source())
    again, created_again = actions.load_instrument_version(v3_source())
    assert created and not created_again and first.pk == again.pk


def test_an_invalid_definition_names_line_and_path() -> None:
    with pytest.raises(InstrumentError) as error:
        actions.load_instrument_version(v3_source().replace("type: scale", "type: slider", 1))
    assert any("line" in message and "type" in message for message in error.value.errors)


def test_the_team_version_wins_over_the_area_and_the_county(org: Org) -> None:
    version3, _ = actions.load_instrument_version(v3_source())
    assert actions.active_version_for(org.team_a).version == 2
    actions.activate_instrument(version3, service_area=org.team_a.unit.service_area)
    assert actions.active_version_for(org.team_a).version == 3
    other_area = ServiceAreaFactory()
    first = InstrumentVersion.objects.get(key="erityisen-tuen-tarve", version=1)
    actions.activate_instrument(first, service_area=other_area)
    actions.activate_instrument(first, team=org.team_a)
    assert actions.active_version_for(org.team_a).version == 1
    assert actions.active_version_for(org.team_a2).version == 3


def test_a_new_client_is_assessed_with_the_active_version(org: Org) -> None:
    version3, _ = actions.load_instrument_version(v3_source())
    actions.activate_instrument(version3)
    client = ClientFactory(team=org.team_b)
    assert actions.recommend(client, LIGHT, by=org.outsider.user).version == version3


def test_the_shipped_instrument_comes_back_if_every_version_was_removed(org: Org) -> None:
    from tyonjako.assessments.models import InstrumentActivation

    InstrumentActivation.objects.all().delete()
    InstrumentVersion.objects.all().delete()
    assert actions.active_version_for(org.team_a).rule_version == "erityisen-tuen-tarve@2"
    assert InstrumentVersion.objects.filter(key="erityisen-tuen-tarve-pohjanmaa").exists()
    assert InstrumentActivation.objects.filter(
        team__isnull=True, service_area__isnull=True
    ).exists()
