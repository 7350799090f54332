"""Benchmark of the routing engine: evaluate() throughput and what_if() over 100 000 cases.

Usage: python bench/bench_routing.py [--n 20000] [--repeats 5] [--whatif 100000] [--seed 2026]
Target: >= 20 000 evaluations per second in one process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tyonjako.assessments.engine import (
    DEFAULT_INSTRUMENT_PATH,
    evaluate,
    load_default_instrument,
    load_instrument,
    what_if,
)

GROUPS = [
    "stuck_at_home",
    "challenging_substance_mental",
    "challenging_behaviour",
    "eviction",
    "hoarding",
    "housing_service",
    "typ",
    "rehabilitative_work",
    "neuropsychiatric",
    "criminal_sanctions",
    "homeless",
]
BOOLS = [
    "cognitive_or_mental",
    "substance_or_addiction",
    "multiple_needs",
    "other_comparable",
    "difficulty_seeking_services",
    "need_due_to_old_age_only",
    "coordination_need",
    "commits_to_services",
    "uses_digital_services",
    "urgent",
    "over_75",
    "highest_care_allowance",
]
TODAY = date(2026, 6, 1)


def random_answers(rng: random.Random) -> dict[str, Any]:
    """A valid raw answer set, in the form a form or API would send it."""
    answers: dict[str, Any] = {key: rng.random() < 0.3 for key in BOOLS}
    answers["coping"] = rng.randint(1, 4)
    answers["functional_capacity"] = rng.choice(["good", "moderate", "poor"])
    answers["client_groups"] = rng.sample(GROUPS, rng.randint(0, 3))
    if rng.random() < 0.8:
        answers["pending_since"] = (TODAY - timedelta(days=rng.randint(0, 400))).isoformat()
    return answers


def bench_evaluate(n: int, repeats: int, seed: int) -> list[float]:
    instrument = load_default_instrument()
    rng = random.Random(seed)
    cases = [random_answers(rng) for _ in range(n)]
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for answers in cases:
            evaluate(instrument, answers, today=TODAY)
        rates.append(n / (time.perf_counter() - started))
    return rates


def bench_what_if(n: int, seed: int) -> tuple[float, dict[str, Any]]:
    current = load_default_instrument()
    # A realistic draft: "poor or moderate capacity and coping >= 2" becomes care clientship.
    text = DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8")
    text = text.replace("version: 1\n", "version: 2\n", 1).replace(
        "          - gte: [{answer: coping}, 3]", "          - gte: [{answer: coping}, 2]", 1
    )
    draft = load_instrument(text)
    rng = random.Random(seed + 1)
    cases = [(f"case-{i}", random_answers(rng)) for i in range(n)]
    started = time.perf_counter()
    report = what_if(current, draft, cases)
    elapsed = time.perf_counter() - started
    summary = {
        "changed_any": report.changed_any,
        "changed": report.changed,
        "causing_rules": report.causing_rules,
    }
    return elapsed, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20_000, help="answer sets per evaluate run")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--whatif", type=int, default=100_000, help="cases for what_if")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]}, instrument {load_default_instrument().rule_version}")
    rates = bench_evaluate(args.n, args.repeats, args.seed)
    median = statistics.median(rates)
    print(f"evaluate: {args.n} random answer sets x {args.repeats} repeats")
    print(f"  median {median:,.0f} evaluations/s (min {min(rates):,.0f}, max {max(rates):,.0f})")
    print(
        f"  median {1e6 / median:.1f} µs per evaluation; target >= 20 000/s: "
        f"{'OK' if median >= 20_000 else 'BELOW TARGET'}"
    )
    elapsed, summary = bench_what_if(args.whatif, args.seed)
    print(
        f"what_if: {args.whatif} cases, both versions: {elapsed:.2f} s "
        f"({args.whatif / elapsed:,.0f} cases/s)"
    )
    print(f"  changed {summary['changed_any']}: {summary['changed']}")
    print(f"  causing rules: {summary['causing_rules']}")


if __name__ == "__main__":
    main()
