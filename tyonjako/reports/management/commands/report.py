from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import override

from tyonjako.common.cells import csv_writer
from tyonjako.common.clock import now
from tyonjako.common.commands import BAD_ARGUMENTS, DATA_PROBLEM
from tyonjako.common.csv_headers import header, headers
from tyonjako.common.professions import PROFESSIONS
from tyonjako.encounters.exports.labels import text
from tyonjako.reports.compliance import compliance_report
from tyonjako.reports.door import EmptyScope, Period, ReportError, ReportScope
from tyonjako.reports.encounters import (
    as_csv,
    as_json,
    as_xlsx,
    precounted_reports,
    reports_for,
)
from tyonjako.reports.overrides import overrides_report
from tyonjako.reports.recording import as_csv as recording_csv
from tyonjako.reports.recording import recording_report
from tyonjako.reports.tasks import tasks_report


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
            "--unit", action="append", default=[], help="unit or ward code (repeatable)"
        )
        encounters.add_argument(
            "--table",
            action="append",
            type=int,
            default=[],
            help="a pre-counted site table by its id (repeatable; `report tables` lists them)",
        )
        encounters.add_argument("--from", dest="start", help="first day (31.12.2023 or ISO)")
        encounters.add_argument("--to", dest="end", help="last day or cut-off date")
        encounters.add_argument(
            "--suppress", action="store_true", help="hide counts under the threshold"
        )
        encounters.add_argument(
            "--profession", choices=PROFESSIONS, help="only the encounters of this profession"
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
        tasks.add_argument(
            "--suppress", action="store_true", help="hide counts under the threshold"
        )
        tasks.add_argument("--format", choices=["json"], default="json")
        recording = sub.add_parser(
            "recording",
            help="contacts per month, contact type x provider, coding completeness and consent",
        )
        recording.add_argument("--unit", required=True, help="unit or ward code")
        recording.add_argument("--from", dest="start")
        recording.add_argument("--to", dest="end")
        recording.add_argument(
            "--suppress", action="store_true", help="hide counts under the threshold"
        )
        recording.add_argument("--format", choices=["json", "csv"], default="json")
        recording.add_argument("--language", choices=["fi", "sv", "en"], default="fi")
        compliance = sub.add_parser(
            "compliance", help="open findings per team and rule, per 100 clients, over time"
        )
        compliance.add_argument("--from", dest="start")
        compliance.add_argument("--to", dest="end")
        compliance.add_argument(
            "--suppress", action="store_true", help="hide counts under the threshold"
        )
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
        overrides.add_argument(
            "--language",
            choices=["fi", "sv", "en"],
            default="fi",
            help="the language of the CSV's header (the JSON's keys stay English)",
        )
        load_tables = sub.add_parser(
            "import-table",
            help="load a file of pre-counted site tables (aggregates only; docs/reports.md)",
        )
        load_tables.add_argument("file", type=Path, help="YAML file with a list `tables`")
        sub.add_parser("tables", help="list the pre-counted site tables (JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "import-table":
            self.import_tables(options["file"])
            return
        if options["subcommand"] == "tables":
            self.list_tables()
            return
        try:
            period = Period.parse(options["start"], options["end"])
            scope = ReportScope.for_command(period, suppress=options["suppress"])
            if options["subcommand"] == "encounters":
                self.encounters(scope, options)
            elif options["subcommand"] == "recording":
                report = recording_report(scope, options["unit"])
                if options["format"] == "csv":
                    self.stdout.write(recording_csv(report, options["language"]), ending="")
                else:
                    self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            elif options["subcommand"] == "compliance":
                report = compliance_report(scope)
                self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            elif options["subcommand"] == "tasks":
                report = tasks_report(scope, options["unit"])
                self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            else:
                self.overrides(scope, options)
        except ReportError as error:  # a bad period or a place that is not there
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from None
        except EmptyScope as error:  # no organisation loaded
            raise CommandError(str(error), returncode=DATA_PROBLEM) from None

    def encounters(self, scope: ReportScope, options: dict[str, Any]) -> None:
        if not options["unit"] and not options["table"]:
            raise CommandError("give --unit CODE or --table ID", returncode=BAD_ARGUMENTS)
        if options["table"] and options["profession"]:
            raise CommandError(
                "a pre-counted table has no professions: --profession goes with --unit only",
                returncode=BAD_ARGUMENTS,
            )
        reports = reports_for(scope, options["unit"], profession=options["profession"])
        reports += precounted_reports(scope, options["table"])
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

    def import_tables(self, path: Path) -> None:
        """Pre-counted site tables from a file, all or none (exit 1 naming each problem)."""
        from tyonjako.encounters.actions import load_precounted_tables
        from tyonjako.encounters.precounted import TableFileError, parse_tables

        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}", returncode=BAD_ARGUMENTS) from None
        try:
            tables = load_precounted_tables(parse_tables(text), by=None)
        except TableFileError as error:
            lines = "\n".join(f"{path}, line {line}: {message}" for line, message in error.problems)
            raise CommandError(lines, returncode=DATA_PROBLEM) from None
        for table in tables:
            self.stdout.write(f"table {table.pk}: {table.unit.code} {table}")

    def list_tables(self) -> None:
        from tyonjako.encounters.models import PrecountedTable

        rows = [
            {
                "id": table.pk,
                "unit": table.unit.code,
                "site": table.site,
                "from": table.start.isoformat(),
                "to": table.end.isoformat(),
                "source": table.source,
                "sections": sorted(table.figures),
            }
            for table in PrecountedTable.objects.select_related("unit")
        ]
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))

    def overrides(self, scope: ReportScope, options: dict[str, Any]) -> None:
        figures = overrides_report(scope, options["team"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        language = options["language"]
        writer = csv_writer(sys.stdout)
        writer.writerow(
            [
                *headers(
                    ["team", "decided", "overrides", "override_rate", "heavier", "lighter"],
                    language,
                ),
                *(_reason_header(reason, language) for reason in figures["total"]["reasons"]),
            ]
        )
        total = "TOTAL" if language == "en" else text("contacts", "total", language)
        for code, row in [*figures["teams"].items(), (total, figures["total"])]:
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


def _reason_header(reason: str, language: str) -> str:
    """``reason:CODE`` in English (a program's name); the reason's label otherwise."""
    if language == "en":
        return f"reason:{reason}"
    from tyonjako.assessments.models import OverrideReason

    if reason not in OverrideReason.values:
        return f"{header('reason', language)}: {reason}"
    with override(language):
        return f"{header('reason', language)}: {OverrideReason(reason).label}"
