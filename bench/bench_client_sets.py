"""The distinct clients of a unit-year by profile, two ways, on a kept benchmark database:
the plain semi-join of the year's encounters with the clients (how the report counted
them before the monthly client sets) against the union of the months' sets. Wall and
CPU time of this process (SQLite runs inside it; PostgreSQL's server CPU is not in it)
and the load average, so that a shared machine's figures can be read.

Usage (after bench_stats_db.py has built and recounted the database):
  TYONJAKO_DATA_DIR=benchdata/sqlite1m .venv/bin/python bench/bench_client_sets.py
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tj_scale \
      .venv/bin/python bench/bench_client_sets.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.production_env import use_production_settings  # noqa: E402

use_production_settings()


def timed(label: str, run: Callable[[], Any], repeats: int) -> Any:
    wall, cpu = [], []
    result = None
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{label}: median {statistics.median(wall):.2f} s (min {min(wall):.2f}), "
        f"CPU here median {statistics.median(cpu):.2f} s; load average {load}"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", default="SAIR")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from tyonjako.encounters import stats
    from tyonjako.encounters.stats import StatsFilter

    flt = StatsFilter(args.unit, dt.date(args.year, 1, 1), dt.date(args.year, 12, 31))
    place = stats.find_place(args.unit)
    print(f"database: {connection.vendor}")
    plain = timed(
        "distinct clients by profile, semi-join of the year's encounters",
        lambda: stats._client_sums(flt.queryset()),
        args.repeats,
    )
    fast = timed(
        "distinct clients by profile, union of the months' client sets",
        lambda: stats._distinct_client_sums(flt, place),
        args.repeats,
    )
    print(f"equal: {plain == fast}; clients: {sum(fast['gender'].values())}")


if __name__ == "__main__":
    main()
