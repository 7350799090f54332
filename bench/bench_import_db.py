"""Encounter import at scale: N generated rows through `run_import` into the database,
against bare driver inserts of the same rows, with both processes' peak memory; then a
unit-year statistics report over the imported encounters.

Targets (issue 5): 1 000 000 rows in <= 60 s, within 3x the bare insert, peak memory
<= 300 MB; a unit-year report over 1 000 000 encounters in <= 1 s on PostgreSQL.

The bare inserts use each driver's fastest bulk path, as the import does: executemany
on SQLite, COPY on PostgreSQL. (a) puts the file's rows, as text, into one unindexed
table; (b) puts exactly the rows the import wrote back into the same tables.

Usage:
  python bench/bench_import_db.py --rows 1000000                     # SQLite in a temp dir
  python bench/bench_import_db.py --rows 1000000 --workers           # a worker on every row
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tyonjako_bench python bench/bench_import_db.py
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tj_scale python bench/bench_import_db.py \
      --into-existing     # a further million rows into the 10 M database of bench_stats_db.py
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.production_env import use_production_settings  # noqa: E402

use_production_settings()

from bench.bench_whatif_db import prepare_postgres  # noqa: E402

UNITS = [f"OS{i}" for i in range(10)]
TYPES = ["käynti", "puhelu", "peruuttamaton", "kotikäynti", "etä", "muu"]


WORKERS = [f"tt{i}" for i in range(50)]


def generate(path: Path, rows: int, workers: bool = False, prefix: str = "S") -> None:
    rng = random.Random(2023)
    start = dt.date(2023, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "source_id",
                "date",
                "unit",
                *(["worker"] if workers else []),
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
                    f"{prefix}{i}",
                    (start + dt.timedelta(days=rng.randint(0, 364))).strftime("%d.%m.%Y"),
                    rng.choice(UNITS),
                    *([rng.choice(WORKERS)] if workers else []),
                    f"{prefix}C{(client := rng.randint(1, rows // 5 or 1))}",
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
    from django.contrib.auth.models import User

    from tyonjako.encounters.models import CodeValue
    from tyonjako.organisation.models import ServiceArea, Team, Unit, WellbeingArea, Worker

    area = WellbeingArea.objects.create(code="B", name_fi="B", name_sv="B")
    service_area = ServiceArea.objects.create(
        wellbeing_area=area, code="BS", name_fi="B", name_sv="B"
    )
    unit = Unit.objects.create(service_area=service_area, code="SAIR", name_fi="B", name_sv="B")
    for code in UNITS:
        Team.objects.create(unit=unit, code=code, name_fi=code, name_sv=code)
    for i, username in enumerate(WORKERS):
        Worker.objects.create(
            user=User.objects.create(username=username),
            role="counsellor" if i % 2 else "social_worker",
            job_title="counsellor" if i % 2 else "social_worker",
        )
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


def complete_existing_org() -> None:
    """A database built before (bench_stats_db.py's unit SAIR): the import's teams,
    workers and code values added where missing, nothing else touched."""
    from django.contrib.auth.models import User

    from tyonjako.encounters.models import CodeValue
    from tyonjako.organisation.models import Team, Unit, Worker

    unit = Unit.objects.get(code="SAIR")
    for code in UNITS:
        Team.objects.get_or_create(
            code=code, defaults={"unit": unit, "name_fi": code, "name_sv": code}
        )
    for i, username in enumerate(WORKERS):
        if not Worker.objects.filter(user__username=username).exists():
            Worker.objects.create(
                user=User.objects.get_or_create(username=username)[0],
                role="counsellor" if i % 2 else "social_worker",
                job_title="counsellor" if i % 2 else "social_worker",
            )
    wanted = [("reason", "", f"R{i}") for i in range(1, 13)]
    wanted += [("code", "local", f"K{i}") for i in range(1, 21)]
    wanted += [("partner", "", f"P{i}") for i in range(1, 11)]
    wanted += [("destination", "", f"D{i}") for i in range(1, 11)]
    for list_name, system, code in wanted:
        CodeValue.objects.get_or_create(
            list=list_name, system=system, code=code, defaults={"name_fi": code, "name_sv": code}
        )


def into_existing(rows: int) -> None:
    """A further import into a big database kept from before (issue 18 §4): the import and
    the recount of the months it wrote, timed, wall and CPU, with the load average. Each
    run adds fresh rows (source ids and clients of their own), so the database grows."""
    import os

    from django.db import connection

    from tyonjako.encounters.importer import ImportOptions, run_import
    from tyonjako.encounters.models import Encounter
    from tyonjako.encounters.tallies import refresh_tallies

    complete_existing_org()
    before = Encounter.objects.count()
    prefix = f"X{int(time.time())}-"
    path = Path(tempfile.mkdtemp()) / "export.csv"
    generate(path, rows, prefix=prefix)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    started, cpu = time.perf_counter(), time.process_time()
    result = run_import(path, ImportOptions())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    batch = result.batch
    print(
        f"import into {before} encounters ({connection.vendor}): {batch.rows_created} rows in "
        f"{elapsed:.1f} s, CPU here {cpu:.1f} s, status {batch.status}; load average {load}"
    )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    started, cpu = time.perf_counter(), time.process_time()
    refresh_tallies()
    print(
        f"monthly tallies and client sets recounted after it, as the import command does: "
        f"{time.perf_counter() - started:.1f} s, CPU here {time.process_time() - cpu:.1f} s; "
        f"load average {load}"
    )


def bare_insert(path: Path) -> float:
    """The file's rows with the driver alone: no parsing rules, no lookups, one table."""
    from django.db import connection, transaction

    with path.open(encoding="utf-8") as handle:
        width = len(next(csv.reader(handle)))
    columns = ", ".join(f"c{i} varchar(80)" for i in range(width))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_bare ({columns})")
    started = time.perf_counter()
    with transaction.atomic(), path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        insert_rows("bench_bare", [f"c{i}" for i in range(width)], reader)
    return time.perf_counter() - started


def insert_rows(table: str, columns: list[str], rows: Iterable[Sequence[object]]) -> None:
    """Rows into a table by the driver's fastest bulk path: COPY or executemany."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        batch: list[Sequence[object]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


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


def bare_insert_tables(
    taken: dict[str, tuple[list[str], list[tuple[object, ...]]]],
) -> dict[str, float]:
    """The rows the import wrote, inserted again into the same tables (same indexes) by the
    driver's fastest bulk path in one transaction: what the database itself costs for
    them. Seconds per table."""
    from django.db import transaction

    seconds = {}
    with transaction.atomic():
        for table in WRITTEN_TABLES:
            columns, rows = taken[table]
            started = time.perf_counter()
            insert_rows(table, columns, rows)
            seconds[table] = time.perf_counter() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", action="store_true", help="a worker column on every row")
    parser.add_argument(
        "--into-existing",
        action="store_true",
        help="import into the database built by bench_stats_db.py (kept, not emptied)",
    )
    args = parser.parse_args()
    if not args.into_existing:
        prepare_postgres()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if args.into_existing:
        into_existing(args.rows)
        return
    setup_org()
    path = Path(tempfile.mkdtemp()) / "export.csv"
    generate(path, args.rows, workers=args.workers)
    from auditlog.models import LogEntry

    from tyonjako.encounters.importer import ImportOptions, run_import

    log_before = LogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    started = time.perf_counter()
    result = run_import(path, ImportOptions())
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The parsing process's own peak (its rusage would count the memory it shared
    # with this process between fork and exec).
    child_mb = (result.parser_peak_kb or 0) / 1024
    batch = result.batch
    vendor = connection.vendor
    print(
        f"import ({vendor}{', workers' if args.workers else ''}): {batch.rows_created} rows in "
        f"{elapsed:.1f} s ({batch.rows_created / elapsed:,.0f} rows/s), status {batch.status}, "
        f"peak RSS {peak_mb:.0f} MB + parsing process {child_mb:.0f} MB = "
        f"{peak_mb + child_mb:.0f} MB"
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
        f"(a) bare driver insert of the file's rows into one unindexed table ({vendor}): "
        f"{bare:.1f} s; ratio {elapsed / bare:.1f}x"
    )
    taken = take_written_rows(log_before)
    seconds = bare_insert_tables(taken)
    again = sum(seconds.values())
    count = sum(len(rows) for _columns, rows in taken.values())
    print(
        f"(b) bare driver insert of the {count} rows the import wrote, into the same tables "
        f"({vendor}): {again:.1f} s; ratio {elapsed / again:.1f}x"
    )
    encounters = seconds["encounters_encounter"]
    print(
        f"(c) of which the {len(taken['encounters_encounter'][1])} encounter rows alone, into "
        f"their table ({vendor}): {encounters:.1f} s; ratio {elapsed / encounters:.1f}x"
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
