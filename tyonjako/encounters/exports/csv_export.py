"""The encounter statistics of one or more units as one long CSV table.

Columns ``unit, section, key, label, count, period`` (named in the language asked for,
``yksikkö, osio, koodi, …`` in Finnish: see ``common/csv_headers.py``): one row per
count; ``period`` is the applied period (``1.3.2023–31.10.2023``, or "koko aika …"
when none was given).  Sections are
the keys of the statistics dict (``contacts``, ``clients``, ``gender``,
``age_groups``, ``employment``, ``language``, ``reasons``, ``target_groups``,
``codes``, ``duration_bands``, ``partners``, ``referred_by``, ``referred_to``,
``flows``, ``provider``); ``clients`` holds the keys ``clients`` and
``contacts_per_client``; a flow's key is ``SOURCE->DESTINATION``.

Finnish and Swedish: semicolon-separated with a decimal comma and a leading
byte-order mark, so Excel opens the UTF-8 text correctly; English:
comma-separated with a decimal point and no BOM.  The result is a ``str``;
encode it as UTF-8.  A hidden count is ``<5`` (with the report's threshold), a
figure hidden to protect a small one ``x``, a hidden ratio ``..``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any, Final

from tyonjako.common.cells import csv_writer
from tyonjako.common.csv_headers import headers

from .labels import (
    CODE_LISTS,
    HIDDEN_RATIO,
    SECTIONS,
    CodeLabels,
    check_language,
    code_label,
    column_label,
    fixed_keys,
    flow_count,
    flow_pairs,
    format_period,
    hidden_marker,
    is_suppressed,
    section_count,
    text,
)

__all__ = ["COLUMNS", "statistics_csv"]

Report = Mapping[str, Any]

COLUMNS: Final = ("unit", "section", "key", "label", "count", "period")
BOM: Final = "\ufeff"


def statistics_csv(reports: Sequence[Report], labels: CodeLabels, *, language: str) -> str:
    """Return the CSV text of ``reports`` (see the module docstring for the format)."""
    check_language(language)
    english = language == "en"
    out = io.StringIO()
    writer = csv_writer(out, delimiter="," if english else ";", lineterminator="\r\n")
    writer.writerow(headers(COLUMNS, language))
    for report in reports:
        unit = column_label(report, language)
        period = format_period(report, language)
        for section, key, label, value in _rows(report, labels, language):
            writer.writerow((unit, section, key, label, value, period))
    return out.getvalue() if english else BOM + out.getvalue()


def _rows(report: Report, labels: CodeLabels, language: str) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []

    def count(value: Any) -> str:
        return _format(value, report, language, hidden=hidden_marker(report))

    for section in SECTIONS:
        if section == "clients":
            rows.append(
                (
                    section,
                    "clients",
                    text("clients", "clients", language),
                    count(report.get("clients", 0)),
                )
            )
            ratio = report.get("contacts_per_client")
            rows.append(
                (
                    section,
                    "contacts_per_client",
                    text("clients", "contacts_per_client", language),
                    _format(ratio, report, language, hidden=HIDDEN_RATIO),
                )
            )
        elif section == "flows":
            for pair in flow_pairs([report]):
                label = (
                    code_label(labels, "referred_by", pair[0], language)
                    + " → "
                    + code_label(labels, "referred_to", pair[1], language)
                )
                rows.append(
                    (section, f"{pair[0]}->{pair[1]}", label, count(flow_count(report, pair)))
                )
        elif section in CODE_LISTS:
            for code in report.get(section) or {}:
                label = code_label(labels, section, str(code), language)
                rows.append(
                    (section, str(code), label, count(section_count(report, section, code)))
                )
        else:
            for key in fixed_keys([report], section):
                label = text(section, key, language)
                rows.append((section, key, label, count(section_count(report, section, key))))
    return rows


def _format(value: Any, report: Report, language: str, *, hidden: str) -> str:
    if value is None:
        return hidden if is_suppressed(report) else ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        formatted = repr(round(value, 6)) if not value.is_integer() else str(int(value))
        return formatted if language == "en" else formatted.replace(".", ",")
    return str(value)
