from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.common.commands import BAD_ARGUMENTS, DATA_PROBLEM
from tyonjako.encounters.codelists import CodeListError
from tyonjako.encounters.codes import load_code_file, load_examples


class Command(BaseCommand):
    help = (
        "Code lists (reasons, target groups, partners, referral sources, destinations, codes): "
        "`codes load FILE [--list NAME] [--system RS] [--thl --oid OID]`, `codes examples`. "
        "See docs/code-lists.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="load a code-list CSV (all or nothing)")
        load.add_argument("file", type=Path)
        load.add_argument(
            "--list", dest="list_name", help="the list when the file has no list column"
        )
        load.add_argument(
            "--system", default="", help="code system for codes without one (RS, SPAT, ICD10 …)"
        )
        load.add_argument(
            "--thl", action="store_true", help="the file is a THL code server CSV export"
        )
        load.add_argument("--oid", help="the THL code set's identifier")
        load.add_argument("--example", action="store_true", help="flag the values as examples")
        sub.add_parser("examples", help="load the shipped EXAMPLE code lists (not official values)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "examples":
            report = load_examples()
        else:
            path: Path = options["file"]
            if not path.exists():
                raise CommandError(f"{path}: no such file", returncode=BAD_ARGUMENTS)
            try:
                report = load_code_file(
                    path,
                    default_list=options["list_name"],
                    default_system=options["system"],
                    thl=options["thl"],
                    oid=options["oid"],
                    example=True if options["example"] else None,
                )
            except CodeListError as error:
                for message in error.errors:
                    self.stderr.write(f"{path.name}: {message}")
                raise CommandError(
                    f"{len(error.errors)} problem(s); nothing was loaded", returncode=DATA_PROBLEM
                ) from None
            except ValueError as error:
                raise CommandError(str(error), returncode=BAD_ARGUMENTS) from None
        self.stdout.write(f"{report.created} created, {report.updated} updated")
