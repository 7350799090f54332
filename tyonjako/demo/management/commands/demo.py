from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tyonjako.common.commands import BAD_ARGUMENTS
from tyonjako.demo.build import DemoRefused, build_demo
from tyonjako.demo.organisation import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Fill an empty database with a reproducible bilingual demo area (only with DEBUG on)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing (and succeed) if data exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "the demo refuses to run with DEBUG off: it would mix invented data with real data",
                returncode=BAD_ARGUMENTS,
            )
        try:
            summary = build_demo()
        except DemoRefused as error:
            if options["if_empty"]:
                self.stdout.write("Data exists; demo not loaded.")
                self.print_users()
                return
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from None
        self.stdout.write(
            f"Demo loaded: {summary.workers} workers, {summary.clients} clients, "
            f"{summary.assignments} assignments, {summary.encounters} encounters."
        )
        self.print_users()

    def print_users(self) -> None:
        self.stdout.write(f"Demo log-ins (password '{DEMO_PASSWORD}'):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<20} {user.description}")
