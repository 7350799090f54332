"""Table tests: every row of the default instrument, one case per row."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tyonjako.assessments.engine import Instrument, evaluate, parse_instrument

from .helpers import default_variant, minimal_definition, row

TODAY = date(2026, 3, 2)


def base(**answers: Any) -> dict[str, Any]:
    return {"coping": 1, "functional_capacity": "good", **answers}


def decided(instrument: Instrument, answers: dict[str, Any], output: str) -> tuple[str, object]:
    result = evaluate(instrument, answers, today=TODAY)
    rule_id = next(e.rule_id for e in result.explanations if e.output == output)
    value = getattr(result, output) if hasattr(result, output) else result.deadlines
    return rule_id, value


SPECIAL_SUPPORT = [
    ("SS1", True, base(difficulty_seeking_services=True, cognitive_or_mental=True)),
    ("SS1", True, base(difficulty_seeking_services=True, substance_or_addiction=True)),
    ("SS1", True, base(difficulty_seeking_services=True, multiple_needs=True)),
    ("SS1", True, base(difficulty_seeking_services=True, other_comparable=True)),
    (
        "SS2",
        False,
        base(
            difficulty_seeking_services=True,
            cognitive_or_mental=True,
            need_due_to_old_age_only=True,
        ),
    ),
    ("SS3", False, base(multiple_needs=True)),
    ("SS3", False, base(coordination_need=True, multiple_needs=True, commits_to_services=True)),
    ("SS4", False, base(difficulty_seeking_services=True)),
    ("SS0", False, base()),
    ("SS0", False, base(cognitive_or_mental=True, substance_or_addiction=True)),
]

SS = {"difficulty_seeking_services": True, "cognitive_or_mental": True}

SEGMENT = [
    ("SEG1", "care", base(coping=3, functional_capacity="moderate")),
    ("SEG1", "care", base(coping=4, functional_capacity="poor")),
    ("SEG2", "care", base(**SS, commits_to_services=True, client_groups=["stuck_at_home"])),
    ("SEG2", "care", base(**SS, commits_to_services=True, client_groups=["challenging_behaviour"])),
    ("SEG3", "care", base(**SS)),
    ("SEG4", "cooperation", base(client_groups=["rehabilitative_work"])),
    (
        "SEG4",
        "cooperation",
        base(**SS, commits_to_services=True, client_groups=["housing_service"]),
    ),
    ("SEG5", "cooperation", base(**SS, commits_to_services=True)),
    ("SEG6", "cooperation", base(commits_to_services=True, coordination_need=True)),
    ("SEG7", "cooperation", base(functional_capacity="poor")),
    ("SEG7", "cooperation", base(coping=3)),
    ("SEG8", "guidance", base(coping=2, uses_digital_services=True)),
    ("SEG8", "guidance", base(functional_capacity="moderate")),
    ("SEG8", "guidance", base(client_groups=["homeless"], uses_digital_services=True)),
    ("SEG8", "guidance", base(difficulty_seeking_services=True)),
    ("SEG9", "self_service", base(uses_digital_services=True)),
    ("SEG0", "guidance", base()),
]

PERSONAL_WORKER = [
    ("PW1", "social_worker", base(coping=3, functional_capacity="poor")),
    ("PW2", "either", base(functional_capacity="poor")),
    ("PW3", "counsellor", base(coping=2)),
    ("PW3", "counsellor", base(uses_digital_services=True)),
]

PAIR = [
    ("PR1", True, base(**SS, commits_to_services=True)),
    ("PR2", True, base(commits_to_services=True, multiple_needs=True)),
    ("PR3", False, base(**SS)),
    ("PR0", False, base(coping=4, functional_capacity="poor")),
    ("PR0", False, base()),
]

START = "2026-03-02"  # a Monday without nearby holidays
DEADLINES = [
    ("DL1", {"assessment_start_by": date(2026, 3, 2)}, base(urgent=True, pending_since=START)),
    (
        "DL2",
        {"assessment_start_by": date(2026, 3, 11), "assessment_complete_by": date(2026, 6, 2)},
        base(over_75=True, pending_since=START),
    ),
    (
        "DL2",
        {"assessment_start_by": date(2026, 3, 11), "assessment_complete_by": date(2026, 6, 2)},
        base(highest_care_allowance=True, pending_since=START),
    ),
    ("DL0", {}, base(pending_since=START)),
]


@pytest.mark.parametrize(("rule_id", "value", "answers"), SPECIAL_SUPPORT)
def test_special_support_rows(
    instrument: Instrument, rule_id: str, value: bool, answers: dict[str, Any]
) -> None:
    assert decided(instrument, answers, "special_support") == (rule_id, value)


@pytest.mark.parametrize(("rule_id", "value", "answers"), SEGMENT)
def test_segment_rows(
    instrument: Instrument, rule_id: str, value: str, answers: dict[str, Any]
) -> None:
    assert decided(instrument, answers, "segment") == (rule_id, value)


@pytest.mark.parametrize(("rule_id", "value", "answers"), PERSONAL_WORKER)
def test_personal_worker_rows(
    instrument: Instrument, rule_id: str, value: str, answers: dict[str, Any]
) -> None:
    assert decided(instrument, answers, "personal_worker") == (rule_id, value)


@pytest.mark.parametrize(("rule_id", "value", "answers"), PAIR)
def test_pair_rows(
    instrument: Instrument, rule_id: str, value: bool, answers: dict[str, Any]
) -> None:
    assert decided(instrument, answers, "pair_required") == (rule_id, value)


@pytest.mark.parametrize(("rule_id", "value", "answers"), DEADLINES)
def test_deadline_rows(
    instrument: Instrument, rule_id: str, value: dict[str, date], answers: dict[str, Any]
) -> None:
    assert decided(instrument, answers, "deadlines.assessment_start_by") == (rule_id, value)


def test_completion_deadline_rows(instrument: Instrument) -> None:
    assert (
        decided(
            instrument, base(over_75=True, pending_since=START), "deadlines.assessment_complete_by"
        )[0]
        == "DC1"
    )
    assert decided(instrument, base(urgent=True), "deadlines.assessment_complete_by") == (
        "DC0",
        {"assessment_start_by": TODAY},
    )


def test_every_row_has_a_table_test(instrument: Instrument) -> None:
    tested = {
        case[0]
        for table in (SPECIAL_SUPPORT, SEGMENT, PERSONAL_WORKER, PAIR, DEADLINES)
        for case in table
    }
    tested |= {
        "DC1",
        "DC0",
        "PW0",
    }  # DC rows above; PW0 below (unreachable with the default segments)
    assert tested == set(instrument.rule_ids())


def test_pw0_default_is_social_worker_for_unknown_segment() -> None:
    # A draft whose light segment no longer excludes special support reaches PW0.
    draft = default_variant(
        "      value: self_service\n      show: [coping, functional_capacity]",
        "      value: self_service\n      show: [coping, functional_capacity]",
        version=1,
    )
    answers = base(uses_digital_services=True)
    assert decided(draft, answers, "personal_worker") == ("PW3", "counsellor")
    risky = default_variant(
        "    - id: SEG5\n      when:\n        var: special_support",
        "    - id: SEG5\n      when:\n        eq: [{answer: coping}, 4]",
    )
    result = evaluate(
        risky, base(**SS, commits_to_services=True, uses_digital_services=True), today=TODAY
    )
    assert (result.segment, result.special_support) == ("guidance", True)
    assert "PW0" in result.rule_ids() and result.personal_worker == "social_worker"


def test_law42_guard_adds_pair_when_rules_forget_it() -> None:
    definition = minimal_definition({"answer": "flag"})
    definition["rules"]["personal_worker"] = [row("P0", "counsellor")]
    instrument = parse_instrument(definition, "careless draft")
    result = evaluate(instrument, {"flag": True}, today=TODAY)
    assert result.special_support and result.personal_worker == "counsellor"
    assert result.pair_required is True
    guard = result.explanations[-1]
    assert guard.rule_id == "LAW42" and guard.output == "pair_required"
    assert "42" in guard.legal_basis["fi"]
    assert evaluate(instrument, {"flag": False}, today=TODAY).pair_required is False


def test_explanations_carry_the_referenced_inputs(instrument: Instrument) -> None:
    result = evaluate(
        instrument,
        base(**SS, coping=3, functional_capacity="poor", pending_since=START),
        today=TODAY,
    )
    ss1 = result.explanations[0]
    assert ss1.rule_id == "SS1" and ss1.output == "special_support"
    assert ss1.inputs == {
        "difficulty_seeking_services": True,
        "cognitive_or_mental": True,
        "substance_or_addiction": False,
        "multiple_needs": False,
        "other_comparable": False,
        "need_due_to_old_age_only": False,
    }
    assert ss1.legal_basis == {
        "fi": "Sosiaalihuoltolaki 1301/2014 §3 kohta 3",
        "sv": "Socialvårdslagen 1301/2014 3 § 3 punkten",
        "en": "Social Welfare Act 1301/2014 s. 3(3)",
    }
    seg = result.explanations[1]
    assert seg.inputs == {"functional_capacity": "poor", "coping": 3}
    assert "seed 004" in seg.legal_basis["en"]
    ss3 = instrument.row("SS3")
    assert "many services does not alone" in ss3.explanation["en"]
    assert "Turku" in ss3.legal_basis["en"]


def test_to_dict_is_json_ready(instrument: Instrument) -> None:
    import json

    result = evaluate(
        instrument, base(over_75=True, pending_since=START, client_groups=["typ"]), today=TODAY
    )
    data = result.to_dict()
    assert set(data) == {
        "special_support",
        "segment",
        "personal_worker",
        "pair_required",
        "deadlines",
        "explanations",
        "rule_version",
    }
    assert data["deadlines"] == {
        "assessment_start_by": "2026-03-11",
        "assessment_complete_by": "2026-06-02",
    }
    assert data["rule_version"] == "erityisen-tuen-tarve@1"
    dumped = json.loads(json.dumps(data))
    assert dumped == data
    inputs = [e["inputs"] for e in data["explanations"]]  # type: ignore[union-attr]
    assert {"client_groups": ["typ"]} in inputs
