"""Benchmark of the caseload ranking: weighted_loads() and suggest_workers().

Usage: python bench/bench_ranking.py [--workers 500] [--teams 10]
       [--assignments 100000] [--repeats 1000] [--seed 2026]
Target: suggest_workers() for one client among 500 workers well under 5 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tyonjako.caseload.rules import (
    CaseloadWeights,
    ClientFacts,
    WorkerFacts,
    suggest_workers,
    weighted_loads,
)

SEGMENTS = (None, "care", "cooperation", "guidance", "self_service")
PROFESSIONS = ("social_worker", "counsellor", "health_care", "other")


def make_workers(rng: random.Random, count: int, teams: int) -> list[WorkerFacts]:
    workers = []
    for worker_id in range(1, count + 1):
        team = f"T{worker_id % teams:02d}"
        extra = {f"T{rng.randrange(teams):02d}"} if rng.random() < 0.1 else set()
        workers.append(
            WorkerFacts(
                id=worker_id,
                name=f"Worker {worker_id:04d}",
                profession=rng.choices(PROFESSIONS, weights=(45, 45, 5, 5))[0],
                languages=frozenset({"fi"} | ({"sv"} if rng.random() < 0.2 else set())),
                fte=rng.choice((1.0, 1.0, 1.0, 0.8, 0.6, 0.5)),
                team_codes=frozenset({team} | extra),
                active=rng.random() < 0.95,
                public_office=True,
            )
        )
    return workers


def make_client(workers: list[WorkerFacts]) -> ClientFacts:
    team = [w for w in workers if "T03" in w.team_codes]
    return ClientFacts(
        id=1,
        key="T03-000001",
        team_code="T03",
        language="sv",
        pending_since=date(2026, 11, 2),
        special_support=True,
        segment="care",
        required_professional="either",
        pair_required=True,
        assessment_state="decided",
        assessment_started_on=date(2026, 11, 4),
        assessment_decided_on=date(2026, 11, 20),
        assessment_start_deadline=date(2026, 11, 11),
        personal_worker=next(w for w in team if w.profession == "counsellor"),
        personal_worker_since=date(2026, 11, 20),
        health_care_justification=False,
        pairs=(),
        earlier_worker_ids=frozenset(w.id for w in team[:3]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=500)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--assignments", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    workers = make_workers(rng, args.workers, args.teams)
    by_id = {w.id: w for w in workers}
    rows = [
        (
            rng.randrange(1, args.workers + 1),
            rng.choice(SEGMENTS),
            "pair" if rng.random() < 0.25 else "personal_worker",
        )
        for _ in range(args.assignments)
    ]
    client = make_client(workers)
    weights = CaseloadWeights.default()

    start = time.perf_counter()
    loads = weighted_loads(rows, by_id, weights)
    loads_seconds = time.perf_counter() - start

    timings: dict[str, list[float]] = {"personal_worker": [], "pair": []}
    for role, samples in timings.items():
        for _ in range(args.repeats):
            start = time.perf_counter()
            result = suggest_workers(client, workers, loads, role=role)
            samples.append(time.perf_counter() - start)
        assert result.eligible, role

    print(
        f"{args.workers} workers in {args.teams} teams, {args.assignments:,} assignments, "
        f"Python {sys.version.split()[0]}"
    )
    print(f"weighted_loads (once):          {loads_seconds * 1000:8.2f} ms")
    for role, samples in timings.items():
        median, low, high = statistics.median(samples), min(samples), max(samples)
        print(
            f"suggest_workers role={role:<15} median {median * 1e6:7.1f} µs "
            f"(min {low * 1e6:.1f}, max {high * 1e6:.1f}; {args.repeats} repeats)"
        )


if __name__ == "__main__":
    main()
