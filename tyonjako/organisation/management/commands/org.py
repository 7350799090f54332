from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.common.commands import BAD_ARGUMENTS, DATA_PROBLEM
from tyonjako.organisation.loader import OrganisationFileError, load_organisation


class Command(BaseCommand):
    help = (
        "Organisation: `org load FILE` loads areas, units, teams, workers and posts (YAML or CSV)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="load an organisation file in one transaction")
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file", returncode=BAD_ARGUMENTS)
        try:
            report = load_organisation(path)
        except OrganisationFileError as error:
            for line in error.errors:
                self.stderr.write(f"{path.name}: {line}")
            raise CommandError(
                f"{len(error.errors)} problem(s); nothing was written", returncode=DATA_PROBLEM
            ) from None
        for kind in ("area", "service_area", "unit", "team", "worker", "membership", "post"):
            created, updated = report.created.get(kind, 0), report.updated.get(kind, 0)
            if created or updated:
                self.stdout.write(f"{kind}: {created} created, {updated} updated")
