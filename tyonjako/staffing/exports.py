"""The side-by-side figures as an XLSX workbook: the figures, today's posts, the assumptions."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tyonjako.common.clock import HELSINKI

FORMATS = {"euro": "#,##0", "hours": "#,##0.0", "fte": "0.00", "ratio": "0.0 %", "number": "0.00"}


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return float(value)
    return value


def scenario_workbook(context: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Scenarios")[:31]
    bold = Font(bold=True)
    unit = context["unit"]
    sheet.append([_("Staffing and cost scenarios"), unit.name])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Measured work"), f"{context['start']:%d.%m.%Y}–{context['end']:%d.%m.%Y}"])
    sheet.append([_("Created"), f"{context['generated'].astimezone(HELSINKI):%d.%m.%Y %H.%M}"])
    sheet.append([])
    header = [""]
    for column in context["columns"]:
        header.append(str(column["title"]))
        if column["change"] is not None:
            header.append(_("change"))
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    group = None
    for row in context["rows"]:
        if row["group"] != group:
            group = row["group"]
            sheet.append([str(group)])
            sheet.cell(sheet.max_row, 1).font = bold
        line: list[Any] = [str(row["label"])]
        for value, change, column in zip(
            row["values"], row["changes"], context["columns"], strict=True
        ):
            line.append(_value(value) if value is not None else "–")
            if column["change"] is not None:
                line.append(_value(change) if change is not None else "")
        sheet.append(line)
        for cell in sheet[sheet.max_row][1:]:
            if isinstance(cell.value, float | int):
                cell.number_format = FORMATS.get(row["kind"], "0.00")
    sheet.column_dimensions["A"].width = 60
    for letter in "BCDEFGHIJ":
        sheet.column_dimensions[letter].width = 16

    posts = book.create_sheet(_("Posts today")[:31])
    posts.append(
        [_("Post"), _("Profession"), _("Kind"), _("FTE"), _("Filled"), _("Pay grade"), _("Funding")]
    )
    for cell in posts[1]:
        cell.font = bold
    for post in context["posts"]:
        posts.append(
            [
                post["code"],
                post["profession_label"],
                post["kind"],
                float(post["fte"]),
                _value(post["filled"]),
                post["grade"],
                post["funding_text"],
            ]
        )

    assumptions = book.create_sheet(_("Assumptions")[:31])
    assumptions.append([_("Parameter"), _("Value"), _("Source")])
    for cell in assumptions[1]:
        cell.font = bold
    for item in context["assumptions"]:
        assumptions.append([str(item["label"]), float(item["value"]), str(item["source"])])
    for salary in context["salaries"]:
        assumptions.append(
            [
                f"{_('Monthly salary')}: {salary['profession']} {salary['grade']}",
                float(salary["salary"]),
                _("Talentia's salary recommendation (docs/scenarios.md)."),
            ]
        )
    assumptions.column_dimensions["A"].width = 50
    assumptions.column_dimensions["C"].width = 70
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
