"""What-if over stored assessments: load N assessments from the database and
compare the county version with a draft. Target: 100 000 in <= 10 s on SQLite
and on PostgreSQL.

Usage:
  python bench/bench_whatif_db.py [--n 100000] [--repeats 3]             # SQLite in a temp dir
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tyonjako_bench python bench/bench_whatif_db.py
The PostgreSQL database is created if missing and emptied first.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TYONJAKO_DATA_DIR", tempfile.mkdtemp(prefix="tyonjako-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyonjako.settings")

from bench.bench_routing import random_answers  # noqa: E402


def prepare_postgres() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    prepare_postgres()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from tyonjako.assessments.engine import DEFAULT_INSTRUMENT_PATH, evaluate, load_instrument
    from tyonjako.assessments.models import Assessment, AssessmentStatus, InstrumentVersion
    from tyonjako.assessments.reports import what_if_stored
    from tyonjako.clients.models import Client
    from tyonjako.common.clock import today
    from tyonjako.organisation.models import ServiceArea, Team, Unit, WellbeingArea

    area = WellbeingArea.objects.create(code="B", name_fi="B", name_sv="B")
    service_area = ServiceArea.objects.create(
        wellbeing_area=area, code="BS", name_fi="B", name_sv="B"
    )
    unit = Unit.objects.create(service_area=service_area, code="BU", name_fi="B", name_sv="B")
    team = Team.objects.create(unit=unit, code="BT", name_fi="B", name_sv="B")
    user = get_user_model().objects.create(username="bench")
    version = InstrumentVersion.objects.get(version=1)
    current = version.instrument()
    rng = random.Random(2026)
    started = time.perf_counter()
    clients = Client.objects.bulk_create(
        [Client(key=f"B-{i}", team=team, pending_since=today()) for i in range(args.n)],
        batch_size=5000,
    )
    rows = []
    for client in clients:
        answers = random_answers(rng)
        result = evaluate(current, answers)
        rows.append(
            Assessment(
                client=client,
                version=version,
                status=AssessmentStatus.RECOMMENDED,
                answers=answers,
                result=None,
                rec_segment=result.segment,
                assessed_by=user,
            )
        )
    Assessment.objects.bulk_create(rows, batch_size=5000)
    print(
        f"setup: {args.n} assessments stored in {time.perf_counter() - started:.1f} s "
        f"({connection.vendor})"
    )

    source = DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8")
    # The same realistic draft as bench_routing.py: care clientship from coping >= 2.
    draft = load_instrument(
        source.replace("version: 1\n", "version: 2\n", 1).replace(
            "          - gte: [{answer: coping}, 3]", "          - gte: [{answer: coping}, 2]", 1
        )
    )
    timings = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        report = what_if_stored(current, draft, [team.pk])
        timings.append(time.perf_counter() - started)
    print(
        f"what-if over {report.total} stored assessments ({connection.vendor}): "
        f"median {statistics.median(timings):.2f} s "
        f"(min {min(timings):.2f}, max {max(timings):.2f}); "
        f"{report.changed_any} would change"
    )


if __name__ == "__main__":
    main()
