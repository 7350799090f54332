import pytest

from tests.conftest import Org
from tyonjako.assessments.models import Assessment, AssessmentStatus

pytestmark = pytest.mark.django_db

CARE = {
    "coping": "3",
    "functional_capacity": "moderate",
    "difficulty_seeking_services": "on",
    "cognitive_or_mental": "on",
    "action": "recommend",
}


def test_the_form_shows_the_instrument_in_sections(org: Org, login) -> None:
    html = login(org.counsellor).get("/clients/AS-1/assessment/").content.decode()
    assert "<fieldset" in html and 'name="coping"' in html and 'name="client_groups"' in html


def test_a_counsellor_gets_a_recommendation_with_its_explanation(org: Org, login) -> None:
    client = login(org.counsellor)
    response = client.post("/clients/AS-1/assessment/", CARE)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="explanations"' in html and "SS1" in html
    assert assessment.rec_personal_worker == "social_worker"


def test_a_missing_required_answer_is_shown_at_the_item(org: Org, login) -> None:
    response = login(org.counsellor).post(
        "/clients/AS-1/assessment/", {"coping": "2", "action": "recommend"}
    )
    assert response.status_code == 400
    assert "functional_capacity" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_a_draft_is_saved_and_continued(org: Org, login) -> None:
    client = login(org.counsellor)
    response = client.post("/clients/AS-1/assessment/", {"coping": "2", "action": "draft"})
    draft = Assessment.objects.get()
    assert draft.status == AssessmentStatus.DRAFT
    assert client.get("/clients/AS-1/assessment/")["Location"] == response["Location"]


def test_an_override_needs_a_reason_on_the_page(org: Org, login) -> None:
    client = login(org.social_worker)
    location = client.post("/clients/AS-1/assessment/", CARE)["Location"]
    decision = {
        "special_support": "yes",
        "segment": "cooperation",
        "personal_worker": "either",
        "pair_required": "yes",
        "reason": "",
        "note": "",
    }
    response = client.post(location, decision)
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    response = client.post(location, {**decision, "reason": "continuity"})
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.is_override and assessment.status == AssessmentStatus.COMPLETED


def test_another_teams_client_cannot_be_assessed(org: Org, login) -> None:
    assert login(org.outsider).get("/clients/AS-1/assessment/").status_code == 404


def test_an_evaluator_cannot_assess(org: Org, login) -> None:
    assert login(org.evaluator).get("/clients/AS-1/assessment/").status_code == 404


def test_the_overrides_page_shows_a_table_and_a_chart(org: Org, login) -> None:
    html = login(org.lead).get("/assessments/overrides/").content.decode()
    assert 'data-testid="override-table"' in html and 'id="override-chart-data"' in html


def test_the_overrides_page_reports_a_bad_date(org: Org, login) -> None:
    assert login(org.lead).get("/assessments/overrides/", {"from": "32.1.2026"}).status_code == 400


def test_the_overrides_page_is_forbidden_to_those_without_aggregates(db, client) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get("/assessments/overrides/").status_code == 403


def test_what_if_over_one_case_is_refused_to_an_evaluator(org: Org, login) -> None:
    """An evaluator does not see clients: a run over fewer cases than the threshold
    would describe them, so it is refused with a reason (the same rule as every aggregate)."""
    client = login(org.counsellor)
    client.post("/clients/AS-1/assessment/", CARE)
    html = (
        login(org.evaluator)
        .get("/assessments/instruments/erityisen-tuen-tarve/1/what-if/", {"run": "1"})
        .content.decode()
    )
    assert 'data-testid="whatif-total"' not in html and "AS-1" not in html
    assert 'role="alert"' in html


def test_what_if_over_enough_cases_runs_for_an_evaluator(org: Org, login) -> None:
    from tests.factories import ClientFactory

    counsellor = login(org.counsellor)
    keys = ["AS-1"]
    for n in range(4):
        keys.append(ClientFactory(key=f"WI-{n}", team=org.team_a).key)
    for key in keys:
        counsellor.post(f"/clients/{key}/assessment/", CARE)
    html = (
        login(org.evaluator)
        .get("/assessments/instruments/erityisen-tuen-tarve/1/what-if/", {"run": "1"})
        .content.decode()
    )
    assert 'data-testid="whatif-total">5<' in html and "AS-1" not in html
    assert 'data-testid="applied-period"' in html


def test_what_if_is_forbidden_to_a_counsellor(org: Org, login) -> None:
    assert login(org.counsellor).get("/assessments/instruments/").status_code == 403


def test_the_admin_puts_a_version_in_use_for_a_team(org: Org, login) -> None:
    from tyonjako.assessments.actions import active_version_for, load_instrument_version
    from tyonjako.assessments.engine import DEFAULT_INSTRUMENT_PATH

    source = DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8").replace(
        "version: 1", "version: 3", 1
    )
    version, _ = load_instrument_version(source)
    response = login(org.admin).post(
        "/assessments/instruments/", {"version": version.pk, "team": org.team_a.pk}
    )
    assert response.status_code == 302
    assert active_version_for(org.team_a).version == 3


def test_a_team_and_an_area_at_once_is_refused(org: Org, login) -> None:
    from tyonjako.assessments.models import InstrumentVersion

    response = login(org.admin).post(
        "/assessments/instruments/",
        {
            "version": InstrumentVersion.objects.get(key="erityisen-tuen-tarve", version=1).pk,
            "team": org.team_a.pk,
            "service_area": org.team_a.unit.service_area.pk,
        },
    )
    assert response.status_code == 400


def test_an_evaluator_may_look_but_not_activate(org: Org, login) -> None:
    from tyonjako.assessments.models import InstrumentVersion

    client = login(org.evaluator)
    assert client.get("/assessments/instruments/").status_code == 200
    assert (
        client.post(
            "/assessments/instruments/",
            {"version": InstrumentVersion.objects.get(key="erityisen-tuen-tarve", version=1).pk},
        ).status_code
        == 403
    )
