"""Loading and validating instrument definitions: errors name line and path."""

from __future__ import annotations

import json
import re

import pytest

from tyonjako.assessments.engine import (
    DEFAULT_INSTRUMENT_PATH,
    Instrument,
    InstrumentError,
    load_instrument,
    parse_instrument,
)

from .helpers import default_text, minimal_definition

LINE = re.compile(r"^line (\d+|\?): ")


def errors_for(text: str) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(text)
    assert caught.value.errors
    for error in caught.value.errors:
        assert LINE.match(error), error
    return caught.value.errors


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    found = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return found[occurrence - 1]


def broken_default(old: str, new: str) -> tuple[str, str]:
    text = default_text()
    assert old in text, old
    return text, text.replace(old, new, 1)


def test_default_instrument_loads(instrument: Instrument) -> None:
    assert instrument.rule_version == "erityisen-tuen-tarve@1"
    assert instrument.name["fi"] == "Erityisen tuen tarpeen arviointi"
    assert instrument.name["sv"] == "Bedömning av behov av särskilt stöd"
    assert instrument.name["en"] == "Special support need assessment"
    assert [s.value for s in instrument.segments] == [
        "care",
        "cooperation",
        "guidance",
        "self_service",
    ]
    assert instrument.items["coping"].required and instrument.items["functional_capacity"].required
    assert not instrument.items["urgent"].required
    assert instrument.items["client_groups"].default == ()
    assert len(instrument.items["client_groups"].options) == 11
    assert [t.output for t in instrument.tables] == [
        "special_support",
        "segment",
        "personal_worker",
        "pair_required",
    ]
    for table in instrument.all_tables():
        assert table.rows[-1].is_default


def test_every_text_in_default_instrument_has_three_languages(instrument: Instrument) -> None:
    texts = [instrument.name]
    for item in instrument.items.values():
        texts += [item.label] + ([item.help] if item.help else []) + [o.label for o in item.options]
    for table in instrument.all_tables():
        texts += [t for row in table.rows for t in (row.explanation, row.legal_basis)]
    for text in texts:
        assert set(text) == {"fi", "sv", "en"} and all(text.values())


def test_three_month_deadline_text_says_it_is_uncertain(instrument: Instrument) -> None:
    row = instrument.row("DC1")
    assert "ristiriitaisia" in row.explanation["fi"]
    assert "motstridiga" in row.explanation["sv"]
    assert "disagree" in row.explanation["en"]


def test_light_segments_say_they_are_an_extension(instrument: Instrument) -> None:
    for rule_id in ("SEG8", "SEG9", "SEG0"):
        row = instrument.row(rule_id)
        assert "extension, not from the seeds" in row.explanation["en"]
        assert "laajennus" in row.explanation["fi"]


def test_unknown_operator_names_line_and_path() -> None:
    _, broken = broken_default(
        "      when:\n        any:\n          - eq: [{answer: coping}, 2]",
        "      when:\n        anyy:\n          - eq: [{answer: coping}, 2]",
    )
    errors = errors_for(broken)
    line = line_of(broken, "anyy:")
    assert f"line {line}: rules.segment[7].when: unknown operator 'anyy'" in errors


def test_unknown_answer_key_names_line_and_path() -> None:
    _, broken = broken_default("- answer: substance_or_addiction\n", "- answer: substance_abuse\n")
    errors = errors_for(broken)
    line = line_of(broken, "answer: substance_abuse")
    path = "rules.special_support[0].when.all[1].any[1].answer"
    assert f"line {line}: {path}: unknown answer key 'substance_abuse'" in errors


def test_wrong_option_value_in_rule() -> None:
    _, broken = broken_default(
        "in: [{answer: functional_capacity}, [poor, moderate]]",
        "in: [{answer: functional_capacity}, [poor, mediocre]]",
    )
    errors = errors_for(broken)
    line = line_of(broken, "mediocre")
    assert any(
        e.startswith(
            f"line {line}: rules.segment[0].when.all[0].in[1]: 'mediocre' is not an option"
        )
        for e in errors
    ), errors


def test_wrong_output_value() -> None:
    _, broken = broken_default("      value: self_service\n", "      value: selfservice\n")
    errors = errors_for(broken)
    line = line_of(broken, "value: selfservice")
    assert any(
        e.startswith(f"line {line}: rules.segment[8].value: wrong value 'selfservice'")
        for e in errors
    )


def test_missing_language_text() -> None:
    _, broken = broken_default("          sv: Klienten har fyllt 75 år\n", "")
    errors = errors_for(broken)
    assert any("sections[3].items[1].label.sv: missing sv text" in e for e in errors), errors


