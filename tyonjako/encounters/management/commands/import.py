from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from tyonjako.common.commands import BAD_ARGUMENTS, DATA_PROBLEM
from tyonjako.encounters.import_messages import error_line
from tyonjako.encounters.importer import ImportOptions, run_import
from tyonjako.encounters.importing import ProfileError, builtin_profiles
from tyonjako.encounters.tallies import refresh_tallies, stale_months


class Command(BaseCommand):
    help = (
        "Import encounters from a record-system export (CSV or XLSX): "
        "`import encounters FILE [--profile NAME|FILE.yaml] [--dry-run] [--skip-invalid] "
        "[--create-missing]`. "
        "See docs/import-format.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        encounters = sub.add_parser("encounters", help="encounters from a CSV or XLSX export")
        encounters.add_argument("file", type=Path)
        encounters.add_argument(
            "--profile",
            default="canonical",
            help=f"column-mapping profile: {', '.join(builtin_profiles())} or a YAML file",
        )
        encounters.add_argument("--dry-run", action="store_true", help="only validate")
        encounters.add_argument(
            "--skip-invalid",
            action="store_true",
            help="write the good rows; bad ones go to FILE.rejected.csv",
        )
        encounters.add_argument(
            "--create-missing",
            action="store_true",
            help="create unknown units and code values and flag them for review",
        )
        encounters.add_argument("--sheet", help="XLSX sheet name (default: the first)")
        encounters.add_argument("--no-progress", action="store_true")
        encounters.add_argument(
            "--language",
            choices=["fi", "sv", "en"],
            default="fi",
            help="the language of the errors and of the rejected-rows file (default fi)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file", returncode=BAD_ARGUMENTS)
        from tyonjako.organisation.models import ServiceArea

        if not ServiceArea.objects.exists():
            raise CommandError(NO_ORGANISATION, returncode=DATA_PROBLEM)
        opts = ImportOptions(
            profile=options["profile"],
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
            create_missing=options["create_missing"],
            sheet=options["sheet"],
            language=options["language"],
        )
        bar = None if options["no_progress"] else ProgressBar()
        try:
            result = run_import(path, opts, progress=bar)
        except (ProfileError, FileNotFoundError, KeyError) as problem:
            raise CommandError(str(problem), returncode=BAD_ARGUMENTS) from None
        if bar:
            bar.done()
        batch = result.batch
        with translation.override(options["language"]):
            for error in result.errors[:200]:
                self.stderr.write(f"{path.name}: {error_line(error)}")
        if len(result.errors) > 200:
            self.stderr.write(f"… and {len(result.errors) - 200} more")
        self.stdout.write(
            f"{batch.get_status_display()}: {batch.rows_read} rows read, "
            f"{batch.rows_created} created, {batch.rows_updated} updated, "
            f"{batch.rows_unchanged} unchanged, {batch.rows_rejected} rejected"
        )
        if batch.created_values:
            for list_name, values in batch.created_values.items():
                self.stdout.write(f"created for review ({list_name}): {', '.join(values)}")
        if result.rejected_file:
            self.stdout.write(f"rejected rows: {result.rejected_file}")
        if batch.rows_created or batch.rows_updated:
            recounted = len(stale_months())
            left = refresh_tallies()
            self.stdout.write(f"monthly statistics recounted: {recounted - len(left)} months")
        if result.errors and not opts.skip_invalid:
            raise CommandError(
                "nothing was written" if not opts.dry_run else "the file has errors", returncode=1
            )


NO_ORGANISATION = (
    "the database holds no organisation, so there is no unit to import encounters into "
    "and no service area to hold new units: load the organisation first "
    "(`tyonjako org load ORGANISATION.yaml`), then import again"
)


class ProgressBar:
    """A terminal progress bar on standard error: rows, percent, rows per second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.interactive = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, fraction: float | None, rows: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        if not self.interactive and time.monotonic() - self.last < 5:
            return
        self.last = time.monotonic()
        share = fraction or 0.0
        filled = int(share * 30)
        bar = "#" * filled + "." * (30 - filled)
        line = f"[{bar}] {share * 100:5.1f} % {rows:>9} rows {rows / elapsed:>8.0f}/s"
        sys.stderr.write(
            ("\r" if self.interactive else "") + line + ("" if self.interactive else "\n")
        )
        sys.stderr.flush()

    def done(self) -> None:
        if self.interactive:
            sys.stderr.write("\n")
