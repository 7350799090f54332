"""The documented assessment cases (docs/assessment-cases.yaml), shared by the
engine, CLI and API tests so all three are held to the same answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CASES_FILE = Path(__file__).resolve().parent.parent / "docs" / "assessment-cases.yaml"


def documented_cases() -> list[dict[str, Any]]:
    return list(yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"])


def documented_instrument() -> str:
    """The version the cases are worked for (KEY@VERSION): the tests ask for it by name,
    whichever version the county runs by default."""
    return str(yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["instrument"])


def check_result(result: dict[str, Any], case: dict[str, Any]) -> None:
    expected = case["expected"]
    for field in ("special_support", "segment", "personal_worker", "pair_required"):
        if field in expected:
            assert result[field] == expected[field], f"{case['id']}: {field}"
    if "deadlines" in expected:
        assert result["deadlines"] == {
            k: str(v) for k, v in (expected["deadlines"] or {}).items()
        }, case["id"]
    rule_ids = {explanation["rule_id"] for explanation in result["explanations"]}
    assert set(expected.get("rules", [])) <= rule_ids, f"{case['id']}: rules {rule_ids}"
