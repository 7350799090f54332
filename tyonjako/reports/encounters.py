"""Encounter statistics through the door: per unit, the figures of seeds 000 and 001.

`SECTIONS` is the one list of the report's sections, in the order the page,
the JSON (command line and API), the CSV and the XLSX show them; the page, the
exports and the JSON are built from it, so they cannot drift.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from django.utils.translation import gettext as _

from tyonjako.common.professions import PROFESSIONS
from tyonjako.encounters.exports import statistics_csv, statistics_workbook
from tyonjako.encounters.exports.labels import SECTIONS as LABELLED_SECTIONS
from tyonjako.encounters.stats import StatsFilter, code_labels, suppress_report, unit_statistics

from .door import Period, ReportError, ReportScope

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


class UnknownTable(ReportError):
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
    shaped = [report if full else _shaped(report) for report in reports]
    data: Any = (
        shaped[0]
        if len(shaped) == 1
        else {_json_key(r): s for r, s in zip(reports, shaped, strict=True)}
    )
    return json.dumps(data, ensure_ascii=False, indent=2)


def _shaped(report: dict[str, Any]) -> dict[str, Any]:
    """The JSON keys; a pre-counted table also says so, with its site and source."""
    shaped = {key: report.get(key) for key in JSON_KEYS}
    if report.get("precounted"):
        shaped["precounted"] = report["precounted"]
    return shaped


def _json_key(report: dict[str, Any]) -> str:
    precounted = report.get("precounted")
    return f"table:{precounted['id']}" if precounted else str(report["unit"])


def as_csv(reports: list[dict[str, Any]], language: str) -> str:
    return statistics_csv(reports, code_labels(reports), language=language)


def as_xlsx(
    reports: list[dict[str, Any]], language: str, title: str, generated: dt.datetime
) -> bytes:
    return statistics_workbook(
        reports, code_labels(reports), language=language, title=title, generated=generated
    )


def precounted_in_scope(scope: ReportScope) -> list[Any]:
    """The pre-counted site tables of the units in scope, for choosing in a comparison."""
    from tyonjako.encounters.models import PrecountedTable

    tables = PrecountedTable.objects.select_related("unit").order_by("unit__code", "start")
    return [table for table in tables if table.unit.code in scope.places]


def precounted_reports(scope: ReportScope, ids: list[int]) -> list[dict[str, Any]]:
    """A report per pre-counted table (seed 001's published site tables), each over its
    own period, with the scope's suppression; a table of a unit outside the scope is
    refused like the unit itself."""
    from tyonjako.encounters.models import PrecountedTable
    from tyonjako.encounters.precounted import as_report, finish_report

    valid = [table_id for table_id in ids if 0 < table_id < 2**31]
    tables = {t.pk: t for t in PrecountedTable.objects.select_related("unit").filter(pk__in=valid)}
    reports = []
    for table_id in ids:
        table = tables.get(table_id)
        if table is None:
            raise UnknownTable(_("Pre-counted table %(id)s does not exist.") % {"id": table_id})
        scope.require([table.unit.code])
        report = as_report(
            table_id=table.pk,
            unit=table.unit.code,
            site=table.site,
            start=table.start,
            end=table.end,
            source=table.source,
            figures=table.figures,
        )
        report.update(period=Period(table.start, table.end).label(), profession=None)
        if scope.suppress:
            report = suppress_report(report, scope.threshold)
        reports.append(finish_report(report))
    return reports
