"""What-if comparison between the current instrument and a draft."""

from __future__ import annotations

import random
from typing import Any

from tyonjako.assessments.engine import Instrument, evaluate, what_if

from .helpers import default_text, default_variant
from .strategies import BOOLS, GROUPS

CASES: list[tuple[str, dict[str, Any]]] = [
    ("self", {"coping": 1, "functional_capacity": "good", "uses_digital_services": True}),
    (
        "self2",
        {
            "coping": 1,
            "functional_capacity": "good",
            "uses_digital_services": True,
            "over_75": True,
        },
    ),
    ("guide", {"coping": 2, "functional_capacity": "good"}),
    ("care", {"coping": 4, "functional_capacity": "poor"}),
    ("coop", {"coping": 2, "functional_capacity": "poor"}),
]


def test_identical_versions_change_nothing(instrument: Instrument) -> None:
    report = what_if(instrument, instrument, CASES)
    assert report.total == 5 and report.changed_any == 0 and report.changed_case_ids == ()
    assert report.changed == {
        "segment": 0,
        "personal_worker": 0,
        "special_support": 0,
        "pair_required": 0,
    }
    assert report.segment_transitions[("guidance", "guidance")] == 1
    assert sum(report.segment_transitions.values()) == 5


def test_draft_that_removes_self_service(instrument: Instrument) -> None:
    draft = default_variant(
        "      value: self_service\n      show: [coping, functional_capacity]",
        "      value: guidance\n      show: [coping, functional_capacity]",
    )
    report = what_if(instrument, draft, CASES)
    assert report.draft_version == "erityisen-tuen-tarve@2"
    assert report.changed_case_ids == ("self", "self2")
    assert report.changed["segment"] == 2 and report.changed["personal_worker"] == 0
    assert report.segment_transitions[("self_service", "guidance")] == 2
    assert report.worker_transitions[("counsellor", "counsellor")] == 3
    assert report.causing_rules == {"SEG9": 2}
    data = report.to_dict()
    assert data["segment_transitions"]["self_service"] == {"guidance": 2}  # type: ignore[index]


def test_draft_that_sends_poor_capacity_to_care(instrument: Instrument) -> None:
    capacity = "          - in: [{answer: functional_capacity}, [poor, moderate]]\n"
    draft = default_variant(
        capacity + "          - gte: [{answer: coping}, 3]",
        capacity + "          - gte: [{answer: coping}, 2]",
    )
    report = what_if(instrument, draft, CASES)
    assert report.changed_case_ids == ("coop",)
    assert report.changed == {
        "segment": 1,
        "personal_worker": 1,
        "special_support": 0,
        "pair_required": 1,
    }
    assert report.worker_transitions[("either", "social_worker")] == 1
    assert report.causing_rules == {"SEG1": 1, "PW1": 1, "PR0": 1}


def test_cases_invalid_for_the_draft_are_listed(instrument: Instrument) -> None:
    text = default_text().replace(
        "      - key: urgent\n        type: bool\n        default: false",
        "      - key: urgent\n        type: bool\n        required: true",
    )
    from tyonjako.assessments.engine import load_instrument

    draft = load_instrument(text.replace("version: 1\n", "version: 2\n", 1))
    report = what_if(instrument, draft, [*CASES, ("ok", {**CASES[0][1], "urgent": False})])
    assert report.total == 6 and set(report.invalid_cases) == {c for c, _ in CASES}
    assert "urgent: required item is missing" in report.invalid_cases["self"]


def random_cases(count: int, seed: int = 7) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        raw: dict[str, Any] = {key: rng.random() < 0.3 for key in BOOLS}
        raw["coping"] = rng.randint(1, 4)
        raw["functional_capacity"] = rng.choice(["good", "moderate", "poor"])
        raw["client_groups"] = rng.sample(GROUPS, rng.randint(0, 2))
        cases.append((f"case-{index}", raw))
    return cases


def test_counts_agree_with_single_evaluations(instrument: Instrument) -> None:
    draft = default_variant("          - not: {answer: need_due_to_old_age_only}\n", "")
    cases = random_cases(3000)
    report = what_if(instrument, draft, cases)
    expected = [
        cid
        for cid, raw in cases
        if evaluate(instrument, raw).special_support != evaluate(draft, raw).special_support
    ]
    assert report.changed["special_support"] == len(expected) > 0
    assert set(expected) <= set(report.changed_case_ids)
    assert report.causing_rules["SS1"] == len(expected)


def test_what_if_runs_over_twenty_thousand_cases(instrument: Instrument) -> None:
    """Its speed is a benchmark (bench/bench_routing.py), never a timed test."""
    draft = default_variant(
        "      value: self_service\n      show: [coping, functional_capacity]",
        "      value: guidance\n      show: [coping, functional_capacity]",
    )
    cases = random_cases(20_000)
    report = what_if(instrument, draft, cases)
    assert report.total == 20_000
