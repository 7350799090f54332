"""Answer validation: types are normalised, errors name the item."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from tyonjako.assessments.engine import AnswerError, Instrument, evaluate, validate_answers

OK: dict[str, Any] = {"coping": 2, "functional_capacity": "good"}


def test_defaults_fill_every_item(instrument: Instrument) -> None:
    answers = validate_answers(instrument, OK)
    assert set(answers) == set(instrument.items)
    assert answers["urgent"] is False and answers["client_groups"] == ()
    assert answers["pending_since"] is None and answers["other_comparable_text"] == ""


def test_types_are_normalised(instrument: Instrument) -> None:
    answers = validate_answers(
        instrument,
        {
            "coping": "3",
            "functional_capacity": "poor",
            "urgent": "true",
            "over_75": "no",
            "pending_since": "2026-04-01",
            "client_groups": ["typ", "stuck_at_home"],
        },
    )
    assert answers["coping"] == 3 and answers["urgent"] is True and answers["over_75"] is False
    assert answers["pending_since"] == date(2026, 4, 1)
    assert answers["client_groups"] == ("stuck_at_home", "typ")  # option order
    assert validate_answers(instrument, answers) == answers  # idempotent
    from_datetime = validate_answers(instrument, {**OK, "pending_since": datetime(2026, 4, 1, 12)})
    assert from_datetime["pending_since"] == date(2026, 4, 1)


@pytest.mark.parametrize(
    ("raw", "item", "message"),
    [
        ({**OK, "mood": "fine"}, "mood", "unknown item 'mood'"),
        ({"functional_capacity": "good"}, "coping", "required item is missing"),
        (
            {"coping": 2, "functional_capacity": None},
            "functional_capacity",
            "required item is missing",
        ),
        ({**OK, "coping": 5}, "coping", "outside the scale 1–4"),
        ({**OK, "coping": 0}, "coping", "outside the scale 1–4"),
        ({**OK, "coping": 2.5}, "coping", "expected a whole number"),
        ({**OK, "coping": True}, "coping", "expected a whole number"),
        (
            {**OK, "functional_capacity": "excellent"},
            "functional_capacity",
            "not one of the options",
        ),
        ({**OK, "urgent": "maybe"}, "urgent", "expected true or false"),
        ({**OK, "urgent": 1}, "urgent", "expected true or false"),
        ({**OK, "client_groups": "typ"}, "client_groups", "expected a list"),
        (
            {**OK, "client_groups": ["typ", "pirates"]},
            "client_groups",
            "'pirates' is not one of the options",
        ),
        ({**OK, "client_groups": ["typ", "typ"]}, "client_groups", "more than once"),
        ({**OK, "pending_since": "1.4.2026"}, "pending_since", "expected a date YYYY-MM-DD"),
        ({**OK, "other_comparable_text": 42}, "other_comparable_text", "expected text"),
        ({**OK, "other_comparable_text": "x" * 2001}, "other_comparable_text", "longer than 2000"),
    ],
)
def test_errors_name_the_item(
    instrument: Instrument, raw: dict[str, Any], item: str, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answers(instrument, raw)
    assert caught.value.item == item
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{item}: ")


def test_evaluate_validates_too(instrument: Instrument) -> None:
    with pytest.raises(AnswerError):
        evaluate(instrument, {"coping": 9, "functional_capacity": "good"})


def test_non_mapping_is_rejected(instrument: Instrument) -> None:
    with pytest.raises(AnswerError):
        validate_answers(instrument, ["coping"])  # type: ignore[arg-type]
