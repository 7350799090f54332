from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.assessments.reports import override_figures, suppress_override_figures
from tyonjako.common.cells import csv_writer
from tyonjako.common.clock import now
from tyonjako.common.commands import BAD_ARGUMENTS
from tyonjako.common.dates import parse_input_date
from tyonjako.encounters.stats import UnknownUnit
from tyonjako.organisation.models import Team
from tyonjako.reports.encounters import as_csv, as_json, as_xlsx, reports_for


class Command(BaseCommand):
    help = (
        "Reports. `report encounters --unit CODE [--unit CODE …] --from DATE --to DATE "
        "[--suppress] --format json|csv|xlsx`: contacts, clients and their profile, reasons, "
        "codes, partners and referrals per unit. `report overrides [--team CODE] [--from DATE] "
        "[--to DATE]`: decisions that differ from the routing recommendation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        encounters = sub.add_parser(
            "encounters", help="encounter statistics per unit (side by side)"
        )
        encounters.add_argument(
            "--unit", action="append", required=True, help="unit or ward code (repeatable)"
        )
        encounters.add_argument("--from", dest="start", help="first day (31.12.2023 or ISO)")
        encounters.add_argument("--to", dest="end", help="last day or cut-off date")
        encounters.add_argument(
            "--suppress", action="store_true", help="hide counts under the threshold"
        )
        encounters.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        encounters.add_argument("--language", choices=["fi", "sv", "en"], default="fi")
        encounters.add_argument(
            "--output", type=Path, help="file for xlsx (default: stdout is refused)"
        )
        tasks = sub.add_parser("tasks", help="who does what: encounters by task and profession")
        tasks.add_argument("--unit", required=True, help="unit or ward code")
        tasks.add_argument("--from", dest="start")
        tasks.add_argument("--to", dest="end")
        tasks.add_argument("--format", choices=["json"], default="json")
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
        try:
            start = parse_input_date(options["start"]) if options["start"] else None
            end = parse_input_date(options["end"]) if options["end"] else None
        except ValueError as error:
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from None
        if start and end and end < start:
            raise CommandError("--to is before --from", returncode=BAD_ARGUMENTS)
        if options["subcommand"] == "encounters":
            self.encounters(options, start, end)
        elif options["subcommand"] == "tasks":
            from tyonjako.tasks.report import tasks_report

            try:
                report = tasks_report(options["unit"], start, end)
            except UnknownUnit as error:
                raise CommandError(
                    f"unknown unit or ward code {error}", returncode=BAD_ARGUMENTS
                ) from None
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.overrides(options, start, end)

    def encounters(self, options: dict[str, Any], start: Any, end: Any) -> None:
        try:
            reports = reports_for(options["unit"], start, end, suppress=options["suppress"])
        except UnknownUnit as error:
            raise CommandError(
                f"unknown unit or ward code {error}", returncode=BAD_ARGUMENTS
            ) from None
        if options["format"] == "json":
            self.stdout.write(as_json(reports))
        elif options["format"] == "csv":
            self.stdout.write(as_csv(reports, options["language"]))
        else:
            if not options["output"]:
                raise CommandError(
                    "--format xlsx needs --output FILE.xlsx", returncode=BAD_ARGUMENTS
                )
            title = (
                "Encounter statistics"
                if options["language"] == "en"
                else ("Kontaktstatistik" if options["language"] == "sv" else "Asiointitilasto")
            )
            options["output"].write_bytes(as_xlsx(reports, options["language"], title, now()))
            self.stdout.write(f"wrote {options['output']}")

    def overrides(self, options: dict[str, Any], start: Any, end: Any) -> None:
        team_ids = None
        if options["team"]:
            teams = dict(Team.objects.filter(code__in=options["team"]).values_list("code", "pk"))
            unknown = sorted(set(options["team"]) - set(teams))
            if unknown:
                raise CommandError(
                    f"unknown team code(s): {', '.join(unknown)}", returncode=BAD_ARGUMENTS
                )
            team_ids = list(teams.values())
        figures = override_figures(team_ids, start, end)
        if options["suppress"]:
            figures = suppress_override_figures(figures, settings.SMALL_CELL_THRESHOLD)
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        writer = csv_writer(sys.stdout)
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
        for code, row in [*figures["teams"].items(), ("TOTAL", figures["total"])]:
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
