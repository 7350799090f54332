"""Server-side cost of the load test's pages (issue 18 §3), one user alone: for each role
and page of bench/locustfile.py, the queries (count, database time), the view's CPU time
and wall time, median of N requests through Django's test client against the configured
database; with --explain, EXPLAIN (ANALYZE, BUFFERS) of each page's slowest queries.

Usage (the county-size database of docs/benchmarks.md "Load"):
  DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/tj_load \\
      .venv/bin/python bench/profile_pages.py --repeat 7
  ... --page "queue" --explain 3 --sql     # one page, its 3 slowest queries explained
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyonjako.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as Browser  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tyonjako.caseload.models import Assignment  # noqa: E402
from tyonjako.clients.models import Client  # noqa: E402
from tyonjako.organisation.models import TeamMembership  # noqa: E402

# The demo users of bench/locustfile.py and the pages each walks.
ROLES = {
    "counsellor": "ohjaaja",
    "social worker": "sosiaalityontekija",
    "lead": "johtava",
    "director": "johtaja",
}


@dataclass
class Page:
    role: str
    name: str
    url: str


def own_client(username: str) -> str:
    """A client this worker has now (the client page the locust user opens)."""
    key = (
        Assignment.objects.filter(worker__user__username=username, end__isnull=True)
        .order_by("client__key")
        .values_list("client__key", flat=True)
        .first()
    )
    return key or ""


def team_client(username: str) -> tuple[str, str]:
    """The lead's first team and a client of it."""
    team = (
        TeamMembership.objects.filter(worker__user__username=username)
        .order_by("team__code")
        .values_list("team_id", "team__code")
        .first()
    )
    if team is None:
        return "", ""
    key = Client.objects.filter(team_id=team[0], status="active").order_by("-key")
    return team[1], key.values_list("key", flat=True).first() or ""


def statistics_url(username: str) -> str:
    """The year-to-date report of the first unit the statistics form offers (as locust asks)."""
    from tyonjako.access.policy import Action
    from tyonjako.reports.door import ReportScope

    user = get_user_model().objects.get(username=username)
    choices = ReportScope.for_user(user, Action.VIEW_AGGREGATES).choices()
    day = dt.date.today()
    unit = choices[0][0] if choices else ""
    return f"/encounters/statistics/?units={unit}&start={day.year}-01-01&end={day.isoformat()}"


def pages() -> list[Page]:
    out: list[Page] = []
    for role in ("counsellor", "social worker"):
        user = ROLES[role]
        key = own_client(user)
        out += [
            Page(role, "home", "/"),
            Page(role, "client list", "/clients/"),
            Page(role, "client page", f"/clients/{key}/"),
            Page(role, "encounter form", "/encounters/"),
            Page(role, "assessment form", f"/clients/{key}/assessment/"),
        ]
    team, key = team_client(ROLES["lead"])
    out += [
        Page("lead", "home", "/"),
        Page("lead", "client list", "/clients/"),
        Page("lead", "client page", f"/clients/{key}/"),
        Page("lead", "caseload", "/caseload/"),
        Page("lead", "queue", f"/caseload/{team}/"),
        Page("lead", "assign page", f"/clients/{key}/assign/"),
        Page("lead", "statistics", statistics_url(ROLES["lead"])),
        Page("director", "home", "/"),
        Page("director", "statistics", statistics_url(ROLES["director"])),
    ]
    return out


def measure(browser: Browser, url: str, repeat: int) -> dict[str, float | int | list]:
    browser.get(url)  # warm the per-process caches
    cpu, wall, db, counts = [], [], [], []
    slowest: list[tuple[float, str]] = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            c0, w0 = time.process_time(), time.perf_counter()
            response = browser.get(url)
            c1, w1 = time.process_time(), time.perf_counter()
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        cpu.append(c1 - c0)
        wall.append(w1 - w0)
        times = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
        db.append(sum(t for t, _ in times))
        counts.append(len(times))
        slowest = sorted(times, reverse=True)
    return {
        "queries": counts[-1],
        "db_ms": statistics.median(db) * 1000,
        "cpu_ms": statistics.median(cpu) * 1000,
        "wall_ms": statistics.median(wall) * 1000,
        "bytes": len(response.content),
        "slowest": slowest,
    }


def explain(sql: str, out: Callable[[str], None]) -> None:
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        for (line,) in cursor.fetchall():
            out("      " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--page", help="only pages whose name contains this")
    parser.add_argument("--role", help="only this role")
    parser.add_argument("--sql", action="store_true", help="print each page's slowest queries")
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN the N slowest queries")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    settings.DEBUG = True  # CaptureQueriesContext needs no more; keeps the SQL text
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    users = get_user_model()
    load = os.getloadavg()
    print(
        f"database {connection.vendor} {connection.settings_dict['NAME']}, "
        f"{Client.objects.count()} clients; load average {load[0]:.1f} {load[1]:.1f}; "
        f"median of {args.repeat}"
    )
    heads = ("queries", "db ms", "cpu ms", "wall ms")
    print(f"{'role':<14} {'page':<16} " + " ".join(f"{h:>8}" for h in heads) + f" {'kB':>6}")
    browsers: dict[str, Browser] = {}
    for page in pages():
        if args.page and args.page not in page.name:
            continue
        if args.role and args.role != page.role:
            continue
        browser = browsers.get(page.role)
        if browser is None:
            browser = browsers[page.role] = Browser(HTTP_ACCEPT_LANGUAGE="fi")
            browser.force_login(users.objects.get(username=ROLES[page.role]))
        r = measure(browser, page.url, args.repeat)
        print(
            f"{page.role:<14} {page.name:<16} {r['queries']:>8} {r['db_ms']:>8.1f} "
            f"{r['cpu_ms']:>8.1f} {r['wall_ms']:>8.1f} {r['bytes'] / 1024:>6.0f}"
        )
        if args.sql or args.explain:
            for i, (seconds, sql) in enumerate(r["slowest"][: max(args.explain, 3)]):  # type: ignore[index]
                print(f"    {seconds * 1000:7.1f} ms  {sql[:600]}")
                if i < args.explain:
                    explain(sql, print)


if __name__ == "__main__":
    main()
