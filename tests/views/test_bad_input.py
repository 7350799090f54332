"""Bad input answers 400 (or a page that says what is wrong), never 500: extreme dates in
every date filter and body, malformed client keys in the audit report, deeply nested JSON."""

import json

import pytest

from tests.conftest import Org

pytestmark = pytest.mark.django_db

EXTREMES = ["0001-01-01", "9999-12-31", "1.1.0001", "31.12.9999", "2026-02-30", "x" * 300]

# (persona, path): pages and API endpoints that filter by a period.
PERIOD_PAGES = [
    ("lead", "/encounters/statistics/?unit={unit}&from={d}&to={d}"),
    ("lead", "/encounters/statistics/?unit={unit}&until={d}"),
    ("lead", "/encounters/compare/?unit1={unit}&from1={d}&to1={d}"),
    ("lead", "/assessments/overrides/?from={d}&to={d}"),
    ("lead", "/tasks/who-does-what/?unit={unit}&from={d}&to={d}"),
    ("lead", "/api/v1/assessments/overrides/?from={d}&to={d}"),
    ("lead", "/api/v1/encounters/statistics/?unit={unit}&from={d}&to={d}"),
    ("lead", "/api/v1/tasks/report/?unit={unit}&from={d}&to={d}"),
    ("admin", "/audit/?from={d}&to={d}"),
]


@pytest.mark.parametrize(("persona", "template"), PERIOD_PAGES)
@pytest.mark.parametrize("value", EXTREMES)
def test_extreme_dates_in_filters_never_answer_500(
    org: Org, login, persona: str, template: str, value: str
) -> None:
    http = login(getattr(org, persona))
    unit = org.team_a.unit.code
    response = http.get(template.format(unit=unit, d=value))
    assert response.status_code < 500, (template, value)


@pytest.mark.parametrize(
    "key",
    ["x" * 2000, "%00", "..%2F..%2Fetc", "131052-308A", "h-" + "z" * 40, "<script>", "AS-1'--"],
)
def test_malformed_keys_in_the_audit_report_are_a_clear_answer(org: Org, login, key) -> None:
    response = login(org.admin).get(f"/audit/client/{key}/")
    assert response.status_code in (302, 400, 404), response.status_code


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/assessments/evaluate/",
        "/api/v1/clients/AS-1/assessments/",
        "/api/v1/clients/AS-1/assignments/",
    ],
)
def test_deeply_nested_json_is_a_400(org: Org, login, path: str) -> None:
    http = login(org.lead)
    body = '{"answers": ' + nested(100_000) + "}"
    response = http.post(path, body, content_type="application/json")
    assert response.status_code == 400, response.status_code


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_extreme_dates_in_a_json_body_are_a_400_or_accepted(org: Org, login, value) -> None:
    http = login(org.lead)
    body = {"worker": org.counsellor.pk, "kind": "personal_worker", "start": value}
    response = http.post(
        "/api/v1/clients/AS-1/assignments/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (201, 400), response.content
