from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.audit.log import log_client_reads
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.caseload.compliance_db import finding_dict, record_snapshot, team_findings
from tyonjako.clients.models import Client
from tyonjako.common.cells import dict_writer
from tyonjako.common.clock import today
from tyonjako.common.commands import BAD_ARGUMENTS
from tyonjako.common.csv_headers import headers
from tyonjako.organisation.models import Team

FIELDS = ["client", "team", "rule", "severity", "since", "legal_basis", "message", "fix"]


class Command(BaseCommand):
    help = "Compliance findings (§42 personal worker, §36 deadlines, language …) per team."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--team", action="append", default=[], help="team code (repeatable); default all"
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--language",
            choices=["fi", "sv", "en"],
            default="fi",
            help="language of the texts in CSV",
        )
        parser.add_argument(
            "--record", action="store_true", help="also store today's counts per team and rule"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        teams = (
            list(Team.objects.filter(code__in=options["team"]))
            if options["team"]
            else list(Team.objects.all())
        )
        unknown = sorted(set(options["team"]) - {team.code for team in teams})
        if unknown:
            raise CommandError(
                f"unknown team code(s): {', '.join(unknown)}", returncode=BAD_ARGUMENTS
            )
        day = today()
        findings = team_findings([team.pk for team in teams], day)
        if options["record"]:
            record_snapshot(findings, teams, day)
        rows = [finding_dict(finding) for finding in findings]
        # The findings name clients: printing them is a read, logged like a page's.
        keys = sorted({finding.client_key for finding in findings})
        log_client_reads(
            None, list(Client.objects.filter(key__in=keys)), Purpose.INTAKE, Channel.CLI
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        language = options["language"]
        writer = dict_writer(sys.stdout, fieldnames=FIELDS)
        writer.writer.writerow(headers(FIELDS, language))  # the JSON's keys, in the language
        for row in rows:
            writer.writerow(
                {**row, **{key: row[key][language] for key in ("legal_basis", "message", "fix")}}
            )
