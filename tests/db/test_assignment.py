"""Assigning personal workers and pairs: the rules, the refusals, the history."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org, _worker
from tests.factories import AssignmentFactory, ClientFactory
from tyonjako.assessments import actions as assessment_actions
from tyonjako.caseload import actions
from tyonjako.caseload.models import Assignment, AssignmentKind

pytestmark = pytest.mark.django_db
PW = AssignmentKind.PERSONAL_WORKER
CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
}


def decided_care(org: Org, client) -> None:
    assessment = assessment_actions.recommend(client, CARE, by=org.social_worker.user)
    assessment_actions.decide(assessment, assessment.recommendation, by=org.social_worker.user)


def test_a_lead_names_a_personal_worker_and_the_change_is_audited(org: Org) -> None:
    assignment = actions.assign(
        org.team_client, org.counsellor, kind=PW, by=org.lead.user, reason="kieli"
    )
    assert assignment.assigned_by == org.lead.user and assignment.start == dt.date(2026, 11, 25)
    assert LogEntry.objects.filter(
        action=LogEntry.Action.CREATE,
        content_type__model="assignment",
        additional_data__client_id=org.team_client.pk,
    ).exists()


def test_a_new_personal_worker_ends_the_previous_and_counts_a_change(org: Org) -> None:
    with pytest.raises(actions.AssignmentError) as error:
        actions.assign(org.own_client, org.social_worker, kind=PW, by=org.lead.user)
    assert error.value.field == "replace" and actions.worker_changes(org.own_client) == 0
    actions.assign(org.own_client, org.social_worker, kind=PW, by=org.lead.user, replace=True)
    old = Assignment.objects.get(client=org.own_client, worker=org.counsellor)
    assert old.end == dt.date(2026, 11, 24) and old.end_reason
    assert actions.worker_changes(org.own_client) == 1


def test_a_care_client_cannot_get_a_counsellor_as_personal_worker(org: Org) -> None:
    decided_care(org, org.team_client)
    with pytest.raises(actions.AssignmentError) as error:
        actions.assign(org.team_client, org.counsellor, kind=PW, by=org.lead.user)
    assert error.value.field == "worker"
    assert not Assignment.objects.filter(client=org.team_client).exists()


def test_a_pair_must_be_a_social_worker(org: Org) -> None:
    with pytest.raises(actions.AssignmentError):
        actions.assign(org.own_client, org.secretary, kind=AssignmentKind.PAIR, by=org.lead.user)
    pair = actions.assign(
        org.own_client, org.social_worker, kind=AssignmentKind.PAIR, by=org.lead.user
    )
    assert pair.kind == AssignmentKind.PAIR


def test_an_inactive_worker_is_refused(org: Org) -> None:
    org.social_worker.is_active = False
    org.social_worker.save()
    with pytest.raises(actions.AssignmentError, match=""):
        actions.assign(org.team_client, org.social_worker, kind=PW, by=org.lead.user)
    assert not Assignment.objects.filter(client=org.team_client).exists()


def test_a_worker_outside_the_team_is_refused(org: Org) -> None:
    with pytest.raises(actions.AssignmentError):
        actions.assign(org.team_client, org.outsider, kind=PW, by=org.lead.user)


def test_an_end_before_the_start_is_refused(org: Org) -> None:
    assignment = Assignment.objects.get(client=org.own_client)
    with pytest.raises(actions.AssignmentError) as error:
        actions.end_assignment(
            assignment, end=assignment.start - dt.timedelta(days=1), by=org.lead.user
        )
    assert error.value.field == "end"
    assignment.refresh_from_db()
    assert assignment.end is None


def test_a_health_care_professional_needs_a_justification(org: Org) -> None:
    nurse = _worker("hoitaja", "counsellor", "other", [org.team_a], licence="health_care")
    with pytest.raises(actions.AssignmentError) as error:
        actions.assign(org.team_client, nurse, kind=PW, by=org.lead.user)
    assert error.value.field == "justification"
    made = actions.assign(
        org.team_client,
        nurse,
        kind=PW,
        by=org.lead.user,
        justification="Palvelukokonaisuus on pääosin terveydenhuollossa.",
    )
    assert made.health_care_justification


def test_a_stale_view_of_the_personal_worker_is_a_conflict(org: Org) -> None:
    with pytest.raises(actions.AssignmentConflict):
        actions.assign(
            org.own_client,
            org.social_worker,
            kind=PW,
            by=org.lead.user,
            expected_personal_worker=None,
        )
    assert Assignment.objects.filter(client=org.own_client).count() == 1


def test_the_database_allows_one_open_personal_worker(org: Org) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(client=org.own_client, worker=org.social_worker, kind=PW)


def test_the_history_stays(org: Org) -> None:
    actions.assign(org.own_client, org.social_worker, kind=PW, by=org.lead.user, replace=True)
    client = ClientFactory(team=org.team_a)
    actions.assign(client, org.counsellor, kind=PW, by=org.lead.user)
    assert Assignment.objects.filter(client=org.own_client).count() == 2
