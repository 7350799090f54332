"""The surveys' periodic job: rounds open and close on their planned dates, and those whose
link is unused are reminded (docs/surveys.md, "The schedule")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from tyonjako.common.clock import today
from tyonjako.jobs import schedule

from .actions import run_schedule


def run_survey_schedule() -> dict[str, Any]:
    return run_schedule(today(), lambda token: reverse("surveys:answer", args=[token]))


schedule.register("survey-schedule", run_survey_schedule, daily_at=dt.time(7, 0))
