"""Caseload at county scale: suggestions for one client with 500 workers and
100 000 clients (target <= 50 ms), and a compliance run over 100 000 clients
(target <= 5 s on PostgreSQL).

Usage:
  python bench/bench_caseload_db.py                                  # SQLite in a temp dir
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tyonjako_bench python bench/bench_caseload_db.py
The PostgreSQL database is created if missing and emptied first.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

from bench.bench_whatif_db import prepare_postgres  # noqa: E402

SEGMENTS = ["care", "cooperation", "guidance", "self_service"]
WORKER_FOR = {
    "care": "social_worker",
    "cooperation": "either",
    "guidance": "counsellor",
    "self_service": "counsellor",
}


def build(n_clients: int, n_teams: int, per_team: int) -> None:
    from django.contrib.auth import get_user_model

    from tyonjako.assessments.models import Assessment, AssessmentStatus, InstrumentVersion
    from tyonjako.caseload.models import Assignment
    from tyonjako.clients.models import Client
    from tyonjako.common.clock import now, today
    from tyonjako.organisation.models import (
        ServiceArea,
        Team,
        TeamMembership,
        Unit,
        WellbeingArea,
        Worker,
    )

    rng = random.Random(2026)
    users = get_user_model()
    area = WellbeingArea.objects.create(code="B", name_fi="B", name_sv="B")
    service_area = ServiceArea.objects.create(
        wellbeing_area=area, code="BS", name_fi="B", name_sv="B"
    )
    unit = Unit.objects.create(service_area=service_area, code="BU", name_fi="B", name_sv="B")
    teams = Team.objects.bulk_create(
        [Team(unit=unit, code=f"T{i}", name_fi=f"T{i}", name_sv=f"T{i}") for i in range(n_teams)]
    )
    accounts = users.objects.bulk_create(
        [users(username=f"w{i}") for i in range(n_teams * per_team)]
    )
    workers = Worker.objects.bulk_create(
        [
            Worker(
                user=account,
                role="social_worker" if i % 3 == 0 else "counsellor",
                job_title="social_worker" if i % 3 == 0 else "counsellor",
                licence="social_worker" if i % 3 == 0 else "sosionomi",
                languages=["fi", "sv"] if i % 4 == 0 else ["fi"],
                fte=1,
            )
            for i, account in enumerate(accounts)
        ]
    )
    start = today() - dt.timedelta(days=400)
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(worker=w, team=teams[i // per_team], start=start)
            for i, w in enumerate(workers)
        ]
    )
    by_team = {
        team.pk: [w for i, w in enumerate(workers) if i // per_team == index]
        for index, team in enumerate(teams)
    }
    clients = Client.objects.bulk_create(
        [
            Client(
                key=f"B-{i}",
                team=teams[i % n_teams],
                language="sv" if i % 5 == 0 else "fi",
                pending_since=today() - dt.timedelta(days=rng.randint(0, 700)),
                assessment_start_by=today() + dt.timedelta(days=rng.randint(-5, 20))
                if i % 10 == 0
                else None,
            )
            for i in range(n_clients)
        ],
        batch_size=5000,
    )
    user = users.objects.create(username="bench")
    version = InstrumentVersion.objects.get(version=1)
    assessments, assignments = [], []
    for client in clients:
        staff = by_team[client.team_id]
        segment = rng.choice(SEGMENTS)
        if rng.random() < 0.6:
            assessments.append(
                Assessment(
                    client=client,
                    version=version,
                    status=AssessmentStatus.COMPLETED,
                    answers={},
                    special_support=segment == "care",
                    segment=segment,
                    personal_worker=WORKER_FOR[segment],
                    pair_required=segment == "cooperation",
                    assessed_by=user,
                    decided_at=now(),
                )
            )
        if rng.random() < 0.85:
            main = rng.choice(staff)
            assignments.append(
                Assignment(client=client, worker=main, kind="personal_worker", start=start)
            )
            if rng.random() < 0.3:
                pair = rng.choice([w for w in staff if w.role == "social_worker" and w != main])
                assignments.append(Assignment(client=client, worker=pair, kind="pair", start=start))
    Assessment.objects.bulk_create(assessments, batch_size=5000)
    # As the decide action does: the client carries its decided segment.
    for segment in SEGMENTS:
        ids = [a.client_id for a in assessments if a.segment == segment]
        for begin in range(0, len(ids), 5000):
            Client.objects.filter(pk__in=ids[begin : begin + 5000]).update(segment=segment)
    Assignment.objects.bulk_create(assignments, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--per-team", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    prepare_postgres()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build(args.clients, args.teams, args.per_team)
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) keep them.
        cursor.execute("ANALYZE")
    print(
        f"setup: {args.clients} clients, {args.teams * args.per_team} workers in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )

    from tyonjako.caseload.compliance_db import team_findings
    from tyonjako.caseload.services import suggestions_for
    from tyonjako.clients.models import Client
    from tyonjako.common.clock import today

    day = today()
    sample = list(Client.objects.select_related("team").order_by("?")[:30])
    timings = []
    for client in sample:
        began = time.perf_counter()
        suggestions_for(client, day, "personal_worker")
        timings.append(time.perf_counter() - began)
    print(
        f"suggestions for one client ({connection.vendor}): "
        f"median {statistics.median(timings) * 1000:.1f} ms "
        f"(min {min(timings) * 1000:.1f}, max {max(timings) * 1000:.1f}) over {len(sample)} clients"
    )
    runs = []
    for _ in range(args.repeats):
        began = time.perf_counter()
        findings = team_findings(None, day)
        runs.append(time.perf_counter() - began)
    print(
        f"compliance over {args.clients} clients ({connection.vendor}): "
        f"median {statistics.median(runs):.2f} s "
        f"(min {min(runs):.2f}, max {max(runs):.2f}); {len(findings)} findings"
    )


if __name__ == "__main__":
    main()
