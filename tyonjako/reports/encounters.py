"""`tyonjako report encounters`: per unit, the figures of seeds 000 and 001."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings

from tyonjako.encounters.exports import statistics_csv, statistics_workbook
from tyonjako.encounters.stats import StatsFilter, code_labels, suppress_report, unit_statistics

JSON_KEYS = (
    "contacts",
    "clients",
    "gender",
    "employment",
    "reasons",
    "target_groups",
    "codes",
    "duration_bands",
    "partners",
    "referred_by",
    "referred_to",
)


def reports_for(
    codes: list[str], start: dt.date | None, end: dt.date | None, *, suppress: bool
) -> list[dict[str, Any]]:
    reports = [unit_statistics(StatsFilter(code, start, end)) for code in codes]
    if suppress:
        reports = [suppress_report(report, settings.SMALL_CELL_THRESHOLD) for report in reports]
    return reports


def as_json(reports: list[dict[str, Any]], *, full: bool = False) -> str:
    """One unit: its figures at the top level; several: an object keyed by unit code."""
    shaped = [report if full else {key: report[key] for key in JSON_KEYS} for report in reports]
    data: Any = (
        shaped[0]
        if len(shaped) == 1
        else {r["unit"]: s for r, s in zip(reports, shaped, strict=True)}
    )
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_csv(reports: list[dict[str, Any]], language: str) -> str:
    return statistics_csv(reports, code_labels(reports), language=language)


def as_xlsx(
    reports: list[dict[str, Any]], language: str, title: str, generated: dt.datetime
) -> bytes:
    return statistics_workbook(
        reports, code_labels(reports), language=language, title=title, generated=generated
    )
