"""Grow the demo database to load-test size: N clients and M encounters spread over the
demo's teams and workers, written as one canonical export and imported with the
importer (so tallies, clients and audit rows are what production would have).

Usage (after `tyonjako migrate && tyonjako demo`, same DATABASE_URL / TYONJAKO_DATA_DIR):
  python bench/load_data.py --clients 2000 --encounters 20000          # a quick check
  python bench/load_data.py --clients 100000 --encounters 1000000      # issue 18 §3
The export file is kept (--out) and can be imported again (idempotent by source id).

The importer makes every new client active and waiting, which no county is: after the
import, the clients are spread as a county's register looks after years of work
(`spread`): most closed, with the personal worker they had; a few hundred active per
team, some of them with a personal worker (a worker then has ~30-60 clients with the
demo's own) and the rest in the team's intake queue. These are bench rows written in
bulk, without audit rows (`--no-spread` leaves the imported state).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyonjako.settings")

import django  # noqa: E402

django.setup()

from tyonjako.caseload.models import Assignment, AssignmentKind  # noqa: E402
from tyonjako.clients.models import Client, ClientStatus  # noqa: E402
from tyonjako.encounters.importer import ImportOptions, run_import  # noqa: E402
from tyonjako.encounters.models import CodeList, CodeValue  # noqa: E402
from tyonjako.encounters.tallies import refresh_tallies  # noqa: E402
from tyonjako.organisation.choices import Role  # noqa: E402
from tyonjako.organisation.models import TeamMembership  # noqa: E402

HEADER = [
    "source_id", "date", "unit", "worker", "client", "client_birth_year", "client_gender",
    "client_language", "client_employment", "contact_type", "duration_min", "reason",
    "target_group", "provider",
]  # fmt: skip
CONTACT_TYPES = ["visit", "visit", "visit", "phone", "phone", "no_show", "home_visit", "remote"]


def write_export(path: Path, clients: int, encounters: int, seed: int) -> int:
    rng = random.Random(seed)
    members = list(
        TeamMembership.objects.select_related("team", "worker__user").values_list(
            "team__code", "worker__user__username"
        )
    )
    if not members:
        raise SystemExit("no teams with workers: run `tyonjako demo` first")
    reasons = list(
        CodeValue.objects.filter(list=CodeList.REASON).values_list("code", flat=True)
    ) or [""]
    groups = list(
        CodeValue.objects.filter(list=CodeList.TARGET_GROUP).values_list("code", flat=True)
    ) or [""]
    # Each client belongs to one team; their encounters are with that team's workers.
    home = [members[rng.randrange(len(members))][0] for _ in range(clients)]
    by_team: dict[str, list[str]] = {}
    for team, worker in members:
        by_team.setdefault(team, []).append(worker)
    start = dt.date(2025, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(encounters):
            c = rng.randrange(clients)
            team = home[c]
            rnd = random.Random(c)  # the client's profile is the same on every row
            out.writerow(
                [
                    f"LOAD-{i}",
                    (start + dt.timedelta(days=rng.randrange(700))).isoformat(),
                    team,
                    rng.choice(by_team[team]),
                    f"LOAD-C{c}",
                    1940 + rnd.randrange(65),
                    rnd.choice(["female", "male", "other"]),
                    rnd.choice(["fi", "fi", "sv", "other"]),
                    rnd.choice(["unemployed", "retired", "student", "employed"]),
                    rng.choice(CONTACT_TYPES),
                    rng.choice([10, 20, 45, 60, 90]),
                    rng.choice(reasons),
                    rng.choice(groups),
                    "public",
                ]
            )
    return encounters


def spread(active_per_team: int, assigned_per_worker: int, seed: int) -> dict[str, int]:
    """Close most imported clients (each with the ended assignment of a personal worker of
    its team), keep `active_per_team` active per team and give `assigned_per_worker` of
    those to each client-working counsellor or social worker of the team; the rest of the
    active ones wait in the queue. Idempotent: only clients without assignments change."""
    rng = random.Random(seed)
    today = dt.date.today()
    workers_of: dict[int, list[int]] = {}
    for team_id, worker_id in TeamMembership.objects.filter(
        worker__role__in=[Role.COUNSELLOR, Role.SOCIAL_WORKER],
        worker__is_active=True,
        worker__does_client_work=True,
    ).values_list("team_id", "worker_id"):
        workers_of.setdefault(team_id, []).append(worker_id)
    fresh = (
        Client.objects.filter(key__startswith="LOAD-C", assignments__isnull=True)
        .order_by("id")
        .values_list("id", "team_id", "pending_since")
    )
    by_team: dict[int, list[tuple[int, dt.date]]] = {}
    for pk, team_id, since in fresh:
        by_team.setdefault(team_id, []).append((pk, since))
    counts = {"closed": 0, "assigned": 0, "queue": 0}
    for team_id, rows in by_team.items():
        rng.shuffle(rows)
        team_workers = workers_of.get(team_id) or []
        active, closed = rows[:active_per_team], rows[active_per_team:]
        n_assigned = min(len(active), assigned_per_worker * len(team_workers))
        new: list[Assignment] = []
        ends: dict[dt.date, list[int]] = {}
        for pk, since in closed:
            end = since + dt.timedelta(days=rng.randrange(30, 400))
            if end >= today:  # closed some day before today, not all on the same one
                end = since + dt.timedelta(days=int(rng.random() * (today - since).days))
            ends.setdefault(end, []).append(pk)
            if team_workers:
                new.append(Assignment(client_id=pk, worker_id=rng.choice(team_workers),
                                      kind=AssignmentKind.PERSONAL_WORKER, start=since,
                                      end=end, end_reason="load test"))  # fmt: skip
        for i, (pk, since) in enumerate(active[:n_assigned]):
            new.append(Assignment(client_id=pk, worker_id=team_workers[i % len(team_workers)],
                                  kind=AssignmentKind.PERSONAL_WORKER, start=since))  # fmt: skip
        for end, pks in ends.items():
            for i in range(0, len(pks), 5000):
                Client.objects.filter(pk__in=pks[i : i + 5000]).update(
                    status=ClientStatus.CLOSED, closed_on=end
                )
        Assignment.objects.bulk_create(new, batch_size=5000)
        counts["closed"] += len(closed)
        counts["assigned"] += n_assigned
        counts["queue"] += len(active) - n_assigned
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--encounters", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--out", type=Path, default=Path("load-export.csv"))
    parser.add_argument("--no-import", action="store_true", help="only write the export")
    parser.add_argument("--no-spread", action="store_true", help="leave every client waiting")
    parser.add_argument("--spread-only", action="store_true", help="spread an imported database")
    parser.add_argument("--active-per-team", type=int, default=400)
    parser.add_argument("--assigned-per-worker", type=int, default=15)
    args = parser.parse_args()
    if args.spread_only:
        print(spread(args.active_per_team, args.assigned_per_worker, args.seed))
        return
    began = time.perf_counter()
    write_export(args.out, args.clients, args.encounters, args.seed)
    print(f"wrote {args.out} ({args.encounters} rows) in {time.perf_counter() - began:.1f} s")
    if args.no_import:
        return
    began = time.perf_counter()
    result = run_import(args.out, ImportOptions(skip_invalid=True, create_missing=True))
    refresh_tallies()
    batch = result.batch
    print(
        f"imported in {time.perf_counter() - began:.1f} s: {batch.rows_created} created, "
        f"{batch.rows_updated} updated, {batch.rows_unchanged} unchanged, "
        f"{batch.rows_rejected} rejected"
    )
    if not args.no_spread:
        print(spread(args.active_per_team, args.assigned_per_worker, args.seed))


if __name__ == "__main__":
    main()
