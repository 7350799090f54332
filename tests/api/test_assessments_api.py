import pytest

from tests.conftest import Org

pytestmark = pytest.mark.django_db
LIGHT = {"coping": 1, "functional_capacity": "good", "uses_digital_services": True}


def test_bad_answers_name_the_item(org: Org, login) -> None:
    response = login(org.counsellor).post(
        "/api/v1/assessments/evaluate/", {"answers": {"coping": 1}}, content_type="application/json"
    )
    assert response.status_code == 400 and "functional_capacity" in response.json()["answers"]


def test_an_evaluator_may_not_evaluate(org: Org, login) -> None:
    response = login(org.evaluator).post(
        "/api/v1/assessments/evaluate/", {"answers": LIGHT}, content_type="application/json"
    )
    assert response.status_code == 403


def test_submit_and_list_a_clients_assessments(org: Org, login) -> None:
    client = login(org.counsellor)
    created = client.post(
        "/api/v1/clients/AS-1/assessments/", {"answers": LIGHT}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status"] == "recommended"
    rows = client.get("/api/v1/clients/AS-1/assessments/").json()
    assert [row["id"] for row in rows] == [created.json()["id"]]


def test_another_teams_client_assessments_are_not_found(org: Org, login) -> None:
    assert login(org.outsider).get("/api/v1/clients/AS-1/assessments/").status_code == 404


def test_the_same_answers_give_the_same_result_in_api_and_page(org: Org, login) -> None:
    client = login(org.counsellor)
    api = client.post(
        "/api/v1/assessments/evaluate/", {"answers": LIGHT}, content_type="application/json"
    ).json()
    stored = client.post(
        "/api/v1/clients/AS-1/assessments/", {"answers": LIGHT}, content_type="application/json"
    ).json()
    assert stored["result"] == api


def test_overrides_api_equals_the_page_figures(org: Org, login) -> None:
    from tyonjako.assessments.reports import override_figures

    response = login(org.lead).get("/api/v1/assessments/overrides/").json()
    assert response["teams"] == override_figures([org.team_a.pk])["teams"]
    assert response["period"] and response["suppressed"] is False


def test_what_if_api_equals_the_page_figures(org: Org, login) -> None:
    from tests.factories import ClientFactory

    client = login(org.counsellor)
    keys = ["AS-1"] + [ClientFactory(key=f"WA-{n}", team=org.team_a).key for n in range(4)]
    for key in keys:
        client.post(
            f"/api/v1/clients/{key}/assessments/",
            {"answers": LIGHT},
            content_type="application/json",
        )
    evaluator = login(org.evaluator)
    api = evaluator.get("/api/v1/assessments/what-if/", {"draft": "erityisen-tuen-tarve@1"}).json()
    page = evaluator.get("/assessments/instruments/erityisen-tuen-tarve/1/what-if/", {"run": "1"})
    assert api["total"] == page.context["report"]["total"] == 5
    assert "changed_case_ids" not in api
    assert api["suppressed"] is True


def test_what_if_api_refuses_a_run_over_one_case_to_an_evaluator(org: Org, login) -> None:
    login(org.counsellor).post(
        "/api/v1/clients/AS-1/assessments/", {"answers": LIGHT}, content_type="application/json"
    )
    response = login(org.evaluator).get(
        "/api/v1/assessments/what-if/", {"draft": "erityisen-tuen-tarve@1"}
    )
    assert response.status_code == 400


def test_what_if_api_refuses_an_unknown_draft(org: Org, login) -> None:
    response = login(org.admin).get("/api/v1/assessments/what-if/", {"draft": "nope@3"})
    assert response.status_code == 400
