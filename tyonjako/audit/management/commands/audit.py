from __future__ import annotations

import csv
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.audit.log import log_client_reads
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.audit.report import DEFAULT_YEARS, AccessReportError, access_report

FIELDS = ["time", "user", "action", "purpose", "channel", "detail"]


class Command(BaseCommand):
    help = (
        "Audit log. `audit client KEY` prints one client's access log (who, when, why), "
        "as a client may ask under asiakastietolaki 703/2023 §11. KEY may be an identity code."
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

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = access_report(options["key"], years=options["years"])
        except AccessReportError as error:
            raise CommandError(str(error)) from None
        if report is None:
            raise CommandError("no client with this key")
        client, rows = report
        log_client_reads(None, [client], Purpose.ACCESS_REPORT, Channel.CLI)
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(
                json.dumps({"client": client.key, "entries": rows}, ensure_ascii=False, indent=2)
            )
        elif fmt == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS)
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
