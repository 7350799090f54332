"""The encounter statistics of one or more units as an XLSX workbook.

The workbook reads like a document a unit files: a cover sheet (title, units and
periods, time of generation, a data-protection note when small cells have been
suppressed, and the source line), then one sheet per topic with the units side
by side, one column each.  Several reports thus give the side-by-side site
comparison of the old pilot reports; the same unit at two cut-off dates gives a
progress comparison.

Topic sheet layout: row 1 heading, row 2 the document title, row 4 the column
headers (unit names), row 5 the period of each unit, data from row 6.  Panes are
frozen below row 5 and right of the label columns, and rows 4–5 repeat on every
printed page.

Counts are written as numbers with the number format ``#,##0`` (``#,##0.0`` for
contacts per client); Excel and LibreOffice show them with the reader's decimal
comma and thousands separator.  A count hidden by the caller's small-cell
suppression (``None`` in a suppressed report) is the right-aligned text ``<5``
(with the report's threshold); a hidden ratio is ``..``.  A code missing from a
unit's report is 0: the reports list the codes that occurred.

No Django here: the module takes plain dicts and returns bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from tyonjako.common.cells import harden_workbook

from .labels import (
    HIDDEN_RATIO,
    LABELS,
    CodeLabels,
    check_language,
    code_label,
    fixed_keys,
    flow_count,
    flow_pairs,
    format_generated,
    format_period,
    hidden_marker,
    is_suppressed,
    section_count,
    shown_code,
    text,
    union_keys,
    unit_name,
    xlsx_sheets,
)

__all__ = ["FIRST_DATA_ROW", "HEADER_ROW", "LABELS", "PERIOD_ROW", "statistics_workbook"]

Report = Mapping[str, Any]

HEADER_ROW: Final = 4
PERIOD_ROW: Final = 5
FIRST_DATA_ROW: Final = 6

COUNT_FORMAT: Final = "#,##0"
RATIO_FORMAT: Final = "#,##0.0"

_THIN = Side(style="thin", color="A6A6A6")
_MEDIUM = Side(style="medium", color="1F3864")
_HEADER_FONT = Font(bold=True, color="1F3864")
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_SECTION_FONT = Font(bold=True)
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_TITLE_FONT = Font(bold=True, size=14, color="1F3864")
_COVER_TITLE_FONT = Font(bold=True, size=18, color="1F3864")
_SUBTITLE_FONT = Font(italic=True, color="595959")
_NOTE_FONT = Font(italic=True, size=9, color="595959")
_TOTAL_FONT = Font(bold=True)
_CELL_BORDER = Border(bottom=_THIN)
_HEADER_BORDER = Border(bottom=_MEDIUM)
_TOTAL_BORDER = Border(top=_MEDIUM, bottom=_THIN)
_RIGHT = Alignment(horizontal="right", vertical="top")
_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_HEADER_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)

_A4 = 9
_MAX_LABEL_WIDTH = 60
_HEADER_FOOTER_MAX = 80


def statistics_workbook(
    reports: Sequence[Report],
    labels: CodeLabels,
    *,
    language: str,
    title: str,
    generated: dt.datetime,
) -> bytes:
    """Build the workbook and return it as XLSX bytes.

    ``reports`` are encounter statistics dicts (one column per report on every
    topic sheet, in the given order); ``labels`` maps a code list name to code to
    ``{"fi", "sv", "en"}`` label; ``language`` is ``fi``, ``sv`` or ``en``.
    """
    check_language(language)
    reports = list(reports)
    writer = _Writer(reports, labels, language, title, generated)
    return writer.build()


class _Writer:
    def __init__(
        self,
        reports: list[Report],
        labels: CodeLabels,
        language: str,
        title: str,
        generated: dt.datetime,
    ) -> None:
        self.reports = reports
        self.labels = labels
        self.lang = language
        self.title = title
        self.generated = generated
        self.generated_text = format_generated(generated, language)
        self.wb = Workbook()
        self.section_rows: set[tuple[str, int]] = set()
        self.thresholds = sorted(
            {int(r.get("threshold") or 5) for r in reports if is_suppressed(r)}
        )

    # -- helpers ---------------------------------------------------------------

    def t(self, group: str, key: str) -> str:
        return text(group, key, self.lang)

    def sheet_name(self, key: str) -> str:
        return self.t("sheets", key)[:31]

    def build(self) -> bytes:
        cover = self.wb.active
        assert isinstance(cover, Worksheet)
        cover.title = self.sheet_name("cover")
        fills: dict[str, Callable[[Worksheet], int]] = {
            "contacts": self.contacts,
            "clients": self.clients,
            "reasons": lambda ws: self.code_list(ws, "reasons", FIRST_DATA_ROW),
            "target_groups": lambda ws: self.code_list(ws, "target_groups", FIRST_DATA_ROW),
            "codes": lambda ws: self.code_list(ws, "codes", FIRST_DATA_ROW),
            "duration_bands": lambda ws: self.fixed_rows(ws, "duration_bands", FIRST_DATA_ROW),
            "partners": lambda ws: self.code_list(ws, "partners", FIRST_DATA_ROW),
            "referrals": self.referrals,
            "provider": lambda ws: self.fixed_rows(ws, "provider", FIRST_DATA_ROW),
        }
        # The sheets follow the one list of sections (labels.SECTIONS, XLSX_SHEET_OF).
        topics = [(key, fills[key]) for key in xlsx_sheets()]
        self.cover(cover, [key for key, _ in topics])
        for key, fill in topics:
            ws = self.wb.create_sheet(self.sheet_name(key))
            label_headers = self.label_headers(key)
            self.topic_header(ws, key, label_headers)
            last_row = fill(ws)
            self.finish_topic(ws, len(label_headers), last_row)
        self.wb.properties.title = self.title
        self.wb.properties.creator = "Työnjako"
        self.wb.properties.language = self.lang
        created = self.generated
        if created.tzinfo is not None:
            created = created.astimezone(dt.UTC).replace(tzinfo=None)
        self.wb.properties.created = created
        harden_workbook(self.wb)
        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()

    def label_headers(self, key: str) -> list[str]:
        if key == "contacts":
            return [self.t("text", "contact_type")]
        if key == "clients":
            return [self.t("text", "item")]
        if key in ("duration_bands", "provider"):
            return [self.t("text", "duration" if key == "duration_bands" else "provider")]
        if key == "referrals":
            return ["", ""]
        return [self.t("text", "code"), self.t("text", "description")]

    # -- cover -------------------------------------------------------------------

    def cover(self, ws: Worksheet, topics: list[str]) -> None:
        ws.sheet_view.showGridLines = False
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 48
        ws.column_dimensions["C"].width = 26
        cell = ws.cell(1, 1, self.title)
        cell.font = _COVER_TITLE_FONT
        row = 3
        ws.cell(row, 1, self.t("text", "units")).font = Font(bold=True, size=12)
        row += 1
        for col, header in enumerate(
            (self.t("text", "unit_code"), self.t("text", "unit"), self.t("text", "period")), 1
        ):
            self.header_cell(ws, row, col, header, align=_HEADER_LEFT)
        for report in self.reports:
            row += 1
            values = (str(report.get("unit") or ""), unit_name(report, self.lang))
            for col, value in enumerate((*values, format_period(report, self.lang)), 1):
                c = ws.cell(row, col, value)
                c.alignment = _LEFT
                c.border = _CELL_BORDER
        row += 2
        ws.cell(row, 1, self.t("text", "generated")).font = Font(bold=True)
        ws.cell(row, 2, self.generated_text)
        row += 2
        ws.cell(row, 1, self.t("text", "contents")).font = Font(bold=True, size=12)
        for key in topics:
            row += 1
            name = self.sheet_name(key)
            link = ws.cell(row, 1, name)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"{quote_sheetname(name)}!A1", display=name
            )
            link.font = Font(color="1F3864", underline="single")
            ws.cell(row, 2, self.t("headings", key))
        for threshold in self.thresholds:
            row += 2
            note = ws.cell(row, 1, self.t("text", "suppression").format(threshold=threshold))
            note.alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            ws.row_dimensions[row].height = 32
            row += 1
            ws.cell(row, 1, self.t("text", "protected_short"))
        row += 2
        ws.cell(row, 1, self.t("text", "sources")).font = _SUBTITLE_FONT
        self.print_setup(ws, header_rows=None)

    # -- topic sheets ------------------------------------------------------------

    def topic_header(self, ws: Worksheet, key: str, label_headers: list[str]) -> None:
        ws.sheet_view.showGridLines = False
        ws.cell(1, 1, self.t("headings", key)).font = _TITLE_FONT
        ws.cell(2, 1, self.title).font = _SUBTITLE_FONT
        first_unit = len(label_headers) + 1
        for col, header in enumerate(label_headers, 1):
            self.header_cell(ws, HEADER_ROW, col, header, align=_HEADER_LEFT)
            self.header_cell(ws, PERIOD_ROW, col, None, align=_HEADER_LEFT)
        for index, report in enumerate(self.reports):
            col = first_unit + index
            self.header_cell(ws, HEADER_ROW, col, unit_name(report, self.lang))
            period = self.header_cell(ws, PERIOD_ROW, col, format_period(report, self.lang))
            period.font = Font(bold=True, color="1F3864", size=9)
        ws.freeze_panes = ws.cell(FIRST_DATA_ROW, first_unit).coordinate

    def header_cell(
        self, ws: Worksheet, row: int, col: int, value: Any, align: Alignment = _HEADER_ALIGN
    ) -> Any:
        cell = ws.cell(row, col, value)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = align
        cell.border = _HEADER_BORDER
        return cell

    def section_row(self, ws: Worksheet, row: int, heading: str, width: int) -> None:
        self.section_rows.add((ws.title, row))
        for col in range(1, width + 1):
            cell = ws.cell(row, col, heading if col == 1 else None)
            cell.font = _SECTION_FONT
            cell.fill = _SECTION_FILL

    def count_cell(self, ws: Worksheet, row: int, col: int, report: Report, value: Any) -> None:
        cell = ws.cell(row, col)
        if value is None:
            if is_suppressed(report):
                cell.value = hidden_marker(report)
        elif isinstance(value, bool):
            cell.value = int(value)
        elif isinstance(value, int | float):
            cell.value = value
            cell.number_format = COUNT_FORMAT
        else:
            cell.value = str(value)
        cell.alignment = _RIGHT
        cell.border = _CELL_BORDER

    def ratio_cell(self, ws: Worksheet, row: int, col: int, report: Report, value: Any) -> None:
        cell = ws.cell(row, col)
        if value is None:
            if is_suppressed(report):
                cell.value = HIDDEN_RATIO
        elif isinstance(value, int | float) and not isinstance(value, bool):
            cell.value = value
            cell.number_format = RATIO_FORMAT
        else:
            cell.value = str(value)
        cell.alignment = _RIGHT
        cell.border = _CELL_BORDER

    def label_cells(self, ws: Worksheet, row: int, values: Sequence[str]) -> None:
        for col, value in enumerate(values, 1):
            cell = ws.cell(row, col, value)
            cell.alignment = _LEFT
            cell.border = _CELL_BORDER

    def no_data(self, ws: Worksheet, row: int) -> int:
        ws.cell(row, 1, self.t("text", "no_data")).font = _SUBTITLE_FONT
        return row

    def fixed_rows(self, ws: Worksheet, group: str, row: int) -> int:
        """Rows of a fixed breakdown from ``row``; returns the last row written."""
        first_unit = 2
        for key in fixed_keys(self.reports, group):
            self.label_cells(ws, row, [self.t(group, key)])
            for index, report in enumerate(self.reports):
                value = section_count(report, group, key)
                self.count_cell(ws, row, first_unit + index, report, value)
            if key == "total":
                for col in range(1, first_unit + len(self.reports)):
                    ws.cell(row, col).font = _TOTAL_FONT
                    ws.cell(row, col).border = _TOTAL_BORDER
            row += 1
        return row - 1

    def contacts(self, ws: Worksheet) -> int:
        return self.fixed_rows(ws, "contacts", FIRST_DATA_ROW)

    def clients(self, ws: Worksheet) -> int:
        row = FIRST_DATA_ROW
        width = 1 + len(self.reports)
        self.label_cells(ws, row, [self.t("clients", "clients")])
        for index, report in enumerate(self.reports):
            self.count_cell(ws, row, 2 + index, report, report.get("clients", 0))
        row += 1
        self.label_cells(ws, row, [self.t("clients", "contacts_per_client")])
        for index, report in enumerate(self.reports):
            self.ratio_cell(ws, row, 2 + index, report, report.get("contacts_per_client"))
        for group in ("gender", "age_groups", "employment", "language"):
            row += 2
            self.section_row(ws, row, self.t("headings", group), width)
            row = self.fixed_rows(ws, group, row + 1)
        return row

    def code_list(self, ws: Worksheet, section: str, row: int) -> int:
        codes = union_keys(self.reports, section)
        if not codes:
            return self.no_data(ws, row)
        for code in codes:
            label = code_label(self.labels, section, code, self.lang)
            self.label_cells(ws, row, [shown_code(code), label])
            for index, report in enumerate(self.reports):
                value = section_count(report, section, code)
                self.count_cell(ws, row, 3 + index, report, value)
            row += 1
        return row - 1

    def referrals(self, ws: Worksheet) -> int:
        width = 2 + len(self.reports)
        row = FIRST_DATA_ROW
        for section in ("referred_by", "referred_to"):
            self.section_row(ws, row, self.t("headings", section), width)
            row += 1
            self.sub_header(ws, row, [self.t("text", "code"), self.t("text", "description")])
            row = self.code_list(ws, section, row + 1) + 2
        self.section_row(ws, row, self.t("headings", "flows"), width)
        row += 1
        self.sub_header(ws, row, [self.t("text", "source"), self.t("text", "destination")])
        row += 1
        pairs = flow_pairs(self.reports)
        if not pairs:
            return self.no_data(ws, row)
        for pair in pairs:
            source = code_label(self.labels, "referred_by", pair[0], self.lang)
            destination = code_label(self.labels, "referred_to", pair[1], self.lang)
            self.label_cells(ws, row, [source, destination])
            for index, report in enumerate(self.reports):
                self.count_cell(ws, row, 3 + index, report, flow_count(report, pair))
            row += 1
        return row - 1

    def sub_header(self, ws: Worksheet, row: int, headers: list[str]) -> None:
        for col, header in enumerate(headers, 1):
            cell = ws.cell(row, col, header)
            cell.font = Font(bold=True, italic=True)
            cell.border = _CELL_BORDER

    # -- finishing ---------------------------------------------------------------

    def finish_topic(self, ws: Worksheet, label_columns: int, last_row: int) -> None:
        row = last_row + 2
        for threshold in self.thresholds:
            ws.cell(row, 1, self.t("text", "suppression_short").format(threshold=threshold))
            ws.cell(row, 1).font = _NOTE_FONT
            ws.cell(row + 1, 1, self.t("text", "protected_short")).font = _NOTE_FONT
            row += 2
        ws.cell(row, 1, self.t("text", "sources")).font = _NOTE_FONT
        self.column_widths(ws, label_columns, last_row)
        self.print_setup(ws, header_rows=f"{HEADER_ROW}:{PERIOD_ROW}")

    def column_widths(self, ws: Worksheet, label_columns: int, last_row: int) -> None:
        for col in range(1, label_columns + 1):
            longest = max(
                (
                    len(str(ws.cell(row, col).value))
                    for row in range(HEADER_ROW, last_row + 1)
                    if ws.cell(row, col).value is not None
                    and (ws.title, row) not in self.section_rows
                ),
                default=8,
            )
            # Section headings in column A may run over; the labels set the width.
            width = min(max(longest + 2, 12), _MAX_LABEL_WIDTH)
            if col == 1 and label_columns == 2:
                width = min(width, 24)
            ws.column_dimensions[get_column_letter(col)].width = width
        for index, report in enumerate(self.reports):
            col = label_columns + 1 + index
            longest = max(
                len(unit_name(report, self.lang)) // 2 + 2,
                len(format_period(report, self.lang)) + 2,
                12,
            )
            ws.column_dimensions[get_column_letter(col)].width = min(longest, 28)
        ws.row_dimensions[HEADER_ROW].height = 32

    def print_setup(self, ws: Worksheet, header_rows: str | None) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = _A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = False
        ws.page_margins.left = ws.page_margins.right = 0.6
        ws.page_margins.top = ws.page_margins.bottom = 0.8
        if header_rows:
            ws.print_title_rows = header_rows
        title = self.title
        if len(title) > _HEADER_FOOTER_MAX:
            title = title[: _HEADER_FOOTER_MAX - 1] + "…"
        ws.oddHeader.left.text = _escape_header(title)
        ws.oddHeader.left.size = 9
        ws.oddHeader.right.text = "&A"
        ws.oddHeader.right.size = 9
        ws.oddFooter.left.text = _escape_header(
            f"{self.t('text', 'sources')} · {self.generated_text}"
        )
        ws.oddFooter.left.size = 8
        ws.oddFooter.right.text = self.t("text", "page")
        ws.oddFooter.right.size = 8


def _escape_header(value: str) -> str:
    """``&`` starts a control code in an Excel header or footer: double it."""
    return value.replace("&", "&&")
