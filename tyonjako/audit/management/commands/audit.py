from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.audit.chain import purge, verify
from tyonjako.audit.log import log_client_reads
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.audit.report import DEFAULT_YEARS, AccessReportError, access_report
from tyonjako.common.cells import dict_writer
from tyonjako.common.commands import BAD_ARGUMENTS

FIELDS = ["time", "user", "action", "purpose", "channel", "detail"]


class Command(BaseCommand):
    help = (
        "Audit log. `audit client KEY` prints one client's access log (who, when, why), "
        "as a client may ask under asiakastietolaki 703/2023 §11. KEY may be an identity code. "
        "`audit verify` checks the log's hash chain; `audit purge [--dry-run]` removes rows "
        "past the retention period."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        client = sub.add_parser("client", help="one client's access log")
        client.add_argument(
            "key", help="client number or personal identity code (hashed, never stored)"
        )
        client.add_argument("--format", choices=["text", "json", "csv"], default="text")
        client.add_argument(
            "--years",
            type=int,
            default=DEFAULT_YEARS,
            help="how far back (default 2 years, as in §11)",
        )
        sub.add_parser(
            "verify",
            help="recompute the hash chain of the log; exit code 1 at the first broken link",
        )
        purge = sub.add_parser(
            "purge",
            help="remove log rows older than TYONJAKO_AUDIT_RETENTION_YEARS (a record stays)",
        )
        purge.add_argument(
            "--dry-run", action="store_true", help="only count what would be removed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify()
            return
        if options["subcommand"] == "purge":
            self.purge(dry_run=options["dry_run"])
            return
        self.client(options)

    def verify(self) -> None:
        result = verify()
        if result.sealed_now:
            self.stdout.write(f"sealed {result.sealed_now} new rows")
        if result.broken is not None:
            broken = result.broken
            what = {
                "missing": "the row was removed",
                "altered": "the row or its digest was changed",
                "end": "the chain does not end where its head says (rows removed at its end)",
            }[broken.reason]
            raise CommandError(
                f"BROKEN at link {broken.seq} (log entry {broken.entry_id}): {what}; "
                f"{result.links} links before it hold",
                returncode=1,
            )
        self.stdout.write(f"OK: {result.links} links hold; head {result.head}")

    def purge(self, *, dry_run: bool) -> None:
        result = purge(dry_run=dry_run)
        span = (
            f" from {result.oldest:%d.%m.%Y} to {result.newest:%d.%m.%Y}"
            if result.oldest and result.newest
            else ""
        )
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(
            f"{verb} {result.removed} log rows older than {result.cutoff:%d.%m.%Y}{span}"
        )

    def client(self, options: dict[str, Any]) -> None:
        try:
            report = access_report(options["key"], years=options["years"])
        except AccessReportError as error:
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from None
        if report is None:
            raise CommandError("no client with this key", returncode=BAD_ARGUMENTS)
        client, rows = report
        log_client_reads(None, [client], Purpose.ACCESS_REPORT, Channel.CLI)
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(
                json.dumps({"client": client.key, "entries": rows}, ensure_ascii=False, indent=2)
            )
        elif fmt == "csv":
            writer = dict_writer(sys.stdout, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        else:
            self.stdout.write(f"Access log of client {client.key}")
            for row in rows:
                self.stdout.write(
                    f"{row['time']}  {row['user']:<20} {row['action']:<8} {row['purpose']:<16} "
                    f"{row['channel']:<7} {row['detail']}"
                )
            self.stdout.write(f"{len(rows)} entries")
