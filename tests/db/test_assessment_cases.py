"""Every documented case gives the documented result through the CLI and the API."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.cases import check_result, documented_cases, documented_instrument
from tests.conftest import Org

pytestmark = pytest.mark.django_db
CASES = documented_cases()
INSTRUMENT = documented_instrument()


def test_there_are_at_least_thirty_documented_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_the_command_line_routes_each_documented_case(case: dict, tmp_path: Path, capsys) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(case["answers"]), encoding="utf-8")
    call_command(
        "assess",
        "--answers",
        str(path),
        "--instrument",
        INSTRUMENT,
        "--today",
        str(case.get("today") or "2026-11-25"),
    )
    check_result(json.loads(capsys.readouterr().out), case)


def test_json_lines_give_one_result_a_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(json.dumps(case["answers"]) for case in CASES), encoding="utf-8")
    call_command(
        "assess", "--answers", str(path), "--instrument", INSTRUMENT, "--today", "2026-11-25"
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(CASES)
    for line, case in zip(lines, CASES, strict=True):
        if not case.get("today"):
            check_result(json.loads(line), case)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_the_api_routes_each_documented_case(case: dict, org: Org, login) -> None:
    body = {
        "answers": case["answers"],
        "today": str(case.get("today") or "2026-11-25"),
        "instrument": INSTRUMENT,
    }
    response = login(org.counsellor).post(
        "/api/v1/assessments/evaluate/", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    check_result(response.json(), case)
