from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.common.commands import BAD_ARGUMENTS, DATA_PROBLEM
from tyonjako.common.yamlines import YamlSyntaxError, load_with_lines, strip_marks
from tyonjako.staffing.rules import ChangeError, plain
from tyonjako.staffing.services import ScenarioFileError, run_request


class Command(BaseCommand):
    help = (
        "Staffing scenarios: `scenarios run FILE --format json` prints the figures of today's "
        "posts and each scenario of the file (docs/scenarios.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="figures of the scenarios in a YAML or JSON file")
        run.add_argument("file", type=Path)
        run.add_argument("--format", choices=["json"], default="json")
        run.add_argument(
            "--suppress",
            action="store_true",
            help="hide client counts 1–4, as for roles that do not see clients",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file", returncode=BAD_ARGUMENTS)
        try:
            data = load_with_lines(path.read_text(encoding="utf-8"))
        except YamlSyntaxError as error:
            raise CommandError(
                f"{path.name}: not valid YAML or JSON: {error}", returncode=DATA_PROBLEM
            ) from None
        role = "director" if options["suppress"] else "lead"
        try:
            result = run_request(strip_marks(data), role=role)
        except (ScenarioFileError, ChangeError) as error:
            raise CommandError(f"{path.name}: {error}", returncode=DATA_PROBLEM) from None
        self.stdout.write(json.dumps(plain(result), ensure_ascii=False, indent=2))
