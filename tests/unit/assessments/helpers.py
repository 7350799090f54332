"""Builders for small test instruments (plain dicts, no line marks)."""

from __future__ import annotations

import copy
from typing import Any

from tyonjako.assessments.engine import (
    DEFAULT_INSTRUMENT_PATH,
    Instrument,
    load_instrument,
    parse_instrument,
)

T = {"fi": "teksti", "sv": "text", "en": "text"}


def _options(*values: object) -> list[dict[str, Any]]:
    return [{"value": value, "label": T} for value in values]


def _row(rule_id: str, value: object, when: object = None) -> dict[str, Any]:
    row: dict[str, Any] = {"id": rule_id, "value": value, "explanation": T, "legal_basis": T}
    if when is None:
        row["default"] = True
    else:
        row["when"] = when
    return row


def minimal_definition(when: object = None) -> dict[str, Any]:
    """One item of each type; ``special_support`` is true exactly when ``when`` holds."""
    items = [
        {"key": "flag", "type": "bool", "label": T},
        {"key": "other", "type": "bool", "label": T},
        {
            "key": "level",
            "type": "scale",
            "min": 1,
            "max": 4,
            "label": T,
            "options": _options(1, 2, 3, 4),
        },
        {"key": "colour", "type": "choice", "label": T, "options": _options("red", "blue")},
        {"key": "tags", "type": "multi", "label": T, "options": _options("a", "b", "c")},
        {"key": "note", "type": "text", "label": T},
        {"key": "day", "type": "date", "label": T},
    ]
    special = (
        [_row("X1", True, when), _row("X0", False)] if when is not None else [_row("X0", False)]
    )
    return {
        "key": "test-instrument",
        "version": 1,
        "name": T,
        "sections": [{"key": "main", "title": T, "items": items}],
        "outputs": {
            "segment": [{"value": "only", "label": T}, {"value": "other", "label": T}],
            "personal_worker": [
                {"value": "social_worker", "label": T},
                {"value": "counsellor", "label": T},
                {"value": "either", "label": T},
            ],
        },
        "rules": {
            "special_support": special,
            "segment": [_row("G0", "only")],
            "personal_worker": [_row("P0", "social_worker")],
            "pair_required": [_row("R0", False)],
        },
    }


def minimal_instrument(when: object = None) -> Instrument:
    return parse_instrument(minimal_definition(when), "test")


def with_rows(
    definition: dict[str, Any], output: str, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    result = copy.deepcopy(definition)
    result["rules"][output] = rows
    return result


def row(rule_id: str, value: object, when: object = None) -> dict[str, Any]:
    return _row(rule_id, value, when)


def default_text() -> str:
    return DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8")


def default_variant(old: str, new: str, *, version: int = 2) -> Instrument:
    """The default instrument with one text replacement, as a new version."""
    text = default_text()
    assert old in text, old
    text = text.replace(old, new, 1).replace("version: 1\n", f"version: {version}\n", 1)
    return load_instrument(text)
