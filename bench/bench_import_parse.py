"""Benchmark of the pure encounter import layer: read, map and normalise rows.

Generates a semicolon CSV export (the example profile's headers, cp1252 like
many record-system exports) of N rows in a temporary directory, then runs
``iter_import`` over it and reports rows per second and peak memory.

Usage: python bench/bench_import_parse.py [--rows 1000000] [--seed 2026]
       [--encoding cp1252|utf-8] [--tracemalloc] [--keep PATH]

Peak memory is the process's maximum resident set size (whole interpreter);
with --tracemalloc a second pass also measures the Python heap peak of the
import alone (tracemalloc slows Python down several times, so it is off by
default and the timing always comes from the untraced pass).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tyonjako.encounters.importing import (
    ImportContext,
    NormalisedRow,
    iter_import,
    load_builtin_profile,
)

HEADER = [
    "Tapahtuman tunniste",
    "Käyntipäivä",
    "Toimipiste",
    "Työntekijä",
    "Asiakasnumero",
    "Sukupuoli",
    "Syntymävuosi",
    "Yhteystapa",
    "Kesto (min)",
    "Asiointiperuste",
    "Kohdejoukko",
    "RS-koodit",
    "Yhteistyötahot",
    "Raportointipäivä",
]
UNITS = ["Terveysasema Töölö", "Terveysasema Kallio", "Sote-keskus Åbo", "TSO Keskussairaala"]
CONTACTS = ["Vastaanottokäynti", "Puhelinkontakti", "Peruuttamaton poissaolo", "Kotikäynti", "etä"]
REASONS = ["toimeentulo", "asuminen", "päihteet", "työllistyminen", "etuudet", "yksinäisyys"]
GROUPS = ["aikuiset", "ikääntyneet", "perheasiakkuus", "nuoret"]
PARTNERS = ["Kela", "TE-toimisto", "Seurakunta", "Vuokrataloyhtiö", "Edunvalvonta", "Verve"]
TODAY = dt.date(2026, 6, 1)


def generate(rows: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    yield ";".join(HEADER) + "\n"
    for i in range(rows):
        day = start + dt.timedelta(days=rng.randrange(700))
        when = f"{day.day}.{day.month}.{day.year}"
        if rng.random() < 0.5:
            when += f" {rng.randrange(8, 16)}:{rng.choice(('00', '15', '30', '45'))}"
        codes = "|".join(f"RS{rng.randrange(100, 140)}" for _ in range(rng.randrange(0, 3)))
        if rng.random() < 0.2:
            codes += ("|" if codes else "") + "ICD10:Z59.0"
        partners = "|".join(rng.sample(PARTNERS, rng.randrange(0, 3)))
        yield (
            ";".join(
                [
                    f"T{i}" if rng.random() < 0.7 else "",
                    when,
                    rng.choice(UNITS),
                    f"tyontekija{rng.randrange(40)}",
                    f"A{rng.randrange(200_000)}",
                    rng.choice(("N", "M", "", "nainen", "mies")),
                    str(rng.randrange(1930, 2006)),
                    rng.choice(CONTACTS),
                    str(rng.choice((5, 10, 20, 30, 45, 60, 90))),
                    rng.choice(REASONS),
                    rng.choice(GROUPS),
                    codes,
                    partners,
                    "31.5.2026",
                ]
            )
            + "\n"
        )


def run(path: Path, ctx: ImportContext) -> tuple[int, int]:
    profile = load_builtin_profile("potilastietojarjestelma-tilasto")
    good = bad = 0
    for _, result in iter_import(path, ctx, profile=profile):
        if isinstance(result, NormalisedRow):
            good += 1
        else:
            bad += 1
    return good, bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--encoding", default="cp1252")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the generated file here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "encounters.csv"
        started = time.perf_counter()
        with path.open("w", encoding=args.encoding, newline="") as out:
            out.writelines(generate(args.rows, args.seed))
        size = path.stat().st_size
        print(
            f"generated {args.rows:,} rows, {size / 1e6:.1f} MB ({args.encoding}) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        ctx = ImportContext(pseudonym_secret=b"bench-secret", today=TODAY)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        good, bad = run(path, ctx)
        elapsed = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"parsed {good + bad:,} rows ({good:,} good, {bad:,} with errors) in {elapsed:.1f} s")
        print(f"throughput: {(good + bad) / elapsed:,.0f} rows/s")
        print(f"peak RSS: {rss_after / 1024:.1f} MB (before the import {rss_before / 1024:.1f} MB)")
        if args.tracemalloc:
            tracemalloc.start()
            run(path, ctx)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"tracemalloc peak of the import: {peak / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
