"""The staffing pages: the scenario builder, its exports, posts and cost parameters."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import Org
from tyonjako.organisation.models import Post
from tyonjako.staffing.models import (
    CostParameterVersion,
    PostDetail,
    PostStatus,
    RecruitmentRound,
    Scenario,
)

pytestmark = pytest.mark.django_db

URL = "/staffing/"


@pytest.fixture
def posts(org: Org) -> list[Post]:
    unit = org.team_a.unit
    made = []
    for code, profession, status in (
        ("STT-1", "social_worker", PostStatus.FILLED),
        ("STT-2", "social_worker", PostStatus.FILLED),
        ("STT-V1", "social_worker", PostStatus.RECRUITING),
        ("STT-V2", "social_worker", PostStatus.APPROVED),
        ("SO-1", "counsellor", PostStatus.FILLED),
    ):
        post = Post.objects.create(unit=unit, code=code, profession=profession)
        PostDetail.objects.create(post=post, status=status, grade="1")
        made.append(post)
    return made


def test_a_director_converts_two_vacancies_and_sees_cost_and_capacity(
    org: Org, posts: Any, login: Any
) -> None:
    response = login(org.director).get(URL, {"unit": "KESKI-ASTY", "convert_count": "2"})
    assert response.status_code == 200
    html = response.content.decode()
    # 2 × (58 140 − 45 900) = 24 480 € less budget; two filled counsellor posts
    assert "24\xa0480 €" in html or "24 480 €" in html
    assert 'data-testid="assumptions"' in html and "badge text-bg-warning" in html
    assert 'id="cost-chart-data"' in html
    assert 'data-testid="save-form"' in html


def test_a_bad_change_or_period_is_refused_with_400(org: Org, posts: Any, login: Any) -> None:
    client = login(org.director)
    assert client.get(URL, {"unit": "KESKI-ASTY", "convert_count": "-1"}).status_code == 400
    response = client.get(URL, {"unit": "KESKI-ASTY", "convert_count": "9"})
    assert response.status_code == 400 and "only 4 posts fit" in response.content.decode()
    assert (
        client.get(URL, {"unit": "KESKI-ASTY", "from": "1.1.2026", "to": "1.1.2025"}).status_code
        == 400
    )
    assert client.get(URL, {"unit": "NOWHERE"}).status_code == 404


@pytest.mark.parametrize("who", ["counsellor", "social_worker", "secretary", "outsider"])
def test_people_who_do_client_work_do_not_see_scenarios(org: Org, login: Any, who: str) -> None:
    assert login(getattr(org, who)).get(URL).status_code == 403
    assert login(getattr(org, who)).get("/staffing/posts/").status_code == 403
    assert login(getattr(org, who)).get("/staffing/parameters/").status_code == 403


def test_a_director_saves_a_scenario_under_a_stable_key(org: Org, posts: Any, login: Any) -> None:
    client = login(org.director)
    query = "unit=KESKI-ASTY&convert_count=2"
    response = client.post(
        "/staffing/save/",
        {"unit": "KESKI-ASTY", "query": query, "key": "convert-two", "name": "Kaksi"},
    )
    assert response.status_code == 302
    assert Scenario.objects.get(key="convert-two").changes == [
        {"op": "convert", "count": 2, "to": "counsellor", "grade": "", "fill": True}
    ]
    html = client.get(URL, {"unit": "KESKI-ASTY"}).content.decode()
    assert "Kaksi" in html and 'data-testid="cell-convert-two-1"' in html
    bad = client.post(
        "/staffing/save/", {"unit": "KESKI-ASTY", "query": query, "key": "Bad Key!", "name": "x"}
    )
    assert bad.status_code == 302 and Scenario.objects.count() == 1
    assert (
        client.post("/staffing/save/", {"query": query, "key": "k", "name": "n"}).status_code == 404
    )
    client.post("/staffing/scenarios/convert-two/delete/")
    assert not Scenario.objects.exists()


def test_an_evaluator_sees_but_may_not_save(org: Org, posts: Any, login: Any) -> None:
    client = login(org.evaluator)
    html = client.get(URL, {"unit": "KESKI-ASTY", "convert_count": "1"}).content.decode()
    assert 'data-testid="scenario-table"' in html and 'data-testid="save-form"' not in html
    response = client.post(
        "/staffing/save/",
        {"unit": "KESKI-ASTY", "query": "convert_count=1", "key": "k", "name": "n"},
    )
    assert response.status_code == 403


def test_a_lead_sees_only_the_own_unit(org: Org, posts: Any, login: Any) -> None:
    client = login(org.lead)
    assert client.get(URL, {"unit": "KESKI-ASTY"}).status_code == 200
    assert client.get(URL, {"unit": org.team_b.unit.code}).status_code == 404


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_figures_export_as_xlsx_in_finnish_and_swedish(
    org: Org, posts: Any, login: Any, language: str
) -> None:
    response = login(org.director).get(
        "/staffing/export.xlsx", {"unit": "KESKI-ASTY", "convert_count": "2", "language": language}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    values = [cell.value for row in book.worksheets[0].iter_rows() for cell in row]
    assert -24480 in values
    title = {"fi": "Henkilöstö- ja kustannusskenaariot", "sv": "Personal- och kostnadsscenarier"}[
        language
    ]
    assert values[0] == title


def test_the_figures_export_as_pdf(org: Org, posts: Any, login: Any) -> None:
    response = login(org.director).get(
        "/staffing/export.pdf", {"unit": "KESKI-ASTY", "convert_count": "2", "language": "sv"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert login(org.director).get("/staffing/export.doc").status_code == 404


def test_a_director_moves_a_post_and_records_a_round(org: Org, posts: Any, login: Any) -> None:
    client = login(org.director)
    assert client.get("/staffing/posts/", {"unit": "KESKI-ASTY"}).status_code == 200
    url = "/staffing/posts/STT-V2/"
    assert (
        client.post(url, {"form": "move", "status": "recruiting", "on": "1.11.2026"}).status_code
        == 302
    )
    assert PostDetail.objects.get(post__code="STT-V2").status == PostStatus.RECRUITING
    response = client.post(
        url,
        {
            "form": "round",
            "opened": "2.11.2026",
            "applicants": "3",
            "qualified": "1",
            "outcome": "hired",
        },
    )
    assert response.status_code == 302 and RecruitmentRound.objects.get().qualified == 1
    bad = client.post(
        url,
        {
            "form": "round",
            "opened": "2.11.2026",
            "applicants": "1",
            "qualified": "3",
            "outcome": "hired",
        },
    )
    assert bad.status_code == 400
    assert (
        client.post(
            url,
            {
                "form": "details",
                "kind": "permanent",
                "grade": "2",
                "fte": "0.8",
                "county_share": "50",
                "project_share": "50",
            },
        ).status_code
        == 302
    )
    assert PostDetail.objects.get(post__code="STT-V2").funding_shares() == {
        "county": Decimal("0.5"),
        "project": Decimal("0.5"),
    }
    assert (
        client.post(
            url,
            {
                "form": "details",
                "kind": "permanent",
                "fte": "1",
                "county_share": "50",
                "project_share": "20",
            },
        ).status_code
        == 400
    )


def test_an_evaluator_and_a_lead_may_not_change_posts(org: Org, posts: Any, login: Any) -> None:
    for who in (org.evaluator, org.lead):
        response = login(who).post(
            "/staffing/posts/STT-V2/", {"form": "move", "status": "recruiting", "on": "1.11.2026"}
        )
        assert response.status_code == 403


def test_the_admin_adds_a_cost_parameter_version(org: Org, login: Any) -> None:
    data = {
        "effective_from": "1.1.2027",
        "note": "TVA 2027",
        "side_cost_pct": "23",
        "holiday_bonus_months": "0.5",
        "substitute_extra_pct": "0",
        "annual_hours_per_fte": "1600",
        "client_work_share": "0.6",
        "salaries": "social_worker 1 3900\ncounsellor 1 3100",
    }
    assert login(org.admin).post("/staffing/parameters/", data).status_code == 302
    version = CostParameterVersion.objects.get()
    assert version.data["salaries"] == {"counsellor": {"1": "3100"}, "social_worker": {"1": "3900"}}
    assert (
        login(org.admin).post("/staffing/parameters/", {**data, "salaries": "nonsense"}).status_code
        == 400
    )
    assert login(org.director).post("/staffing/parameters/", data).status_code == 403
