"""How big an export may be, checked before a reader takes it in (docs/security.md).

A spreadsheet reader builds a sheet as one dense block from its first to its
last cell, whatever the sheet declares: a 1.6 KB XLSX with cells in A1 and
XFD1048576 asks for 17 000 million cells (512 GiB) and kills the process. So
an XLSX sheet is scanned first, as a stream of its XML, for where its cells
really are (the ``<dimension>`` it declares is not trusted), and refused when
its rows, columns or dense block of cells pass the limits. A CSV file is
checked as it streams (rows, columns). Every file is checked for its size.

The limits come from the environment (``TYONJAKO_IMPORT_MAX_*``, see
.env.example): the importer puts the settings' limits in the ``ImportContext``.
Like the rest of this layer this module has no Django import; a refusal
carries its ``kind`` and ``figures`` so that the application can say it in
the user's language (``encounters/file_messages.py``).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from .errors import MESSAGES as MESSAGES_BY_CODE
from .reader import ImportFileError


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int = 1_000_000_000
    max_rows: int = 2_000_000
    max_columns: int = 200
    max_cells: int = 60_000_000


def check_file(path: Path, sheet: str | None = None, limits: FileLimits | None = None) -> None:
    """The checks that need no parsing: size, and for an XLSX where its cells are.
    The importer runs them before it hands a file to the parsing process."""
    limits = limits or FileLimits()
    check_size(path, limits)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        check_xlsx(path, sheet, limits)


class FileTooLarge(ImportFileError):
    """The file passes a limit; the message names the limit and the figure found.

    ``kind`` is ``bytes``, ``rows``, ``columns`` or ``cells``; ``figures`` the numbers
    of the message (``limit``, and ``found`` or ``rows``/``columns``/``area``)."""

    def __init__(self, message: str, line: int, kind: str, figures: dict[str, int]) -> None:
        super().__init__(message, line, f"limit_{kind}", dict(figures))
        self.kind = kind
        self.figures = figures


# The English texts (errors.MESSAGES holds them, under the codes ``limit_<kind>``).
MESSAGES = {
    kind: MESSAGES_BY_CODE[f"limit_{kind}"] for kind in ("rows", "columns", "bytes", "cells")
}


def refusal(kind: str, line: int = 1, **figures: int) -> FileTooLarge:
    return FileTooLarge(MESSAGES[kind] % figures, line, kind, figures)


def too_many_rows(limits: FileLimits, line: int) -> FileTooLarge:
    return refusal("rows", line, limit=limits.max_rows)


def too_many_columns(limits: FileLimits, found: int, line: int = 1) -> FileTooLarge:
    return refusal("columns", line, found=found, limit=limits.max_columns)


def check_size(path: Path, limits: FileLimits) -> None:
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise refusal("bytes", found=size, limit=limits.max_bytes)


@dataclass(frozen=True)
class SheetExtent:
    first_row: int
    last_row: int
    first_column: int
    last_column: int
    cells: int

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1 if self.cells else 0

    @property
    def columns(self) -> int:
        return self.last_column - self.first_column + 1 if self.cells else 0

    @property
    def area(self) -> int:
        """The cells a reader allocates: the dense block from the first to the last cell."""
        return self.rows * self.columns


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SMALL_PART = 20_000_000  # workbook.xml and its relations are small in any real file
_TAG = re.compile(rb"<(row|c)\b([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]{1,4})?([0-9]{1,9})?"')
_ROW_NUMBER = re.compile(rb'\br="([0-9]{1,9})"')
_CHUNK = 1 << 20


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _sheet_part(book: zipfile.ZipFile, sheet: str | None) -> str:
    """The zip member of the first sheet, or of the sheet named `sheet`."""

    def small_xml(name: str) -> ElementTree.Element:
        info = book.getinfo(name)
        if info.file_size > _SMALL_PART:
            raise ImportFileError.of("spreadsheet_structure")
        return ElementTree.fromstring(book.read(name))

    try:
        workbook = small_xml("xl/workbook.xml")
        rels = small_xml("xl/_rels/workbook.xml.rels")
    except (KeyError, ElementTree.ParseError):
        raise ImportFileError.of("not_a_spreadsheet") from None
    sheets = workbook.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    chosen = next(
        (item for item in sheets if sheet is None or item.get("name") == sheet),
        None,
    )
    if chosen is None:
        return ""  # the reader names the missing sheet
    target_id = chosen.get(f"{_REL}id")
    for rel in rels.findall(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == target_id:
            target = rel.get("Target") or ""
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return ""


def scan_xlsx(path: Path | IO[bytes], sheet: str | None = None) -> SheetExtent | None:
    """Where the cells of the sheet really are, read as a stream (never all at once).

    Cells without a reference take the place after the previous one, as a reader
    places them. None when the sheet cannot be found (the reader says so)."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError.of("not_a_spreadsheet") from None
    with book:
        part = _sheet_part(book, sheet)
        if not part or part not in book.namelist():
            return None
        first_row = first_column = 1 << 62
        last_row = last_column = cells = 0
        row = 0
        column = 0
        tail = b""
        with book.open(part) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk and not tail:
                    break
                data = tail + chunk
                cut = data.rfind(b">") + 1 if chunk else len(data)
                data, tail = data[:cut], data[cut:]
                for match in _TAG.finditer(data):
                    attributes = match.group(2)
                    if match.group(1) == b"row":
                        number = _ROW_NUMBER.search(attributes)
                        row = int(number.group(1)) if number else row + 1
                        column = 0
                        continue
                    reference = _REF.search(attributes)
                    if reference and reference.group(1):
                        column = _column_number(reference.group(1))
                        if reference.group(2):
                            row = int(reference.group(2))
                    else:
                        column += 1
                    cells += 1
                    first_row, last_row = min(first_row, row), max(last_row, row)
                    first_column = min(first_column, column)
                    last_column = max(last_column, column)
                if not chunk:
                    break
    if not cells:
        return SheetExtent(0, 0, 0, 0, 0)
    return SheetExtent(first_row, last_row, first_column, last_column, cells)


def check_xlsx(path: Path | IO[bytes], sheet: str | None, limits: FileLimits) -> None:
    extent = scan_xlsx(path, sheet)
    if extent is None:
        return
    if extent.rows > limits.max_rows:
        raise too_many_rows(limits, 1)
    if extent.columns > limits.max_columns:
        raise too_many_columns(limits, extent.columns)
    if extent.area > limits.max_cells:
        raise refusal(
            "cells",
            rows=extent.rows,
            columns=extent.columns,
            area=extent.area,
            limit=limits.max_cells,
        )
