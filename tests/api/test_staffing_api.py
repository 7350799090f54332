"""The scenario API gives the command's figures (seed 003), refuses bad input and
the roles that do not plan staffing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from tests.conftest import Org
from tyonjako.organisation.loader import load_organisation
from tyonjako.staffing.models import Scenario

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "tyonjako" / "staffing" / "data"
URL = "/api/v1/scenarios/run/"


@pytest.fixture
def seed003(db: Any) -> None:
    load_organisation(DATA / "seed003-seinajoki.yaml")


def _body() -> dict[str, Any]:
    return yaml.safe_load((DATA / "seed003-convert-two-vacancies.yaml").read_text(encoding="utf-8"))


def test_the_api_and_the_command_give_the_same_figures(org: Org, seed003: None, login: Any) -> None:
    response = login(org.admin).post(URL, _body(), content_type="application/json")
    assert response.status_code == 200
    out = io.StringIO()
    call_command(
        "scenarios",
        "run",
        str(DATA / "seed003-convert-two-vacancies.yaml"),
        "--suppress",
        stdout=out,
    )
    assert response.json() == json.loads(out.getvalue())
    assert response.json()["scenarios"][0]["change"]["cost"]["budget"] == -24480


def test_bad_input_is_a_400_naming_the_problem(org: Org, seed003: None, login: Any) -> None:
    client = login(org.admin)
    body = {**_body(), "scenarios": [{"key": "x", "changes": [{"op": "convert", "count": 99}]}]}
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400 and "only 15 posts fit" not in response.content.decode()
    assert "asked" in response.content.decode()
    assert client.post(URL, {"unit": "NOWHERE"}, content_type="application/json").status_code == 400
    assert client.post(URL, [1], content_type="application/json").status_code == 400


def test_a_director_outside_the_service_area_is_refused_the_unit(
    org: Org, seed003: None, login: Any
) -> None:
    assert (
        login(org.director).post(URL, _body(), content_type="application/json").status_code == 400
    )


@pytest.mark.parametrize("who", ["counsellor", "social_worker", "secretary"])
def test_client_workers_are_refused(org: Org, seed003: None, login: Any, who: str) -> None:
    assert (
        login(getattr(org, who)).post(URL, _body(), content_type="application/json").status_code
        == 403
    )
    assert login(getattr(org, who)).get("/api/v1/scenarios/any/").status_code == 403


def test_a_saved_scenario_is_read_by_its_key(org: Org, seed003: None, login: Any) -> None:
    from tyonjako.organisation.models import Unit

    Scenario.objects.create(
        key="two",
        name="Two",
        unit=Unit.objects.get(code="EP-TSTO"),
        changes=[{"op": "convert", "count": 2}],
    )
    result = login(org.evaluator).get("/api/v1/scenarios/two/").json()
    # two vacancies first: the budget falls by 2 × 12 240 €
    assert result["scenarios"][0]["change"]["cost"]["budget"] == -24480
    assert login(org.evaluator).get("/api/v1/scenarios/nope/").status_code == 404
