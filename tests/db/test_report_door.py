"""Issue 14: every aggregate passes one door; every format gives the same sections
and numbers; no raw code and no misleading mark reaches a user."""

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.conftest import Org
from tests.db.test_encounter_stats import encounter, small_unit  # noqa: F401 - a fixture
from tests.factories import ClientFactory
from tyonjako.access.subject import subject_of
from tyonjako.common.csv_headers import keys
from tyonjako.reports.door import EmptyScope, OutsideScope, Period, ReportScope
from tyonjako.reports.encounters import SECTIONS, reports_for

pytestmark = pytest.mark.django_db

MARCH = {"from": "1.3.2023", "to": "31.3.2023"}


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


# ---------------------------------------------------------------- the door


def test_an_empty_scope_is_refused_never_everything(org: Org, login) -> None:
    org.lead.memberships.all().delete()
    lead_user = org.lead.user
    with pytest.raises(EmptyScope):
        ReportScope.for_subject(subject_of(lead_user), "view_aggregates", Period())
    client = login(org.lead)
    assert client.get("/encounters/statistics/").status_code == 403
    assert client.get("/api/v1/encounters/statistics/", {"unit": "KESKI-3064"}).status_code == 403
    assert client.get("/assessments/overrides/").status_code == 403
    assert client.get("/tasks/who-does-what/").status_code == 403


def test_the_scope_holds_only_the_places_of_the_policy(org: Org) -> None:
    scope = ReportScope.for_subject(subject_of(org.lead.user), "view_aggregates", Period())
    assert "KESKI-3064" in scope.places and "ETELA-3064" not in scope.places
    with pytest.raises(OutsideScope):
        scope.place("ETELA-3064")
    assert scope.suppress is False
    evaluator = ReportScope.for_subject(subject_of(org.evaluator.user), "view_aggregates", Period())
    assert evaluator.suppress is True and "ETELA-3064" in evaluator.places


def test_a_command_on_a_database_without_organisation_says_what_to_do(db) -> None:
    with pytest.raises(CommandError, match="load the organisation first"):
        command("encounters", "--unit", "X")


def test_swapped_dates_are_refused_everywhere(org: Org, login) -> None:
    swapped = {"from": "31.3.2023", "to": "1.3.2023"}
    with pytest.raises(CommandError):
        command("encounters", "--unit", org.team_a.code, "--from", "31.3.2023", "--to", "1.3.2023")
    client = login(org.lead)
    api = client.get("/api/v1/encounters/statistics/", {"unit": org.team_a.code, **swapped})
    assert api.status_code == 400
    compare = client.get(
        "/encounters/compare/",
        {"unit1": org.team_a.code, "from1": "2023-03-31", "to1": "2023-03-01"},
    )
    assert compare.status_code == 400 and not compare.context["reports"]
    assert client.get("/assessments/overrides/", swapped).status_code == 400


# ---------------------------------------------------------------- every format


def _csv_rows(text: str) -> list[dict[str, str]]:
    lines = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    names = keys(next(lines), "fi")  # a Finnish header
    return [dict(zip(names, line, strict=True)) for line in lines]


def _json_value(data: dict, section: str, key: str) -> object:
    if section in ("clients",):
        return data[key]
    if section == "flows":
        source, target = key.split("->")
        return next(f["count"] for f in data["flows"] if (f["from"], f["to"]) == (source, target))
    return data[section][key]


def _shown(value: object) -> str:
    return "<5" if value is None else str(value)


