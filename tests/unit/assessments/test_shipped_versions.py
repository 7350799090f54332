"""The shipped versions beside the default: version 2 (lawful §36 deadlines, real legal
bases) and the Pohjanmaa two-way model."""

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.assessments.engine import INSTRUMENTS_DIR, evaluate, load_instrument

V2 = load_instrument((INSTRUMENTS_DIR / "erityisen-tuen-tarve.v2.yaml").read_text("utf-8"))
TWO_WAY = load_instrument(
    (INSTRUMENTS_DIR / "erityisen-tuen-tarve-pohjanmaa.v1.yaml").read_text("utf-8")
)
DAY = dt.date(2026, 11, 25)
CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
    "pending_since": dt.date(2026, 11, 2),
}
LIGHT = {"coping": 2, "functional_capacity": "good", "uses_digital_services": True}


def _texts(result: Any) -> str:
    return repr(result.to_dict())


@pytest.mark.parametrize("group", ["over_75", "highest_care_allowance"])
def test_adults_over_75_get_the_start_deadline_but_no_three_month_completion(group: str) -> None:
    result = evaluate(V2, {**CARE, group: True}, today=DAY)
    assert "assessment_start_by" in result.deadlines
    assert "assessment_complete_by" not in result.deadlines


def test_a_child_who_needs_special_support_is_assessed_within_three_months() -> None:
    result = evaluate(V2, {**CARE, "under_18": True}, today=DAY)
    assert result.deadlines["assessment_complete_by"] == dt.date(2027, 2, 2)


def test_no_user_facing_text_names_an_internal_seed() -> None:
    for instrument in (V2, TWO_WAY):
        for answers in (CARE, LIGHT):
            assert "seed" not in _texts(evaluate(instrument, answers, today=DAY))


@given(
    st.sampled_from([CARE, LIGHT]),
    st.lists(st.sampled_from(["housing_service", "typ", "eviction"]), unique=True),
)
def test_the_two_way_model_routes_to_a_social_worker_or_a_counsellor_never_either(
    base: dict[str, Any], groups: list[str]
) -> None:
    result = evaluate(TWO_WAY, {**base, "client_groups": groups}, today=DAY)
    assert result.personal_worker in ("social_worker", "counsellor")
    if result.special_support or "housing_service" in groups:
        assert result.personal_worker == "social_worker"
    else:
        assert result.personal_worker == "counsellor"
