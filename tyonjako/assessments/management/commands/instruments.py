from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.assessments.actions import (
    AssessmentActionError,
    activate_instrument,
    load_instrument_version,
)
from tyonjako.assessments.engine import InstrumentError
from tyonjako.assessments.lookup import InstrumentNotFound, find_version
from tyonjako.assessments.models import InstrumentActivation, InstrumentVersion
from tyonjako.common.commands import BAD_ARGUMENTS, DATA_PROBLEM
from tyonjako.organisation.models import ServiceArea, Team


class Command(BaseCommand):
    help = "Assessment instruments: load a definition file, list versions, put a version in use."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="validate and store a definition (YAML or JSON)")
        load.add_argument("file", type=Path)
        sub.add_parser("list", help="list versions and where they are in use")
        activate = sub.add_parser("activate", help="put KEY@VERSION in use")
        activate.add_argument("reference", help="KEY@VERSION")
        where = activate.add_mutually_exclusive_group()
        where.add_argument("--team", help="team code")
        where.add_argument("--service-area", help="service area code")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['subcommand']}")(options)

    def do_load(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file", returncode=BAD_ARGUMENTS)
        try:
            version, created = load_instrument_version(path.read_text(encoding="utf-8"))
        except InstrumentError as error:
            for line in error.errors:
                self.stderr.write(f"{path.name}: {line}")
            raise CommandError(
                f"{len(error.errors)} problem(s); nothing was loaded", returncode=DATA_PROBLEM
            ) from None
        except AssessmentActionError as error:
            raise CommandError(error.message, returncode=BAD_ARGUMENTS) from None
        self.stdout.write(
            f"{version.rule_version}: {'loaded' if created else 'unchanged or updated'}"
        )

    def do_list(self, options: dict[str, Any]) -> None:
        for version in InstrumentVersion.objects.order_by("key", "version"):
            places = [_place(a) for a in InstrumentActivation.objects.filter(version=version)]
            used = version.assessments.count()
            self.stdout.write(
                f"{version.rule_version:<30} {version.name_fi:<40} assessments: {used:<7} "
                f"in use: {', '.join(places) or '-'}"
            )

    def do_activate(self, options: dict[str, Any]) -> None:
        try:
            version = find_version(options["reference"])
        except InstrumentNotFound as error:
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from None
        team = _get(Team, options.get("team"), "team")
        area = _get(ServiceArea, options.get("service_area"), "service area")
        activation = activate_instrument(version, team=team, service_area=area)
        self.stdout.write(f"{version.rule_version} in use for {_place(activation)}")


def _get(model: Any, code: str | None, label: str) -> Any:
    if not code:
        return None
    found = model.objects.filter(code=code).first()
    if found is None:
        raise CommandError(f"unknown {label} code {code!r}", returncode=BAD_ARGUMENTS)
    return found


def _place(activation: InstrumentActivation) -> str:
    if activation.team_id:
        return f"team {activation.team.code}"  # type: ignore[union-attr]
    if activation.service_area_id:
        return f"service area {activation.service_area.code}"  # type: ignore[union-attr]
    return "the whole county"