@pytest.mark.parametrize("suppress", [False, True])
def test_json_api_csv_xlsx_and_page_give_the_same_sections_and_numbers(
    small_unit: Org,  # noqa: F811 - the fixture
    login,
    tmp_path: Path,
    suppress: bool,
) -> None:
    code = small_unit.team_a.code
    flag = ["--suppress"] if suppress else []
    as_json = json.loads(
        command("encounters", "--unit", code, "--from", "1.3.2023", "--to", "31.3.2023", *flag)
    )
    # every section is in the JSON, with the applied period
    assert set(SECTIONS) <= set(as_json) and as_json["period"] == "1.3.2023–31.3.2023"
    assert as_json["suppressed"] is suppress
    # the API (an evaluator is suppressed, a lead is not) gives the same JSON
    user = small_unit.evaluator if suppress else small_unit.lead
    api = login(user).get("/api/v1/encounters/statistics/", {"unit": code, **MARCH}).json()
    assert api == as_json
    # the CSV: the same sections in the same order, the same numbers
    rows = _csv_rows(
        command(
            "encounters",
            "--unit",
            code,
            "--from",
            "1.3.2023",
            "--to",
            "31.3.2023",
            "--format",
            "csv",
            *flag,
        )
    )
    assert {row["period"] for row in rows} == {"1.3.2023–31.3.2023"}
    in_csv = list(dict.fromkeys(row["section"] for row in rows))
    assert in_csv == [s for s in SECTIONS if s in in_csv]
    assert {"contacts", "clients", "gender", "age_groups", "flows", "provider"} <= set(in_csv)
    for row in rows:
        if row["key"] == "contacts_per_client":
            continue
        assert row["count"] == _shown(_json_value(as_json, row["section"], row["key"])), row
    # the XLSX holds the same counts
    target = tmp_path / "r.xlsx"
    command(
        "encounters",
        "--unit",
        code,
        "--from",
        "1.3.2023",
        "--to",
        "31.3.2023",
        "--format",
        "xlsx",
        "--output",
        str(target),
        *flag,
    )
    book = load_workbook(target)
    cells = Counter(
        str(cell)
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    for row in rows:
        if row["key"] != "contacts_per_client" and row["count"] not in ("0",):
            assert cells[row["count"]] > 0, row
    # the page: the same breakdowns, in the same order, with the same sums
    page = login(user).get(
        "/encounters/statistics/", {"units": code, "start": "2023-03-01", "end": "2023-03-31"}
    )
    titles = [section["title"] for section in page.context["sections"]]
    assert len(titles) == len([s for s in in_csv if s not in ("contacts", "clients")])
    assert page.context["reports"][0]["contacts"] == as_json["contacts"]


def test_a_director_never_sees_less_than_five_for_a_large_count(org: Org, login) -> None:
    """Issue 14: a cell hidden to protect another is "x", never "<5"."""
    for n in range(31):
        encounter(
            ClientFactory(team=org.team_a), org.team_a, "visit", dt.date(2023, 3, 1), source=f"v{n}"
        )
    for n in range(3):
        encounter(
            ClientFactory(team=org.team_a), org.team_a, "phone", dt.date(2023, 3, 2), source=f"p{n}"
        )
    data = (
        login(org.director).get("/api/v1/encounters/statistics/", {"unit": org.team_a.code}).json()
    )
    assert data["contacts"]["phone"] is None and data["contacts"]["visit"] == "x"
    html = (
        login(org.director)
        .get("/encounters/statistics/", {"units": org.team_a.code})
        .content.decode()
    )
    assert 'data-testid="suppression-legend"' in html and ">x<" in html


# ---------------------------------------------------------------- complete figures


def test_professions_are_filtered_and_add_up_to_no_more_than_the_total(org: Org, login) -> None:
    client = ClientFactory(team=org.team_a)
    day = dt.date(2023, 3, 1)
    for n, worker in enumerate([org.counsellor, org.counsellor, org.social_worker, org.secretary]):
        encounter(client, org.team_a, "visit", day, worker=worker, source=f"w{n}")
    encounter(client, org.team_a, "visit", day, source="nobody")
    scope = ReportScope.for_subject(subject_of(org.lead.user), "view_aggregates", Period())
    total = reports_for(scope, [org.team_a.code])[0]["contacts"]["total"]
    per = {
        p: reports_for(scope, [org.team_a.code], profession=p)[0]["contacts"]["total"]
        for p in ("social_worker", "counsellor", "service_secretary")
    }
    assert per == {"social_worker": 1, "counsellor": 2, "service_secretary": 1}
    assert sum(per.values()) <= total == 5
    cli = json.loads(command("encounters", "--unit", org.team_a.code, "--profession", "counsellor"))
    assert cli["contacts"]["total"] == 2 and cli["profession"] == "counsellor"
    api = login(org.lead).get(
        "/api/v1/encounters/statistics/", {"unit": org.team_a.code, "profession": "counsellor"}
    )
    assert api.json()["contacts"]["total"] == 2
    bad = login(org.lead).get(
        "/api/v1/encounters/statistics/", {"unit": org.team_a.code, "profession": "doctor"}
    )
    assert bad.status_code == 400
    page = login(org.lead).get(
        "/encounters/statistics/", {"units": org.team_a.code, "profession": "social_worker"}
    )
    assert page.context["reports"][0]["contacts"]["total"] == 1


def test_who_does_what_is_suppressed_for_those_who_do_not_see_clients(org: Org, login) -> None:
    client = ClientFactory(team=org.team_a)
    for n in range(2):
        encounter(
            client, org.team_a, "visit", dt.date(2023, 3, 1), worker=org.counsellor, source=f"t{n}"
        )
    lead = login(org.lead).get("/api/v1/tasks/report/", {"unit": org.team_a.code}).json()
    evaluator = login(org.evaluator).get("/api/v1/tasks/report/", {"unit": org.team_a.code}).json()
    # encounters written past the importer have no task: they are counted as unlinked
    assert lead["unlinked"] == {"counsellor": 2}
    assert evaluator["unlinked"] == {"counsellor": None}
    assert evaluator["suppressed"] is True and lead["suppressed"] is False
    assert lead["period"] and evaluator["period"]
    # a place outside the scope is refused
    outside = login(org.lead).get("/api/v1/tasks/report/", {"unit": org.team_b.code})
    assert outside.status_code == 400


# ---------------------------------------------------------------- translated, honest pages

RAW = re.compile(
    r">\s*(none|other|either|unknown|female|male|visit|phone|no_show|social_worker|counsellor|"
    r"service_secretary|lt15|15_29|30_59|ge90|care|cooperation|guidance|self_service|"
    r"public|private|purchased|None)\s*<"
)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_report_page_shows_no_raw_code(small_unit: Org, login, language: str) -> None:  # noqa: F811
    from tyonjako.assessments.models import Assessment

    client = login(small_unit.admin)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    code = small_unit.team_a.code
    pages = [
        ("/encounters/statistics/", {"units": code}),
        ("/encounters/compare/", {"unit1": code, "unit2": small_unit.team_b.code}),
        ("/tasks/who-does-what/", {"unit": code}),
        ("/assessments/overrides/", {}),
        ("/reports/compliance/", {}),
    ]
    assert not Assessment.objects.exists()
    for url, params in pages:
        response = client.get(url, params)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in html
        assert not RAW.findall(html), (url, RAW.findall(html))
        assert 'data-testid="applied-period"' in html or "overrides" in url, url
        assert "1.1.2026" not in html and "31.12.2026" not in html, url


def test_a_unit_is_offered_only_to_someone_who_may_see_all_its_teams(org: Org, login) -> None:
    """A unit's figures count every team of it: someone who may see one team gets the team."""
    unit = org.team_a.unit.code
    lead = ReportScope.for_subject(subject_of(org.lead.user), "view_aggregates", Period())
    assert org.team_a.code in lead.places and unit not in lead.places
    director = ReportScope.for_subject(subject_of(org.director.user), "view_aggregates", Period())
    assert unit in director.places
    assert set(director.place(unit).team_ids) == {org.team_a.pk, org.team_a2.pk}
    refused = login(org.lead).get("/api/v1/encounters/statistics/", {"unit": unit})
    assert refused.status_code == 400
    ok = login(org.director).get("/api/v1/encounters/statistics/", {"unit": unit})
    assert ok.status_code == 200
