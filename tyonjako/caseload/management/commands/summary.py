from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.access.subject import subject_of
from tyonjako.caseload.summary import summary_for
from tyonjako.common.commands import BAD_ARGUMENTS


class Command(BaseCommand):
    help = "The figures of a user's home page, as JSON (the same as the page and the API)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}", returncode=BAD_ARGUMENTS)
        self.stdout.write(json.dumps(summary_for(subject_of(user)), ensure_ascii=False, indent=2))
