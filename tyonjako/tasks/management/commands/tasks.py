from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.common.commands import BAD_ARGUMENTS, DATA_PROBLEM
from tyonjako.tasks.catalogue import CatalogueError
from tyonjako.tasks.services import load_catalogue_source


class Command(BaseCommand):
    help = "Task catalogue: `tasks load FILE` validates, stores and puts in use a catalogue (YAML)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="load a task catalogue with its job descriptions")
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file", returncode=BAD_ARGUMENTS)
        try:
            stored = load_catalogue_source(path.read_text(encoding="utf-8"))
        except CatalogueError as error:
            for message in error.errors:
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(
                f"{len(error.errors)} problem(s); nothing was loaded", returncode=DATA_PROBLEM
            ) from None
        catalogue = stored.catalogue()
        self.stdout.write(
            f"{stored}: {len(catalogue.tasks)} tasks, "
            f"{len(catalogue.job_descriptions)} job descriptions; now in use"
        )
