from __future__ import annotations

import csv
import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.assessments.reports import override_figures, suppress_override_figures
from tyonjako.common.dates import parse_date
from tyonjako.organisation.models import Team


class Command(BaseCommand):
    help = (
        "Reports. `report overrides [--team CODE] [--from DATE] [--to DATE]`: "
        "decisions that differ from the routing recommendation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        overrides = sub.add_parser(
            "overrides", help="overrides of the routing recommendation per team"
        )
        overrides.add_argument("--team", action="append", default=[], help="team code (repeatable)")
        overrides.add_argument("--from", dest="start")
        overrides.add_argument("--to", dest="end")
        overrides.add_argument(
            "--suppress", action="store_true", help="hide counts under the threshold"
        )
        overrides.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        team_ids = None
        if options["team"]:
            teams = dict(Team.objects.filter(code__in=options["team"]).values_list("code", "pk"))
            unknown = sorted(set(options["team"]) - set(teams))
            if unknown:
                raise CommandError(f"unknown team code(s): {', '.join(unknown)}")
            team_ids = list(teams.values())
        try:
            start = parse_date(options["start"]) if options["start"] else None
            end = parse_date(options["end"]) if options["end"] else None
        except ValueError as error:
            raise CommandError(str(error)) from None
        figures = override_figures(team_ids, start, end)
        if options["suppress"]:
            figures = suppress_override_figures(figures, settings.SMALL_CELL_THRESHOLD)
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        writer = csv.writer(sys.stdout)
        writer.writerow(
            [
                "team",
                "decided",
                "overrides",
                "override_rate",
                "heavier",
                "lighter",
                *(f"reason:{reason}" for reason in figures["total"]["reasons"]),
            ]
        )
        rows = [*figures["teams"].items(), ("TOTAL", figures["total"])]
        for code, row in rows:
            writer.writerow(
                [
                    code,
                    row["decided"],
                    row["overrides"],
                    row["override_rate"],
                    row["directions"]["heavier"],
                    row["directions"]["lighter"],
                    *row["reasons"].values(),
                ]
            )
