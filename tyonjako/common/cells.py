"""Spreadsheet cells that cannot run as formulas (CSV/formula injection).

A spreadsheet program reads a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula, and a leading tab or carriage return can hide such a start.
Every CSV the project writes goes through :func:`csv_writer` or
:func:`dict_writer`, which prefix such a text cell with an apostrophe (the
OWASP advice: the cell is shown as text); every XLSX goes through
:func:`harden_workbook`, which stores such cells as text strings, never as
formulas. Numbers are left alone: ``-5`` the number is not a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """The value as a CSV cell that a spreadsheet shows as text."""
    return "'" + value if is_risky(value) else value


class SafeWriter:
    """``csv.writer`` with every risky text cell neutralised."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """``csv.DictWriter`` with every risky text cell neutralised (the header is ours)."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: neutralise(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)


def csv_writer(handle: Any, **options: Any) -> SafeWriter:
    return SafeWriter(handle, **options)


def dict_writer(handle: Any, fieldnames: Sequence[str], **options: Any) -> SafeDictWriter:
    return SafeDictWriter(handle, fieldnames=fieldnames, **options)


def harden_workbook(workbook: Any) -> int:
    """Stores every risky text cell of an openpyxl workbook as text, never as a formula.

    openpyxl turns a string starting with ``=`` into a formula; this undoes that and
    marks the cell with the quote prefix, so that editing it in Excel keeps it text.
    Returns how many cells it changed."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if is_risky(value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed
