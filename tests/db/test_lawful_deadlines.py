"""§36 deadlines as the law sets them: the lawful version is the county default after
migrate, an unmodified shipped @1 default moves to @2 (nothing else does), and an
assessment made with @1 shows an adult's completion as "without undue delay"."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from tests.conftest import Org
from tests.factories import ClientFactory
from tyonjako.assessments import actions
from tyonjako.assessments.models import InstrumentActivation, InstrumentVersion

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "tyonjako.assessments.migrations.0003_lawful_deadlines_by_default"
)
KEY = "erityisen-tuen-tarve"
CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
    "pending_since": "2026-11-02",
}


def county_default() -> str:
    activation = InstrumentActivation.objects.get(team__isnull=True, service_area__isnull=True)
    return activation.version.rule_version


def version(number: int, key: str = KEY) -> InstrumentVersion:
    return InstrumentVersion.objects.get(key=key, version=number)


def test_a_fresh_install_runs_the_lawful_version_and_ships_the_others_inactive() -> None:
    assert county_default() == f"{KEY}@2"
    assert version(1).activations.count() == 0
    assert version(1, f"{KEY}-pohjanmaa").activations.count() == 0


def test_an_unmodified_shipped_county_default_moves_from_1_to_2(org: Org) -> None:
    actions.activate_instrument(version(1))
    actions.activate_instrument(version(1), team=org.team_b)
    MIGRATION.forwards(apps, None)
    assert county_default() == f"{KEY}@2"
    # A team's own choice stays as the county made it.
    assert actions.active_version_for(org.team_b).rule_version == f"{KEY}@1"


def test_a_county_default_the_county_changed_is_kept() -> None:
    actions.activate_instrument(version(1, f"{KEY}-pohjanmaa"))
    MIGRATION.forwards(apps, None)
    assert county_default() == f"{KEY}-pohjanmaa@1"
    edited = version(1)
    InstrumentVersion.objects.filter(pk=edited.pk).update(source=edited.source + "\n# local\n")
    actions.activate_instrument(edited)
    MIGRATION.forwards(apps, None)
    assert county_default() == f"{KEY}@1"


def test_assessments_keep_their_version_when_the_default_moves(org: Org) -> None:
    actions.activate_instrument(version(1))
    made = actions.recommend(org.own_client, CARE, by=org.counsellor.user)
    MIGRATION.forwards(apps, None)
    made.refresh_from_db()
    assert made.version == version(1)
    assert actions.recommend(org.team_client, CARE, by=org.social_worker.user).version == (
        version(2)
    )


def test_stored_completion_deadlines_of_adults_are_cleared(org: Org) -> None:
    ClientFactory(assessment_complete_by=dt.date(2027, 2, 2), birth_year=1940)
    MIGRATION.forwards(apps, None)
    from tyonjako.clients.models import Client

    assert not Client.objects.filter(assessment_complete_by__isnull=False).exists()


def test_migrating_back_puts_the_first_version_in_use_again() -> None:
    MIGRATION.backwards(apps, None)
    assert county_default() == f"{KEY}@1"


@pytest.mark.parametrize("group", ["over_75", "highest_care_allowance"])
def test_intake_sets_no_three_month_completion_for_an_adult_even_with_version_1(
    org: Org, group: str
) -> None:
    from tyonjako.caseload.intake import IntakeFacts, register_contact
    from tyonjako.clients.actions import NewClient

    actions.activate_instrument(version(1))
    client = register_contact(
        NewClient(
            raw_key="AS-777", team=org.team_a, birth_year=1940, pending_since=dt.date(2026, 11, 2)
        ),
        IntakeFacts(**{group: True}),
        by=org.secretary.user,
    )
    assert client.assessment_start_by == dt.date(2026, 11, 11)
    assert client.assessment_complete_by is None


def test_a_version_1_assessment_shows_an_adult_over_75_without_undue_delay(org: Org, login) -> None:
    actions.activate_instrument(version(1))
    assessment = actions.recommend(
        org.own_client, {**CARE, "over_75": True}, by=org.counsellor.user, day=dt.date(2026, 11, 2)
    )
    assert assessment.result["deadlines"]["assessment_complete_by"] == "2027-02-02"
    page = login(org.counsellor).get(f"/clients/{org.own_client.key}/assessment/{assessment.pk}/")
    html = page.content.decode()
    completion = html.split('data-testid="completion">', 1)[1].split("</dd>", 1)[0]
    assert "ilman aiheetonta viivytystä" in completion and "2.2.2027" not in completion
    assert "päivää" in completion
    assert 'data-testid="not-applied"' in html
    assert "(seed" not in html
    start = html.split('data-testid="deadline-assessment_start_by"', 1)[0].rsplit("<dt", 1)[1]
    assert "assessment_start_by" not in start.split(">", 1)[1]  # the label, not the key
    api = login(org.counsellor).get(f"/api/v1/clients/{org.own_client.key}/assessments/").json()
    assert api[0]["completion"]["deadline"] is None
    assert api[0]["completion"]["without_undue_delay"] is True
    assert api[0]["completion"]["days_elapsed"] >= 0


def test_a_child_who_needs_special_support_has_the_three_month_deadline(org: Org, login) -> None:
    assessment = actions.recommend(
        org.own_client,
        {**CARE, "under_18": True},
        by=org.counsellor.user,
        day=dt.date(2026, 11, 2),
    )
    assert assessment.version == version(2)
    page = login(org.counsellor).get(f"/clients/{org.own_client.key}/assessment/{assessment.pk}/")
    completion = page.content.decode().split('data-testid="completion">', 1)[1]
    assert completion.split("</dd>", 1)[0].startswith("viimeistään 2.2.2027")
    api = login(org.counsellor).get(f"/api/v1/clients/{org.own_client.key}/assessments/").json()
    assert api[0]["completion"] == {
        "deadline": "2027-02-02",
        "without_undue_delay": False,
        "days_elapsed": api[0]["completion"]["days_elapsed"],
    }
