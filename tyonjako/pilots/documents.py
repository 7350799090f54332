"""A checkpoint's report and the model description as the page, JSON, XLSX, PDF,
Markdown and DOCX show them: one set of rows per document, so formats agree."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from tyonjako.common.clock import today
from tyonjako.common.suppression import mark
from tyonjako.organisation.models import Team, Unit
from tyonjako.reports.pilots import indicator_catalogue, shown_figures
from tyonjako.web.pdf import render_pdf

from .innokyla import SECTIONS, Section, as_markdown, prefill, sections
from .models import Checkpoint, ModelDescription, Pilot

CONTACT_TYPES = ("visit", "phone", "no_show", "home_visit", "remote", "other")


@dataclass(frozen=True)
class IndicatorRow:
    key: str
    name: str
    description: str
    source: str
    total: str
    baseline: str
    difference: str
    places: dict[str, str]
    value: float | None
    suppressed: bool
    is_rate: bool


def format_value(data: dict[str, Any] | None) -> str:
    """An indicator value for a person: 12,5 % / 3,0 / –; a hidden one says why."""
    if data is None:
        return "–"
    if data.get("suppressed"):
        return f"n<{settings.SMALL_CELL_THRESHOLD}"
    value = data.get("value")
    if value is None:
        return "–"
    statistic = data.get("statistic")
    if statistic == "rate":
        return f"{formats.number_format(value, 1)} %"
    if statistic == "count":
        return formats.number_format(value, 0)
    if statistic == "ratio":
        return formats.number_format(value, 2)
    return formats.number_format(value, 1)


def _signed(value: float | None) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else ""
    return f"{sign}{formats.number_format(value, 1)}"


def place_names(codes: list[str], language: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for code in codes:
        place: Team | Unit | None = (
            Team.objects.filter(code=code).first() or Unit.objects.filter(code=code).first()
        )
        if place is None:
            names[code] = code
        else:
            names[code] = (place.name_sv if language == "sv" else place.name_fi) or place.name_fi
    return names


def indicator_rows(figures: dict[str, Any], language: str) -> list[IndicatorRow]:
    catalogue = indicator_catalogue()
    rows = []
    for key, entry in figures["indicators"].items():
        definition = catalogue.get(key)
        total = entry.get("total") or {}
        rows.append(
            IndicatorRow(
                key=key,
                name=definition.name.get(language) if definition else key,
                description=definition.description.get(language) if definition else "",
                source=definition.source.get(language) if definition else "",
                total=format_value(entry.get("total")),
                baseline=format_value(entry.get("baseline")) if entry.get("baseline") else "",
                difference=_signed(entry.get("difference")),
                places={code: format_value(value) for code, value in entry["places"].items()},
                value=total.get("value"),
                suppressed=bool(total.get("suppressed")),
                is_rate=total.get("statistic") == "rate",
            )
        )
    return rows


def _cell(shown: Any) -> str:
    """A count as shown: the count, "<5" for a count under the threshold, "x" for a figure
    hidden only so that a small one beside it cannot be worked out."""
    return mark(shown, settings.SMALL_CELL_THRESHOLD)


def encounter_rows(shown: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """Per place: contacts by type and clients, all workers and counsellors."""
    out = []
    for code, by in shown["encounters"].items():
        for who in ("all", "counsellor"):
            report = by[who]
            contacts = report["contacts"]
            out.append(
                {
                    "place": names.get(code, code),
                    "who": _("all workers") if who == "all" else _("counsellors"),
                    "contacts": [_cell(contacts.get(kind)) for kind in CONTACT_TYPES],
                    "total": _cell(contacts.get("total")),
                    "clients": _cell(report["clients"]),
                }
            )
    return out


DISTRIBUTIONS = ("reasons", "target_groups", "codes", "duration_bands", "partners")


def counsellor_tables(
    shown: dict[str, Any], names: dict[str, str], language: str
) -> list[dict[str, Any]]:
    """Seed 000 A: the counsellors' encounters by reason, target group, code, duration band
    and partner, a column per place (the same counts and marks as the statistics page)."""
    from tyonjako.encounters.exports.labels import code_label, text
    from tyonjako.encounters.stats import code_labels

    reports = {code: by["counsellor"] for code, by in shown["encounters"].items()}
    labels = code_labels(list(reports.values()))
    tables = []
    for section in DISTRIBUTIONS:
        keys: list[str] = []
        for report in reports.values():
            keys += [key for key in report.get(section, {}) if key not in keys]
        if not keys:
            continue
        rows = []
        for key in keys:
            label = (
                text(section, key, language)
                if section == "duration_bands"
                else code_label(labels, section, key, language)
            )
            cells = [_cell(report.get(section, {}).get(key, 0)) for report in reports.values()]
            rows.append({"label": label, "cells": cells})
        tables.append(
            {
                "title": text("sheets", section, language),
                "places": [names.get(code, code) for code in reports],
                "rows": rows,
            }
        )
    return tables


def task_rows(shown: dict[str, Any], names: dict[str, str], language: str) -> list[dict[str, Any]]:
    """The task mix per place: hours of social workers and counsellors on each task."""
    from tyonjako.tasks.services import active_catalogue

    catalogue = active_catalogue()
    rows = []
    for code, report in shown.get("tasks", {}).items():
        for task_code, by in report["tasks"].items():
            task = catalogue.task(task_code)
            rows.append(
                {
                    "place": names.get(code, code),
                    "task": task.names.get(language) if task else task_code,
                    "social_worker": _hours(by.get("social_worker")),
                    "counsellor": _hours(by.get("counsellor")),
                }
            )
    return rows


def _hours(cell: dict[str, Any] | None) -> str:
    if not cell:
        return "0"
    if cell.get("hours") is None:
        return f"<{settings.SMALL_CELL_THRESHOLD}"  # the hours of a count under the threshold
    return formats.number_format(cell["hours"], 1)


def _scenario(key: str) -> dict[str, str] | None:
    """The staffing scenario the decision rests on: its name, unit and page."""
    from django.urls import reverse

    from tyonjako.staffing.models import Scenario

    scenario = Scenario.objects.filter(key=key).select_related("unit").first() if key else None
    if scenario is None:
        return None
    return {
        "key": scenario.key,
        "name": scenario.name,
        "unit": scenario.unit.name,
        "url": f"{reverse('staffing:scenarios')}?unit={scenario.unit.code}",
    }


def survey_rows(figures: dict[str, Any], language: str) -> list[dict[str, str]]:
    """The survey questions of the report: how many answered and what they said."""
    rows = []
    for item in figures.get("surveys", []):
        label = item["label"].get(language) or item["label"].get("fi", item["reference"])
        when = item["round"]
        if item.get("period") == "baseline":
            when = _("%(round)s (baseline)") % {"round": item["round"]}
        if not item["shown"]:
            rows.append(
                {
                    "round": when,
                    "label": label,
                    "responses": f"n<{settings.SMALL_CELL_THRESHOLD}",
                    "summary": _("too few answers to show"),
                }
            )
            continue
        if item["mean"] is not None:
            summary = _("mean %(mean)s, median %(median)s") % {
                "mean": formats.number_format(item["mean"], 1),
                "median": formats.number_format(item["median"], 1),
            }
        else:
            top = sorted(item["shares"], key=lambda share: -share["count"])[:3]
            summary = ", ".join(
                f"{share.get(language) or share['fi']} "
                f"{formats.number_format(100 * share['share'], 0)} %"
                for share in top
            )
        rows.append(
            {
                "round": when,
                "label": label,
                "responses": str(item["responses"]),
                "summary": summary,
            }
        )
    return rows


def contact_type_labels() -> list[str]:
    return [
        _("visits"),
        _("phone calls"),
        _("no-shows"),
        _("home visits"),
        _("remote contacts"),
        _("other contacts"),
    ]


def report_context(checkpoint: Checkpoint, *, suppressed: bool, language: str) -> dict[str, Any]:
    """Everything the report shows, in one dictionary for the page, the PDF and the XLSX."""
    pilot = checkpoint.pilot
    definition = pilot.definition()
    figures = (
        shown_figures(
            checkpoint.figures, suppressed=suppressed, threshold=settings.SMALL_CELL_THRESHOLD
        )
        if checkpoint.figures
        else None
    )
    names = place_names(list(definition.places), language)
    meetings = pilot.meetings.filter(date__lte=checkpoint.report_due)
    return {
        "pilot": pilot,
        "definition": definition,
        "checkpoint": checkpoint,
        "language": language,
        "figures": figures,
        "indicators": indicator_rows(figures, language) if figures else [],
        "encounters": encounter_rows(figures, names) if figures else [],
        "surveys": survey_rows(figures, language) if figures else [],
        "counsellor_tables": counsellor_tables(figures, names, language) if figures else [],
        "task_rows": task_rows(figures, names, language) if figures else [],
        "threshold": settings.SMALL_CELL_THRESHOLD,
        "contact_types": contact_type_labels(),
        "place_names": names,
        "meetings": list(meetings),
        "scenario": _scenario(checkpoint.scenario_key),
        "conclusions": checkpoint.text("conclusions", language),
        "decision": checkpoint.text("decision", language),
        "printed": today(),
        "suppressed": suppressed,
    }


def report_json(checkpoint: Checkpoint, *, suppressed: bool) -> dict[str, Any]:
    """The report as data: the same frozen figures the page and the PDF show."""
    figures = (
        shown_figures(
            checkpoint.figures, suppressed=suppressed, threshold=settings.SMALL_CELL_THRESHOLD
        )
        if checkpoint.figures
        else None
    )
    return {
        "pilot": checkpoint.pilot.key,
        "checkpoint": checkpoint.key,
        "cut_off": checkpoint.cut_off.isoformat(),
        "report_due": checkpoint.report_due.isoformat(),
        "frozen_at": checkpoint.frozen_at.isoformat() if checkpoint.frozen_at else None,
        "approved_at": checkpoint.approved_at.isoformat() if checkpoint.approved_at else None,
        "figures": figures,
        "conclusions": {"fi": checkpoint.conclusions_fi, "sv": checkpoint.conclusions_sv},
        "decision": {"fi": checkpoint.decision_fi, "sv": checkpoint.decision_sv},
        "scenario": checkpoint.scenario_key or None,
    }


def report_pdf(checkpoint: Checkpoint, *, suppressed: bool, language: str) -> bytes:
    with translation.override(language):
        return render_pdf(
            "pilots/report_print.html",
            report_context(checkpoint, suppressed=suppressed, language=language),
            stylesheet="pilots/report-print.css",
        )


def report_xlsx(checkpoint: Checkpoint, *, suppressed: bool, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(language):
        context = report_context(checkpoint, suppressed=suppressed, language=language)
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = _("Indicators")[:31]
        pilot, cp = context["pilot"], context["checkpoint"]
        sheet.append([pilot.name(language)])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([cp.name(language), _("Data cut-off"), cp.cut_off.strftime("%-d.%-m.%Y")])
        if context["suppressed"]:
            sheet.append(
                [
                    _("Values resting on fewer than %(n)s cases are hidden.")
                    % {"n": settings.SMALL_CELL_THRESHOLD}
                ]
            )
        sheet.append([])
        codes = list(context["place_names"])
        header = [_("Indicator"), _("Pilot"), _("Baseline"), _("Difference")]
        header += [context["place_names"][code] for code in codes]
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in context["indicators"]:
            sheet.append(
                [row.name, row.total, row.baseline, row.difference]
                + [row.places.get(code, "") for code in codes]
            )
        sheet.column_dimensions["A"].width = 48
        contacts = book.create_sheet(_("Contacts")[:31])
        contacts.append(
            [_("Place"), _("Workers"), *context["contact_types"], _("Total"), _("Clients")]
        )
        for cell in contacts[1]:
            cell.font = Font(bold=True)
        for item in context["encounters"]:
            contacts.append(
                [item["place"], item["who"], *item["contacts"], item["total"], item["clients"]]
            )
        contacts.column_dimensions["A"].width = 36
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


# ------------------------------------------------------------ model description


def description_sections(pilot: Pilot, language: str) -> list[Section]:
    definition = pilot.definition()
    latest = pilot.checkpoints.filter(frozen_at__isnull=False).order_by("-cut_off").first()
    lines: list[str] = []
    conclusions = decision = ""
    if latest is not None and latest.figures:
        figures = shown_figures(
            latest.figures, suppressed=True, threshold=settings.SMALL_CELL_THRESHOLD
        )
        with translation.override(language):
            for row in indicator_rows(figures, language):
                lines.append(f"{row.name}: {row.total}")
        conclusions = latest.text("conclusions", language)
        decision = latest.text("decision", language)
    names = list(place_names(list(definition.places), language).values())
    with translation.override(language):
        filled = prefill(
            definition,
            language,
            indicator_lines=lines,
            conclusions=conclusions,
            decision=decision,
            place_names=names,
        )
        stored = ModelDescription.objects.filter(pilot=pilot).first()
        saved = stored.texts if stored else {}
        return sections(saved, filled, language)


def description_title(pilot: Pilot, language: str) -> str:
    return pilot.name(language)


def description_markdown(pilot: Pilot, language: str) -> str:
    with translation.override(language):
        return as_markdown(
            description_title(pilot, language),
            description_sections(pilot, language),
            _("Development path"),
        )


def description_docx(pilot: Pilot, language: str) -> bytes:
    from docx import Document

    items = description_sections(pilot, language)
    with translation.override(language):
        document = Document()
        document.add_heading(description_title(pilot, language), level=0)
        document.add_paragraph(_("Model description in the structure of Innokylä"))
        for number, section in enumerate(items[: len(SECTIONS)], start=1):
            document.add_heading(f"{number}. {section.title}", level=1)
            _paragraphs(document, section.text)
        document.add_heading(_("Development path"), level=1)
        for section in items[len(SECTIONS) :]:
            document.add_heading(section.title, level=2)
            _paragraphs(document, section.text)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def _paragraphs(document: Any, text: str) -> None:
    for line in (text or "–").splitlines():
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            document.add_paragraph(line)


def description_pdf(pilot: Pilot, language: str) -> bytes:
    items = description_sections(pilot, language)
    with translation.override(language):
        return render_pdf(
            "pilots/description_print.html",
            {
                "title": description_title(pilot, language),
                "sections": items[: len(SECTIONS)],
                "path": items[len(SECTIONS) :],
                "language": language,
                "printed": today(),
            },
            stylesheet="pilots/description-print.css",
        )
