from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.common.commands import BAD_ARGUMENTS, DATA_PROBLEM
from tyonjako.pilots import actions
from tyonjako.pilots.definition import DefinitionError
from tyonjako.pilots.documents import (
    description_docx,
    description_markdown,
    description_pdf,
    report_json,
    report_pdf,
    report_xlsx,
)
from tyonjako.pilots.models import Checkpoint, Pilot


class Command(BaseCommand):
    help = (
        "Pilots: `pilots load FILE`, `pilots list`, `pilots freeze KEY CHECKPOINT [--reason …]`, "
        "`pilots report KEY --checkpoint NAME --format json|pdf|xlsx`, "
        "`pilots description KEY --format md|docx|pdf`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="load or update a pilot from its YAML definition")
        load.add_argument("file", type=Path)
        sub.add_parser("list", help="the pilots and their checkpoints")
        freeze = sub.add_parser("freeze", help="freeze a checkpoint's figures at its cut-off")
        freeze.add_argument("key")
        freeze.add_argument("checkpoint")
        freeze.add_argument("--reason", default="", help="needed to freeze a checkpoint again")
        report = sub.add_parser("report", help="a checkpoint's report")
        report.add_argument("key")
        report.add_argument("--checkpoint", required=True)
        report.add_argument("--format", choices=("json", "pdf", "xlsx"), default="json")
        report.add_argument("--language", choices=("fi", "sv", "en"), default="fi")
        report.add_argument(
            "--suppress", action="store_true", help="hide small values (as directors see them)"
        )
        report.add_argument("--output", type=Path)
        describe = sub.add_parser("description", help="the Innokylä model description")
        describe.add_argument("key")
        describe.add_argument("--format", choices=("md", "docx", "pdf"), default="md")
        describe.add_argument("--language", choices=("fi", "sv", "en"), default="fi")
        describe.add_argument("--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _load(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=BAD_ARGUMENTS)
        try:
            pilot = actions.load_pilot(path.read_text(encoding="utf-8"), by=None)
        except DefinitionError as error:
            for message in error.errors:
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(
                f"{len(error.errors)} problem(s); nothing was loaded", returncode=DATA_PROBLEM
            ) from None
        self.stdout.write(f"{pilot.key}: {pilot.checkpoints.count()} checkpoints; loaded")

    def _list(self, options: dict[str, Any]) -> None:
        for pilot in Pilot.objects.prefetch_related("checkpoints"):
            self.stdout.write(f"{pilot.key}\t{pilot.start:%-d.%-m.%Y}–{pilot.end:%-d.%-m.%Y}")
            for cp in pilot.checkpoints.all():
                state = f"frozen {cp.frozen_at:%-d.%-m.%Y}" if cp.frozen_at else "not frozen"
                self.stdout.write(f"  {cp.key}\tcut-off {cp.cut_off:%-d.%-m.%Y}\t{state}")

    def _checkpoint(self, key: str, name: str) -> Checkpoint:
        checkpoint = (
            Checkpoint.objects.filter(pilot__key=key, key=name).select_related("pilot").first()
        )
        if checkpoint is None:
            raise CommandError(
                f"no checkpoint {name!r} in a pilot {key!r} (see `pilots list`)",
                returncode=BAD_ARGUMENTS,
            )
        return checkpoint

    def _freeze(self, options: dict[str, Any]) -> None:
        checkpoint = self._checkpoint(options["key"], options["checkpoint"])
        try:
            frozen = actions.freeze_checkpoint(checkpoint, by=None, reason=options["reason"])
        except actions.PilotError as error:
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from None
        self.stdout.write(
            f"{frozen}: frozen at the cut-off {frozen.cut_off:%-d.%-m.%Y} "
            f"({len((frozen.figures or {}).get('indicators', {}))} indicators)"
        )

    def _report(self, options: dict[str, Any]) -> None:
        checkpoint = self._checkpoint(options["key"], options["checkpoint"])
        if not checkpoint.is_frozen:
            raise CommandError(
                f"{checkpoint}: not frozen yet (`pilots freeze` first)", returncode=BAD_ARGUMENTS
            )
        fmt, suppressed, language = options["format"], options["suppress"], options["language"]
        if fmt == "json":
            data: bytes = json.dumps(
                report_json(checkpoint, suppressed=suppressed), ensure_ascii=False, indent=2
            ).encode()
        elif fmt == "pdf":
            data = report_pdf(checkpoint, suppressed=suppressed, language=language)
        else:
            data = report_xlsx(checkpoint, suppressed=suppressed, language=language)
        self._write(data, options["output"], binary=fmt != "json")

    def _description(self, options: dict[str, Any]) -> None:
        pilot = Pilot.objects.filter(key=options["key"]).first()
        if pilot is None:
            raise CommandError(
                f"no pilot {options['key']!r} (see `pilots list`)", returncode=BAD_ARGUMENTS
            )
        fmt, language = options["format"], options["language"]
        if fmt == "md":
            data = description_markdown(pilot, language).encode()
        elif fmt == "docx":
            data = description_docx(pilot, language)
        else:
            data = description_pdf(pilot, language)
        self._write(data, options["output"], binary=fmt != "md")

    def _write(self, data: bytes, output: Path | None, *, binary: bool) -> None:
        if output is not None:
            output.write_bytes(data)
            self.stdout.write(f"{output}: {len(data)} bytes")
        elif binary:
            raise CommandError("give --output FILE for a binary format", returncode=BAD_ARGUMENTS)
        else:
            sys.stdout.write(data.decode() + "\n")
