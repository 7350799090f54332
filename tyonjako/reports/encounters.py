"""Encounter statistics through the door: per unit, the figures of seeds 000 and 001.

`SECTIONS` is the one list of the report's sections, in the order the page,
the JSON (command line and API), the CSV and the XLSX show them; the page, the
exports and the JSON are built from it, so they cannot drift.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from tyonjako.common.professions import PROFESSIONS
from tyonjako.encounters.exports import statistics_csv, statistics_workbook
from tyonjako.encounters.exports.labels import SECTIONS as LABELLED_SECTIONS
from tyonjako.encounters.stats import StatsFilter, code_labels, suppress_report, unit_statistics

from .door import ReportError, ReportScope

#: Every section of the encounter statistics, in the order shown everywhere (one list).
SECTIONS: Final = LABELLED_SECTIONS

#: The sections shown as a breakdown table (label → count per unit) on the page.
BREAKDOWNS: Final = tuple(name for name in SECTIONS if name not in ("contacts", "clients"))

#: The JSON keys: every section, with the applied period and the suppression in force.
JSON_KEYS: Final = (
    "unit",
    "from",
    "to",
    "period",
    "profession",
    "suppressed",
    "threshold",
    *SECTIONS[:2],
    "contacts_per_client",
    *SECTIONS[2:],
)


class UnknownProfession(ReportError):
    pass


def reports_for(
    scope: ReportScope, codes: list[str], *, profession: str | None = None
) -> list[dict[str, Any]]:
    """One report per place code, each in scope, over the scope's period."""
    if profession and profession not in PROFESSIONS:
        raise UnknownProfession(f"unknown profession {profession!r}")
    period = scope.period
    reports = []
    for code in scope.require(codes):
        report = unit_statistics(StatsFilter(code, period.start, period.end, profession=profession))
        report.update(period=period.label(), profession=profession)
        if scope.suppress:
            report = suppress_report(report, scope.threshold)
        reports.append(report)
    return reports


def as_json(reports: list[dict[str, Any]], *, full: bool = False) -> str:
    """One unit: its figures at the top level; several: an object keyed by unit code."""
    shaped = [report if full else {key: report.get(key) for key in JSON_KEYS} for report in reports]
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
