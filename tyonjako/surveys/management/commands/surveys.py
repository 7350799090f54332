from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.surveys import actions
from tyonjako.surveys.definition import DefinitionError, pick, to_dict, write_xlsform
from tyonjako.surveys.models import Round, Survey, SurveyVersion
from tyonjako.surveys.webropol import WebropolError, read_export


class Command(BaseCommand):
    help = (
        "Surveys: `load FILE [--key KEY]` (XLSForm .xlsx or YAML), `show KEY[@VERSION] "
        "[--format json]`, `export KEY[@VERSION] --format xlsform|yaml [--output FILE]`, "
        "`webropol ROUND_ID FILE --map MAP.yaml` (import an earlier round)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="load a survey definition as its next version")
        load.add_argument("file", type=Path)
        load.add_argument("--key")
        show = sub.add_parser("show", help="every question with its name, type and labels")
        show.add_argument("key")
        show.add_argument("--format", choices=["text", "json"], default="text")
        export = sub.add_parser("export", help="write the definition back as XLSForm")
        export.add_argument("key")
        export.add_argument("--format", choices=["xlsform", "json"], default="xlsform")
        export.add_argument("--output", type=Path)
        webropol = sub.add_parser("webropol", help="import a Webropol export onto a round")
        webropol.add_argument("round", type=int)
        webropol.add_argument("file", type=Path)
        webropol.add_argument("--map", type=Path, required=True, dest="mapping")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"_{options['subcommand']}")
        handler(options)

    def _load(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        try:
            version = actions.load_survey(
                path.read_bytes(), path.name, key=options.get("key"), by=None
            )
        except DefinitionError as error:
            for message in error.errors:
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(
                f"{len(error.errors)} problem(s); nothing was loaded", returncode=1
            ) from None
        definition = version.parsed()
        self.stdout.write(
            f"{version}: {len(definition.answered)} questions "
            f"({'anonymous' if definition.anonymous else 'named'})"
        )

    def _version(self, key: str) -> SurveyVersion:
        name, _sep, number = key.partition("@")
        survey = Survey.objects.filter(key=name).first()
        if survey is None:
            raise CommandError(f"no survey {name!r}", returncode=2)
        found = (
            survey.versions.filter(version=int(number)).first()
            if number.isdigit()
            else survey.latest()
        )
        if found is None:
            raise CommandError(f"no version {key!r}", returncode=2)
        return found

    def _show(self, options: dict[str, Any]) -> None:
        version = self._version(options["key"])
        definition = version.parsed()
        if options["format"] == "json":
            data = to_dict(definition)
            data["version"] = version.version
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{version} — {pick(definition.title, 'fi')}")
        for question in definition.questions:
            flags = [question.type]
            if question.required:
                flags.append("required")
            if question.relevant:
                flags.append(f"relevant: {question.relevant}")
            self.stdout.write(f"  {question.name} ({', '.join(flags)})")
            for code in ("fi", "sv", "en"):
                if code in question.label:
                    self.stdout.write(f"    {code}: {question.label[code]}")
            for choice in question.choices:
                self.stdout.write(f"      {choice.name} = {pick(choice.label, 'fi')}")

    def _export(self, options: dict[str, Any]) -> None:
        version = self._version(options["key"])
        definition = version.parsed()
        if options["format"] == "json":
            data = json.dumps(to_dict(definition), ensure_ascii=False, indent=2).encode()
        else:
            data = write_xlsform(definition)
        suffix = "json" if options["format"] == "json" else "xlsx"
        output: Path = options.get("output") or Path(
            f"{version.survey.key}-{version.version}.{suffix}"
        )
        output.write_bytes(data)
        self.stdout.write(f"{version} → {output}")

    def _webropol(self, options: dict[str, Any]) -> None:
        round_ = Round.objects.select_related("version__survey").filter(pk=options["round"]).first()
        if round_ is None:
            raise CommandError(f"no round {options['round']}", returncode=2)
        path: Path = options["file"]
        mapping: Path = options["mapping"]
        for given in (path, mapping):
            if not given.is_file():
                raise CommandError(f"{given}: no such file", returncode=2)
        try:
            rows = read_export(
                round_.version.parsed(),
                path.read_bytes(),
                path.name,
                mapping.read_text(encoding="utf-8"),
            )
        except WebropolError as error:
            for message in error.errors:
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(
                f"{len(error.errors)} problem(s); nothing was imported", returncode=1
            ) from None
        count = actions.import_responses(round_, rows, by=None)
        self.stdout.write(f"{round_}: {count} responses imported")
