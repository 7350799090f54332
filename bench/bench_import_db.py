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
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Production settings: with DEBUG on, Django keeps every query's text (for a
# look-up of 2 000 keys, tens of kilobytes each) and the import is measured with
# a cost no installation has.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("TYONJAKO_PSEUDONYM_KEY", secrets.token_urlsafe(32))
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
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_bare (source_id varchar(80), date varchar(10), unit varchar(40), "
            "client varchar(40), gender varchar(10), contact_type varchar(20), duration integer, "
            "reason varchar(40), codes varchar(80), partners varchar(80), referred_to varchar(80), "
            "provider varchar(10))"
        )
    started = time.perf_counter()
    with transaction.atomic(), path.open(encoding="utf-8") as handle, connection.cursor() as cursor:
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
    return time.perf_counter() - started


WRITTEN_TABLES = (
    "clients_client",
    "encounters_encounter",
    "encounters_encounterlink",
    "auditlog_logentry",
)


def take_written_rows(log_before: int) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every row the import wrote, table by table, then delete them (to insert them again)."""
    from django.db import connection, transaction

    taken = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for table in WRITTEN_TABLES:
            where = f" WHERE id > {log_before}" if table == "auditlog_logentry" else ""
            cursor.execute(f"SELECT * FROM {table}{where}")
            columns = [d[0] for d in cursor.description]
            taken[table] = (
                columns,
                [tuple(_as_param(v) for v in row) for row in cursor.fetchall()],
            )
        for table in reversed(WRITTEN_TABLES):
            where = f" WHERE id > {log_before}" if table == "auditlog_logentry" else ""
            cursor.execute(f"DELETE FROM {table}{where}")
    return taken


def _as_param(value: object) -> object:
    if isinstance(value, dict | list):
        from django.db import connection

        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb(value)
        import json

        return json.dumps(value)
    return value


def bare_insert_tables(taken: dict[str, tuple[list[str], list[tuple[object, ...]]]]) -> float:
    """The rows the import wrote, inserted again into the same tables (same indexes) with the
    driver's executemany in one transaction: what the database itself costs for them."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in WRITTEN_TABLES:
            columns, rows = taken[table]
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            for start in range(0, len(rows), 5000):
                cursor.executemany(sql, rows[start : start + 5000])
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
    from auditlog.models import LogEntry

    from tyonjako.encounters.importer import ImportOptions, run_import

    log_before = LogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    started = time.perf_counter()
    result = run_import(path, ImportOptions())
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    batch = result.batch
    vendor = connection.vendor
    print(
        f"import ({vendor}): {batch.rows_created} rows in {elapsed:.1f} s "
        f"({batch.rows_created / elapsed:,.0f} rows/s), status {batch.status}, "
        f"peak RSS {peak_mb:.0f} MB (+ parsing process {child_mb:.0f} MB)"
    )
    from tyonjako.encounters.tallies import refresh_tallies

    began = time.perf_counter()
    refresh_tallies()
    print(
        f"monthly tallies recounted after the import, as the import command does ({vendor}): "
        f"{time.perf_counter() - began:.1f} s"
    )
    bare = bare_insert(path)
    print(
        f"bare driver insert of the file's rows into one unindexed table ({vendor}): "
        f"{bare:.1f} s; ratio {elapsed / bare:.1f}x"
    )
    taken = take_written_rows(log_before)
    again = bare_insert_tables(taken)
    count = sum(len(rows) for _columns, rows in taken.values())
    print(
        f"bare driver insert of the {count} rows the import wrote, into the same tables "
        f"({vendor}): {again:.1f} s; ratio {elapsed / again:.1f}x"
    )
    with connection.cursor() as cursor:
        # Baseline (b) deleted every written row and inserted it again: on
        # PostgreSQL a dead copy of each stays until a vacuum, which a live
        # database's autovacuum would have run by then.
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
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