def test_duplicate_item_key_and_yaml_duplicate_key() -> None:
    _, broken = broken_default("      - key: over_75\n", "      - key: urgent\n")
    errors = errors_for(broken)
    line = line_of(broken, "- key: urgent", 2)
    assert f"line {line}: sections[3].items[1].key: duplicate item key 'urgent'" in errors
    _, broken = broken_default(
        "        required: true\n        min: 1\n",
        "        required: true\n        required: false\n        min: 1\n",
    )
    errors = errors_for(broken)
    line = line_of(broken, "required: false")
    assert f"line {line}: sections[0].items[0].required: duplicate key 'required'" in errors


def test_duplicate_rule_id() -> None:
    _, broken = broken_default("    - id: SS2\n", "    - id: SS1\n")
    errors = errors_for(broken)
    line = line_of(broken, "- id: SS1", 2)
    assert f"line {line}: rules.special_support[1].id: duplicate rule id 'SS1'" in errors


def test_var_of_later_output_is_rejected() -> None:
    _, broken = broken_default(
        "        - not: {answer: need_due_to_old_age_only}", "        - not: {var: segment}"
    )
    errors = errors_for(broken)
    assert any(
        "rules.special_support[0].when.all[2].not.var: output 'segment' is decided after" in e
        for e in errors
    ), errors


def test_missing_default_row_and_misplaced_default() -> None:
    definition = minimal_definition({"answer": "flag"})
    definition["rules"]["segment"][0].pop("default")
    definition["rules"]["segment"][0]["when"] = {"answer": "flag"}
    definition["rules"]["special_support"].reverse()
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(definition, "dict")
    text = "\n".join(caught.value.errors)
    assert "line ?: rules.segment: needs a final default row" in text
    assert "rules.special_support[0]: the default row must be the only one and the last" in text


def test_item_definition_errors() -> None:
    definition = minimal_definition()
    items = definition["sections"][0]["items"]
    items[0]["type"] = "boolean"
    items[2]["options"] = items[2]["options"][:3]
    items[3]["default"] = "green"
    items[4]["options"].append({"value": "a", "label": {"fi": "a", "sv": "a", "en": "a"}})
    items[5]["key"] = "segment"
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(definition, "dict")
    text = "\n".join(caught.value.errors)
    assert "sections[0].items[0].type: unknown item type 'boolean'" in text
    assert "sections[0].items[2].options: scale values without a label: [4]" in text
    assert "sections[0].items[3].default: invalid default" in text
    assert "sections[0].items[4].options[3].value: duplicate option value 'a'" in text
    assert "sections[0].items[5].key: 'segment' is reserved" in text


def test_unknown_fields_and_missing_tables() -> None:
    definition = minimal_definition()
    definition["colour"] = "blue"
    del definition["rules"]["pair_required"]
    definition["calendar"] = {"public_holidays": "XX", "working_days": ["mon", "funday"]}
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(definition, "dict")
    text = "\n".join(caught.value.errors)
    assert "colour: unknown field 'colour'" in text
    assert "rules: missing rule table 'pair_required'" in text
    assert "calendar.public_holidays: unknown holiday calendar 'XX'" in text
    assert "calendar.working_days: must be a non-empty list" in text


def test_invalid_yaml_names_line() -> None:
    errors = errors_for("key: x\nversion: [1,\n")
    assert errors[0].startswith("line ") and "not valid YAML" in errors[0]


def test_json_definition_is_accepted_with_lines(tmp_path: object) -> None:
    definition = minimal_definition({"answer": "flag"})
    text = json.dumps(definition, indent=2)
    instrument = load_instrument(text)
    assert instrument.rule_version == "test-instrument@1"
    broken = text.replace('"answer": "flag"', '"answer": "flagg"')
    errors = errors_for(broken)
    line = line_of(broken, "flagg")
    assert (
        f"line {line}: rules.special_support[0].when.answer: unknown answer key 'flagg'" in errors
    )


def test_load_from_path(instrument: Instrument) -> None:
    assert load_instrument(DEFAULT_INSTRUMENT_PATH) == instrument
    assert load_instrument(str(DEFAULT_INSTRUMENT_PATH)).rule_ids() == instrument.rule_ids()


def test_instrument_error_message_lists_all_problems() -> None:
    definition = minimal_definition({"anyy": []})
    definition["version"] = 0
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(definition, "draft.yaml")
    assert len(caught.value.errors) == 2
    assert "draft.yaml" in str(caught.value)
