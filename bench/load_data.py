"""Grow the demo database to load-test size: N clients and M encounters spread over the
demo's teams and workers, written as one canonical export and imported with the
importer (so tallies, clients and audit rows are what production would have).

Usage (after `tyonjako migrate && tyonjako demo`, same DATABASE_URL / TYONJAKO_DATA_DIR):
  python bench/load_data.py --clients 2000 --encounters 20000          # a quick check
  python bench/load_data.py --clients 100000 --encounters 1000000      # issue 18 §3
The export file is kept (--out) and can be imported again (idempotent by source id).
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

from tyonjako.encounters.importer import ImportOptions, run_import  # noqa: E402
from tyonjako.encounters.models import CodeList, CodeValue  # noqa: E402
from tyonjako.encounters.tallies import refresh_tallies  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--encounters", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--out", type=Path, default=Path("load-export.csv"))
    parser.add_argument("--no-import", action="store_true", help="only write the export")
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
