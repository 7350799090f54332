"""Run every documented case in docs/assessment-cases.yaml through the engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tyonjako.assessments.engine import Instrument, evaluate
from tyonjako.assessments.engine._render_cases import CASES_MD, CASES_YAML, render

DATA: dict[str, Any] = yaml.safe_load(Path(CASES_YAML).read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]


def test_file_has_enough_unique_cases() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 32 and len(set(ids)) == len(ids)
    for case in CASES:
        assert {"id", "title", "answers", "expected", "why"} <= set(case)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(instrument: Instrument, case: dict[str, Any]) -> None:
    assert DATA["instrument"] == instrument.rule_version
    today = date.fromisoformat(case["today"]) if "today" in case else date(2026, 1, 1)
    result = evaluate(instrument, case["answers"], today=today)
    expected = case["expected"]
    for field in ("special_support", "segment", "personal_worker", "pair_required"):
        assert getattr(result, field) == expected[field], field
    if "deadlines" in expected:
        assert result.to_dict()["deadlines"] == expected["deadlines"]
    assert set(expected["rules"]) <= set(result.rule_ids())


def test_cases_cover_every_reachable_rule(instrument: Instrument) -> None:
    covered = {rule for case in CASES for rule in case["expected"]["rules"]}
    # PW0 is a safety net that the default segments never reach (see test_default_rules).
    assert covered == set(instrument.rule_ids()) - {"PW0"}


def test_markdown_matches_yaml() -> None:
    assert Path(CASES_MD).read_text(encoding="utf-8") == render(DATA)
