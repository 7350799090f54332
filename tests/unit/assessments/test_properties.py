"""Properties that must hold for every answer set of the default instrument."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tyonjako.assessments.engine import Instrument, evaluate, load_default_instrument

from .strategies import answers

INSTRUMENT: Instrument = load_default_instrument()
TODAY = date(2026, 6, 1)


@settings(max_examples=400, deadline=None)
@given(answers())
def test_special_support_never_counsellor_without_social_worker(raw: dict[str, Any]) -> None:
    result = evaluate(INSTRUMENT, raw, today=TODAY)
    if result.special_support:
        assert result.personal_worker == "social_worker" or result.pair_required
        assert result.segment in ("care", "cooperation")


@settings(max_examples=200, deadline=None)
@given(answers(need_due_to_old_age_only=True))
def test_old_age_only_is_never_special_support(raw: dict[str, Any]) -> None:
    assert evaluate(INSTRUMENT, raw, today=TODAY).special_support is False


@settings(max_examples=200, deadline=None)
@given(answers(difficulty_seeking_services=False), st.booleans(), st.booleans())
def test_many_services_without_difficulty_is_never_special_support(
    raw: dict[str, Any], multiple: bool, coordination: bool
) -> None:
    raw = {**raw, "multiple_needs": multiple, "coordination_need": coordination}
    assert evaluate(INSTRUMENT, raw, today=TODAY).special_support is False


@settings(max_examples=200, deadline=None)
@given(answers())
def test_result_is_deterministic(raw: dict[str, Any]) -> None:
    first = evaluate(INSTRUMENT, raw, today=TODAY)
    second = evaluate(INSTRUMENT, dict(reversed(list(raw.items()))), today=TODAY)
    assert first == second
    assert first.to_dict() == second.to_dict()


@settings(max_examples=200, deadline=None)
@given(answers())
def test_every_output_is_explained(raw: dict[str, Any]) -> None:
    result = evaluate(INSTRUMENT, raw, today=TODAY)
    outputs = {e.output for e in result.explanations}
    assert outputs == {t.output for t in INSTRUMENT.all_tables()}
    for explanation in result.explanations:
        assert set(explanation.text) == {"fi", "sv", "en"}
        assert set(explanation.legal_basis) == {"fi", "sv", "en"}


@settings(max_examples=200, deadline=None)
@given(answers())
def test_care_is_always_social_worker_and_light_segments_counsellor(raw: dict[str, Any]) -> None:
    result = evaluate(INSTRUMENT, raw, today=TODAY)
    if result.segment == "care":
        assert result.personal_worker == "social_worker"
    if result.segment == "cooperation":
        assert (result.personal_worker, result.pair_required) == ("either", True)
    if result.segment in ("guidance", "self_service"):
        assert result.personal_worker == "counsellor" and not result.special_support


@settings(max_examples=200, deadline=None)
@given(answers(over_75=True, urgent=False))
def test_start_deadline_is_a_working_day_within_three_weeks(raw: dict[str, Any]) -> None:
    result = evaluate(INSTRUMENT, raw, today=TODAY)
    start = raw["pending_since"] or TODAY
    deadline = result.deadlines["assessment_start_by"]
    assert INSTRUMENT.calendar.is_working_day(deadline)
    assert 7 <= (deadline - start).days <= 21  # Christmas + New Year can add ten days
