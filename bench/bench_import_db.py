"""Encounter import at scale: N generated rows through `run_import` into the database,
against a bare driver insert of the same rows, with the process's peak memory; then a
unit-year statistics report over the imported encounters.

Targets (issue 5): 1 000 000 rows in <= 60 s, within 3x the bare insert, peak memory
<= 300 MB; a unit-year report over 1 000 000 encounters in <= 1 s on PostgreSQL.

Usage:
  python bench/bench_import_db.py --rows 1000000                     # SQLite in a temp dir
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tyonjako_bench python bench/bench_import_db.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TYONJAKO_DATA_DIR", tempfile.mkdtemp(prefix="tyonjako-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyonjako.settings")

from bench.bench_whatif_db import prepare_postgres  # noqa: E402

UNITS = [f"OS{i}" for i in range(10)]
TYPES = ["käynti", "puhelu", "peruuttamaton", "kotikäynti", "etä", "muu"]


def generate(path: Path, rows: int) -> None:
    rng = random.Random(2023)
    start = dt.date(2023, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "source_id",
                "date",
                "unit",
                "client",
                "client_gender",
                "contact_type",
                "duration_min",
                "reason",
                "codes",
                "partners",
                "referred_to",
                "provider",
            ]
        )
        for i in range(rows):
            out.writerow(
                [
                    f"S{i}",
                    (start + dt.timedelta(days=rng.randint(0, 364))).strftime("%d.%m.%Y"),
                    rng.choice(UNITS),
                    f"C{(client := rng.randint(1, rows // 5 or 1))}",
                    # A client's attributes stay the same across rows.
                    "nainen" if client % 2 else "mies",
                    rng.choice(TYPES),
                    rng.randint(5, 90),
                    f"R{rng.randint(1, 12)}",
                    f"local:K{rng.randint(1, 20)}" if rng.random() < 0.6 else "",
                    f"P{rng.randint(1, 10)}" if rng.random() < 0.4 else "",
                    f"D{rng.randint(1, 10)}" if rng.random() < 0.3 else "",
                    "julkinen",
                ]
            )


def setup_org() -> None:
    from tyonjako.encounters.models import CodeValue
    from tyonjako.organisation.models import ServiceArea, Team, Unit, WellbeingArea

    area = WellbeingArea.objects.create(code="B", name_fi="B", name_sv="B")
    service_area = ServiceArea.objects.create(
        wellbeing_area=area, code="BS", name_fi="B", name_sv="B"
    )
    unit = Unit.objects.create(service_area=service_area, code="SAIR", name_fi="B", name_sv="B")
    for code in UNITS:
        Team.objects.create(unit=unit, code=code, name_fi=code, name_sv=code)
    values = [
        CodeValue(list="reason", code=f"R{i}", name_fi="r", name_sv="r") for i in range(1, 13)
    ]
    values += [
        CodeValue(list="code", system="local", code=f"K{i}", name_fi="k", name_sv="k")
        for i in range(1, 21)
    ]
    values += [
        CodeValue(list="partner", code=f"P{i}", name_fi="p", name_sv="p") for i in range(1, 11)
    ]
    values += [
        CodeValue(list="destination", code=f"D{i}", name_fi="d", name_sv="d") for i in range(1, 11)
    ]
    CodeValue.objects.bulk_create(values)


def bare_insert(path: Path) -> float:
    """The same rows with the driver alone: no parsing rules, no lookups, one table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_bare (source_id varchar(80), date varchar(10), unit varchar(40), "
            "client varchar(40), gender varchar(10), contact_type varchar(20), duration integer, "
            "reason varchar(40), codes varchar(80), partners varchar(80), referred_to varchar(80), "
            "provider varchar(10))"
        )
    started = time.perf_counter()
    with path.open(encoding="utf-8") as handle, connection.cursor() as cursor:
        reader = csv.reader(handle)
        next(reader)
        batch = []
        for row in reader:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(
                    "INSERT INTO bench_bare VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", batch
                )
                batch = []
        if batch:
            cursor.executemany(
                "INSERT INTO bench_bare VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)", batch
            )
    connection.commit() if not connection.get_autocommit() else None
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    prepare_postgres()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    setup_org()
    path = Path(tempfile.mkdtemp()) / "export.csv"
    generate(path, args.rows)
    from tyonjako.encounters.importer import ImportOptions, run_import

    started = time.perf_counter()
    result = run_import(path, ImportOptions())
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    batch = result.batch
    print(
        f"import ({connection.vendor}): {batch.rows_created} rows in {elapsed:.1f} s "
        f"({batch.rows_created / elapsed:,.0f} rows/s), status {batch.status}, "
        f"peak RSS {peak_mb:.0f} MB"
    )
    bare = bare_insert(path)
    print(
        f"bare driver insert of the same rows ({connection.vendor}): {bare:.1f} s; "
        f"ratio {elapsed / bare:.1f}x"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from tyonjako.encounters.stats import StatsFilter, unit_statistics

    timings = []
    for _ in range(3):
        began = time.perf_counter()
        unit_statistics(StatsFilter("SAIR", dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
        timings.append(time.perf_counter() - began)
    print(
        f"unit-year report over {batch.rows_created} encounters ({connection.vendor}): "
        f"median {sorted(timings)[1]:.2f} s"
    )


if __name__ == "__main__":
    main()
