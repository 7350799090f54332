"""Encounter statistics at county scale: `unit_statistics` for one unit and one
year over N encounters. Target: 1 000 000 encounters in <= 1 s (median) on
PostgreSQL. The one-off recount of the monthly tallies after the encounters are
written is timed apart (the importer does it at the end of an import).

Usage:
  python bench/bench_stats_db.py [--rows 1000000] [--repeats 5]        # SQLite in a temp dir
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tyonjako_statsbench python bench/bench_stats_db.py
The PostgreSQL database is created if missing and emptied first. With --reuse an
existing benchmark database (PostgreSQL, or SQLite in TYONJAKO_DATA_DIR) is
timed again without building it anew.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.production_env import use_production_settings  # noqa: E402

use_production_settings()

from bench.bench_whatif_db import prepare_postgres  # noqa: E402

UNIT = "SAIR"
TEAMS = 10
YEAR_START = dt.date(2023, 1, 1)
YEAR_END = dt.date(2023, 12, 31)
STAMP = "2023-01-01 00:00:00"
CONTACT_TYPES = ["visit", "visit", "visit", "phone", "phone", "no_show", "home_visit", "remote"]
BANDS = ["lt15", "15_29", "30_59", "60_89", "ge90", ""]
PROVIDERS = ["public", "public", "public", "private", ""]
GENDERS = ["female", "male", "other", "unknown"]
EMPLOYMENTS = ["unemployed", "retired", "student", "employed", "sick_leave", "unknown"]
LANGUAGES = ["fi", "fi", "fi", "sv", "other"]
# How many values each code list gets, as the brief of the benchmark asks.
CODE_LISTS = {
    "reason": 12,
    "target_group": 4,
    "code": 20,
    "partner": 10,
    "destination": 10,
    "referral_source": 6,
}

ENCOUNTER_COLUMNS = (
    "id",
    "source_system",
    "source_id",
    "date",
    "unit_id",
    "team_id",
    "client_id",
    "contact_type",
    "duration_min",
    "duration_band",
    "reason_id",
    "target_group_id",
    "referred_by_id",
    "provider",
    "task_code",
    "task_flag",
    "row_hash",
    "created_at",
    "updated_at",
)
CLIENT_COLUMNS = (
    "id",
    "key",
    "birth_year",
    "gender",
    "language",
    "municipality",
    "employment",
    "team_id",
    "status",
    "pending_since",
    "segment",
    "created_at",
)
LINK_COLUMNS = ("encounter_id", "role", "value_id")


def build_organisation() -> tuple[int, list[int]]:
    """One wellbeing area, service area and unit SAIR with its teams: (unit id, team ids)."""
    from tyonjako.organisation.models import ServiceArea, Team, Unit, WellbeingArea

    area = WellbeingArea.objects.create(code="SA", name_fi="S", name_sv="S")
    service_area = ServiceArea.objects.create(
        wellbeing_area=area, code="SAS", name_fi="S", name_sv="S"
    )
    unit = Unit.objects.create(service_area=service_area, code=UNIT, name_fi="S", name_sv="S")
    teams = Team.objects.bulk_create(
        [
            Team(unit=unit, code=f"{UNIT}-T{i}", name_fi=f"T{i}", name_sv=f"T{i}")
            for i in range(TEAMS)
        ]
    )
    return unit.pk, [team.pk for team in teams]


def build_code_values() -> dict[str, list[int]]:
    """The code lists: value ids per list."""
    from tyonjako.encounters.models import CodeValue

    values = [
        CodeValue(
            list=list_name,
            system="local" if list_name == "code" else "",
            code=f"{list_name[:3].upper()}{i}",
            name_fi=f"{list_name} {i}",
            name_sv=f"{list_name} {i}",
        )
        for list_name, size in CODE_LISTS.items()
        for i in range(1, size + 1)
    ]
    CodeValue.objects.bulk_create(values)
    ids: dict[str, list[int]] = {name: [] for name in CODE_LISTS}
    for pk, list_name in CodeValue.objects.values_list("pk", "list"):
        ids[list_name].append(pk)
    return ids


def client_rows(n: int, team_ids: list[int], rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i in range(1, n + 1):
        yield (
            i,
            f"S-{i}",
            None if rng.random() < 0.03 else rng.randint(1925, 2005),
            rng.choice(GENDERS),
            rng.choice(LANGUAGES),
            "",
            rng.choice(EMPLOYMENTS),
            team_ids[i % len(team_ids)],
            "active",
            YEAR_START.isoformat(),
            "",
            STAMP,
        )


def maybe(rng: random.Random, ids: list[int], missing: float) -> int | None:
    return None if rng.random() < missing else rng.choice(ids)


def encounter_rows(
    n: int, n_clients: int, unit_id: int, team_ids: list[int], codes: dict[str, list[int]]
) -> Iterator[tuple[Any, ...]]:
    """Encounters spread over the year and the teams; each client stays in one team."""
    rng = random.Random(2026)
    days = (YEAR_END - YEAR_START).days
    for i in range(1, n + 1):
        client = rng.randint(1, n_clients)
        band = rng.choice(BANDS)
        yield (
            i,
            "bench",
            f"E{i}",
            (YEAR_START + dt.timedelta(days=rng.randint(0, days))).isoformat(),
            unit_id,
            team_ids[client % len(team_ids)],
            client,
            rng.choice(CONTACT_TYPES),
            None if band == "" else rng.randint(5, 120),
            band,
            maybe(rng, codes["reason"], 0.1),
            maybe(rng, codes["target_group"], 0.2),
            maybe(rng, codes["referral_source"], 0.5),
            rng.choice(PROVIDERS),
            "",
            "",
            "",
            STAMP,
            STAMP,
        )


def link_rows(n: int, codes: dict[str, list[int]]) -> Iterator[tuple[Any, ...]]:
    """About 60 % of encounters have a code, 40 % a partner and 30 % an onward referral."""
    rng = random.Random(2027)
    for encounter_id in range(1, n + 1):
        if rng.random() < 0.6:
            yield (encounter_id, "code", rng.choice(codes["code"]))
        if rng.random() < 0.4:
            yield (encounter_id, "partner", rng.choice(codes["partner"]))
        if rng.random() < 0.3:
            yield (encounter_id, "destination", rng.choice(codes["destination"]))


def insert(table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, executemany in batches on SQLite: never the ORM row by row."""
    from django.db import connection

    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(["%s"] * len(columns))})'
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20_000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def reset_sequences() -> None:
    """Rows were inserted with explicit ids: PostgreSQL's sequences must catch up."""
    from django.core.management.color import no_style
    from django.db import connection

    from tyonjako.clients.models import Client
    from tyonjako.encounters.models import Encounter, EncounterLink

    statements = connection.ops.sequence_reset_sql(no_style(), [Client, Encounter, EncounterLink])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def build(rows: int, clients: int | None = None) -> None:
    from django.db import connection, transaction

    started = time.perf_counter()
    unit_id, team_ids = build_organisation()
    codes = build_code_values()
    n_clients = clients or max(1, rows // 5)
    with transaction.atomic():
        insert("clients_client", CLIENT_COLUMNS, client_rows(n_clients, team_ids, random.Random(1)))
        insert(
            "encounters_encounter",
            ENCOUNTER_COLUMNS,
            encounter_rows(rows, n_clients, unit_id, team_ids, codes),
        )
        insert("encounters_encounterlink", LINK_COLUMNS, link_rows(rows, codes))
        # Written past the ORM, as the importer does: the months are marked by hand.
        from tyonjako.encounters.tallies import mark_stale

        mark_stale((unit_id, YEAR_START.replace(month=month)) for month in range(1, 13))
    reset_sequences()
    with connection.cursor() as cursor:
        # On PostgreSQL VACUUM too: a fresh table's visibility map is empty until
        # then (no index-only scans), unlike a long-lived database's.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"setup: {n_clients} clients, {rows} encounters with links stored in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )


def median_time(label: str, run: Callable[[], dict[str, Any]], repeats: int) -> None:
    """Wall and CPU time of this process (on PostgreSQL the server's CPU is not in it),
    with the load average: the machine may be shared."""
    timings = []
    cpu = []
    report: dict[str, Any] = {}
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        report = run()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(
        f"{label} over {report['contacts']['total']} encounters, {report['clients']} clients: "
        f"median {statistics.median(timings):.2f} s "
        f"(min {min(timings):.2f}, max {max(timings):.2f}), "
        f"CPU here median {statistics.median(cpu):.2f} s; load average {load_average()}"
    )


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, help="default: one client per five encounters")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="time an existing benchmark database")
    args = parser.parse_args()
    if not args.reuse:
        prepare_postgres()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tyonjako.encounters.stats import StatsFilter, unit_statistics
    from tyonjako.encounters.tallies import refresh_tallies, stale_months
    from tyonjako.organisation.models import Unit

    call_command("migrate", verbosity=0)
    if not (args.reuse and Unit.objects.filter(code=UNIT).exists()):
        build(args.rows, args.clients)
    print(f"database: {connection.vendor}")
    started, started_cpu = time.perf_counter(), time.process_time()
    months = len(stale_months())
    refresh_tallies()
    print(
        f"monthly tallies of {months} stale months recounted in "
        f"{time.perf_counter() - started:.2f} s, "
        f"CPU here {time.process_time() - started_cpu:.2f} s "
        f"(once, after the encounters were written); load average {load_average()}"
    )
    median_time(
        "unit-year report",
        lambda: unit_statistics(StatsFilter(UNIT, YEAR_START, YEAR_END)),
        args.repeats,
    )
    median_time(
        "team-year report",
        lambda: unit_statistics(StatsFilter(f"{UNIT}-T0", YEAR_START, YEAR_END)),
        args.repeats,
    )
    from tyonjako.reports.door import Period, ReportScope
    from tyonjako.reports.encounters import reports_for

    def through_the_door() -> dict[str, Any]:
        scope = ReportScope.for_command(Period(YEAR_START, YEAR_END), suppress=True)
        return reports_for(scope, [UNIT])[0]

    median_time(
        "unit-year report through the door (scope + suppression)", through_the_door, args.repeats
    )


if __name__ == "__main__":
    main()
