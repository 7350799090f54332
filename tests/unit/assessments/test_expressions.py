"""The rule expression language: every operator, static checks, safety."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tyonjako.assessments.engine import InstrumentError, evaluate, parse_instrument

from .helpers import minimal_definition, minimal_instrument

BASE: dict[str, Any] = {
    "flag": True,
    "other": False,
    "level": 3,
    "colour": "red",
    "tags": ["a", "b"],
    "note": "hello",
    "day": "2026-05-01",
}


def holds(when: object, **answers: object) -> bool:
    """Evaluate ``when`` as the special_support condition of a tiny instrument."""
    result = evaluate(minimal_instrument(when), {**BASE, **answers}, today=date(2026, 1, 1))
    return result.special_support


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ({"answer": "flag"}, True),
        ({"answer": "other"}, False),
        ({"not": {"answer": "other"}}, True),
        ({"not": [{"answer": "flag"}]}, False),
        ({"all": [{"answer": "flag"}, {"not": {"answer": "other"}}]}, True),
        ({"all": [{"answer": "flag"}, {"answer": "other"}]}, False),
        ({"any": [{"answer": "other"}, {"answer": "flag"}]}, True),
        ({"any": [{"answer": "other"}]}, False),
        ({"eq": [{"answer": "colour"}, "red"]}, True),
        ({"eq": ["blue", {"answer": "colour"}]}, False),
        ({"ne": [{"answer": "colour"}, "blue"]}, True),
        ({"eq": [{"answer": "flag"}, True]}, True),
        ({"eq": [{"answer": "note"}, "hello"]}, True),
        ({"in": [{"answer": "colour"}, ["red", "blue"]]}, True),
        ({"in": [{"answer": "level"}, [1, 2]]}, False),
        ({"contains": [{"answer": "tags"}, "b"]}, True),
        ({"contains": [{"answer": "tags"}, "c"]}, False),
        ({"contains_any": [{"answer": "tags"}, ["c", "a"]]}, True),
        ({"contains_any": [{"answer": "tags"}, ["c"]]}, False),
        ({"gte": [{"answer": "level"}, 3]}, True),
        ({"gt": [{"answer": "level"}, 3]}, False),
        ({"lte": [{"answer": "level"}, 3]}, True),
        ({"lt": [{"answer": "level"}, 3]}, False),
        ({"lt": [2, {"answer": "level"}]}, True),
        ({"gte": [{"answer": "day"}, "2026-05-01"]}, True),
        ({"lt": [{"answer": "day"}, "2026-05-01"]}, False),
        ({"gte": [{"count": [{"answer": "flag"}, {"answer": "other"}, True]}, 2]}, True),
        ({"eq": [{"count": [{"answer": "flag"}, {"answer": "other"}]}, 2]}, False),
        (True, True),
        (False, False),
    ],
)
def test_operator(when: object, expected: bool) -> None:
    assert holds(when) is expected


def test_comparisons_with_unanswered_items_are_false() -> None:
    assert holds({"gte": [{"answer": "level"}, 1]}, level=None) is False
    assert holds({"lt": [{"answer": "day"}, "2030-01-01"]}, day=None) is False
    assert holds({"eq": [{"answer": "colour"}, None]}, colour=None) is True


def test_var_reads_earlier_outputs() -> None:
    definition = minimal_definition({"answer": "flag"})
    definition["rules"]["pair_required"] = [
        {
            "id": "R1",
            "when": {"all": [{"var": "special_support"}, {"eq": [{"var": "segment"}, "only"]}]},
            "value": True,
            "explanation": {"fi": "a", "sv": "a", "en": "a"},
            "legal_basis": {"fi": "a", "sv": "a", "en": "a"},
        },
        {
            "id": "R0",
            "default": True,
            "value": False,
            "explanation": {"fi": "a", "sv": "a", "en": "a"},
            "legal_basis": {"fi": "a", "sv": "a", "en": "a"},
        },
    ]
    instrument = parse_instrument(definition, "t")
    result = evaluate(instrument, BASE, today=date(2026, 1, 1))
    assert result.pair_required is True
    pair = next(e for e in result.explanations if e.output == "pair_required")
    assert pair.inputs == {"special_support": True, "segment": "only"}


def compile_errors(when: object) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        minimal_instrument(when)
    return caught.value.errors


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ({"anyy": [{"answer": "flag"}]}, "unknown operator 'anyy'"),
        ({"__import__": "os"}, "unknown operator '__import__'"),
        ({"answer": "flag", "not": True}, "exactly one operator"),
        ({"answer": "nope"}, "unknown answer key 'nope'"),
        ({"var": "segment"}, "decided after this table"),
        ({"var": "mood"}, "unknown variable 'mood'"),
        ({"eq": [{"answer": "colour"}, "green"]}, "'green' is not an option of 'colour'"),
        ({"in": [{"answer": "level"}, [1, 9]]}, "9 is not an option of 'level'"),
        ({"contains": [{"answer": "tags"}, "z"]}, "'z' is not an option of 'tags'"),
        ({"contains_any": [{"answer": "tags"}, ["a", "q"]]}, "'q' is not an option of 'tags'"),
        ({"eq": [{"answer": "flag"}, "yes"]}, "cannot compare bool with str"),
        ({"gte": [{"answer": "colour"}, 3]}, "must be number or date"),
        ({"gte": [{"answer": "day"}, "tomorrow"]}, "ISO date"),
        ({"answer": "level"}, "condition must be boolean, got number"),
        ({"all": []}, "non-empty list"),
        ({"eq": [{"answer": "flag"}]}, "a list of 2 expressions"),
        ({"contains": [{"answer": "colour"}, "red"]}, "must be list"),
        ({"not": [{"answer": "flag"}, {"answer": "other"}]}, "exactly one expression"),
        ("__import__('os').system('echo hacked')", "condition must be boolean, got str"),
    ],
)
def test_invalid_expressions_are_rejected_at_load(when: object, message: str) -> None:
    errors = compile_errors(when)
    assert any(message in error for error in errors), errors
    assert all(error.startswith("line ") for error in errors)
    assert any("rules.special_support[0].when" in error for error in errors), errors


def test_code_like_strings_are_only_data(tmp_path: Any) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    instrument = minimal_instrument({"eq": [{"answer": "note"}, payload]})
    assert evaluate(instrument, {**BASE, "note": payload}).special_support is True
    assert evaluate(instrument, {**BASE, "note": "x"}).special_support is False
    assert not marker.exists()


def test_dunder_answer_keys_cannot_reach_attributes() -> None:
    errors = compile_errors({"answer": "__class__"})
    assert any("unknown answer key '__class__'" in e for e in errors)
