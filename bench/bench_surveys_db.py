"""Survey results at pilot scale: 10 000 responses to the October staff survey.
Targets: the results page (with the comparison against a 10 000-response baseline) in
<= 1 s, the XLSX export in <= 5 s.

Usage:
  python bench/bench_surveys_db.py                                   # SQLite in a temp dir
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tyonjako_bench python bench/bench_surveys_db.py
  python bench/bench_surveys_db.py --profile       # also where each request's CPU time goes
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


def build(responses: int) -> tuple[int, int]:
    from tyonjako.organisation.models import ServiceArea, Team, Unit, WellbeingArea
    from tyonjako.surveys import actions
    from tyonjako.surveys.models import Response

    area = WellbeingArea.objects.create(code="B", name_fi="B")
    service = ServiceArea.objects.create(code="B1", name_fi="B1", wellbeing_area=area)
    unit = Unit.objects.create(code="B1-U", name_fi="U", service_area=service)
    teams = [Team.objects.create(code=f"B1-T{i}", name_fi=f"T{i}", unit=unit) for i in range(8)]
    path = ROOT / "tyonjako" / "surveys" / "library" / "october-staff-survey.yaml"
    version = actions.load_survey(path.read_bytes(), path.name, by=None)
    rng = random.Random(15)
    rounds = []
    for name, shift in (("baseline", 0.0), ("follow-up", 0.5)):
        round_ = actions.create_round(
            version,
            actions.RoundPlan(name, dt.date(2026, 10, 1), dt.date(2026, 10, 15), unit),
            by=None,
        )
        rounds.append(round_.pk)

        def scale(shift: float = shift) -> str:
            return str(min(5, max(1, round(rng.gauss(3 + shift, 1)))))

        Response.objects.bulk_create(
            (
                Response(
                    round=round_,
                    received_on=dt.date(2026, 10, 5),
                    team_code=rng.choice(teams).code,
                    area_code="B1",
                    answers={
                        "respondent_role": rng.choice(["doctor", "nurse", "therapist"]),
                        "cooperation": rng.sample(["consultation", "referral", "meeting"], 2),
                        "reachable": scale(),
                        "clear_roles": scale(),
                        "clients_helped": scale(),
                        "fits_health_care": scale(),
                        "overall": str(rng.randint(0, 10)),
                        "feedback": "Hyvä yhteistyö" if rng.random() < 0.2 else "",
                    },
                )
                for _ in range(responses)
            ),
            batch_size=2000,
        )
    return rounds[0], rounds[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--profile", action="store_true", help="print the top functions by CPU time per URL"
    )
    args = parser.parse_args()
    prepare_postgres()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tyonjako.organisation.models import Worker

    call_command("migrate", verbosity=0)
    setup_test_environment()
    started = time.perf_counter()
    baseline, follow_up = build(args.responses)
    print(f"built {2 * args.responses} responses in {time.perf_counter() - started:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")

    from django.contrib.auth.models import User

    user = User.objects.create_user("arvioija-bench")
    Worker.objects.create(user=user, role="evaluator", job_title="project_worker", licence="none")
    client = Client()
    client.force_login(user)

    cpu: dict[str, float] = {}

    def timed(url: str) -> list[float]:
        times = []
        cpu_times = []
        for _ in range(args.repeats):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - begin)
            cpu_times.append(time.process_time() - begin_cpu)
            assert response.status_code == 200, response.status_code
        cpu[url] = statistics.median(cpu_times)
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(client.get, url)
            print(f"--- {url} (CPU time by function)")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(18)
        return times

    page = timed(f"/surveys/rounds/{follow_up}/results/")
    compared = timed(f"/surveys/rounds/{follow_up}/results/?baseline={baseline}&by=team_code")
    xlsx = timed(f"/surveys/rounds/{follow_up}/export.xlsx")
    rows = (
        ("results page", page),
        ("results + comparison + breakdown", compared),
        ("XLSX export", xlsx),
    )
    for (name, times), used in zip(rows, cpu.values(), strict=True):
        median = statistics.median(times)
        print(
            f"{name}: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}); "
            f"CPU of this process {used:.3f} s"
        )


if __name__ == "__main__":
    main()
