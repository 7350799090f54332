"""Streaming readers for encounter exports (CSV and XLSX).

``open_rows(path)`` returns a :class:`RowSource`: its ``header`` is read at
once, its rows are produced lazily as ``(line_number, {header: cell})``. The
header is line 1. Nothing here knows the canonical columns; that is the job of
:mod:`.profiles` and :mod:`.rows`.

CSV
    Encoding is UTF-8 (with or without a byte order mark) or Windows-1252: a
    leading chunk is tried as UTF-8 and, if that fails, the whole file is read
    as cp1252. If the leading chunk was plain ASCII and a later line is not
    UTF-8, reading switches to cp1252 (nothing decoded so far can differ).
    The delimiter is ``;`` if the header line holds more semicolons than
    commas, else ``,``. Lists inside a cell are separated by ``;`` in a comma
    file and by ``|`` in a semicolon file. Line numbers are physical lines:
    a record whose quoted cell spans several lines has the number of the line
    it starts on, and the next record the number of the line after its end.
XLSX
    Read with python-calamine, the first sheet or a named one. Line numbers
    are the sheet's row numbers. Cells keep their types (numbers, dates,
    datetimes, booleans, strings). Lists inside a cell are separated by ``;``.
    calamine parses a whole sheet when it is opened, so an XLSX file is not
    streamed from disk; rows are still handed out one at a time.

Blank rows (every cell empty) are skipped. Cells beyond the header are
returned under :data:`EXTRA` when any of them holds a value.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import english

if TYPE_CHECKING:
    from .limits import FileLimits

EXTRA = "\x00extra"  # key of the values found right of the last header cell
DETECT_BYTES = 64 * 1024
CSV_LIST_SEPARATORS = {",": ";", ";": "|"}
XLSX_LIST_SEPARATOR = ";"
_BOM = codecs.BOM_UTF8

csv.field_size_limit(1024 * 1024)

Row = tuple[int, dict[str, object]]


class ImportFileError(ValueError):
    """The file cannot be read at all (or stops being readable at ``line``)."""

    def __init__(
        self, message: str, line: int = 1, code: str = "", params: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.line = line
        self.code = code  # a code of errors.MESSAGES, for the user's language
        self.params = params or {}

    @classmethod
    def of(cls, code: str, line: int = 1, /, **params: object) -> ImportFileError:
        return cls(english(code, params), line, code, params)


class RowSource:
    """An open export: ``header`` and lazily produced rows.

    ``bytes_total``/``bytes_read`` report progress for CSV; XLSX reports
    ``rows_total``/``rows_read`` instead. ``progress()`` gives 0.0–1.0 from
    whichever is known, or ``None``.
    """

    header: list[str]
    list_separator: str
    delimiter: str | None = None
    encoding: str | None = None
    bytes_total: int | None = None
    bytes_read: int | None = None
    rows_total: int | None = None
    rows_read: int = 0

    def __iter__(self) -> Iterator[Row]:
        header = self.header
        for line, cells in self.iter_cells():
            yield line, _as_dict(header, cells)

    def iter_cells(self) -> Iterator[tuple[int, list[Any]]]:
        """The rows as lists of cells in the header's order (blank rows skipped): what an
        import reads a million of, without a dict per row. Cells right of the header are
        kept at the end (see :func:`extra_cells`); a short row is just shorter."""
        raise NotImplementedError

    def progress(self) -> float | None:
        if self.bytes_total and self.bytes_read is not None:
            return min(1.0, self.bytes_read / self.bytes_total)
        if self.rows_total:
            return min(1.0, self.rows_read / self.rows_total)
        if self.bytes_total == 0 or self.rows_total == 0:
            return 1.0
        return None

    def close(self) -> None:
        """Release the file early; iteration closes it when it ends."""

    def __enter__(self) -> RowSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _as_dict(header: list[str], cells: list[Any]) -> dict[str, object]:
    row: dict[str, object] = dict(zip(header, cells, strict=False))
    extra = extra_cells(cells, len(header))
    if extra:
        row[EXTRA] = extra
    return row


def extra_cells(cells: list[Any], width: int) -> list[Any]:
    """The values found right of the last header cell (empty cells there do not count)."""
    if len(cells) <= width:
        return []
    return [cell for cell in cells[width:] if cell not in ("", None)]


def _blank(cells: Iterable[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


# ---------------------------------------------------------------------------- CSV


def detect_encoding(chunk: bytes) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp1252`` from the leading bytes of a file."""
    if chunk.startswith(_BOM):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(chunk, final=False)  # a character cut at the end is fine
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def detect_delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


class CsvRowSource(RowSource):
    def __init__(self, path: Path, limits: FileLimits | None = None) -> None:
        from .limits import FileLimits

        self.path = path
        self.limits = limits or FileLimits()
        self.bytes_total = os.path.getsize(path)
        self.bytes_read = 0
        self._file: IO[bytes] | None = path.open("rb")
        try:
            head = self._file.read(DETECT_BYTES)
            self._file.seek(0)
            self.encoding = detect_encoding(head)
            self._ascii_so_far = self.encoding == "utf-8" and head.isascii()
            self._line_no = 0
            self._lines = self._decoded_lines(self._file)
            first = next(self._lines, None)
            if first is None or not first.strip():
                raise ImportFileError.of("file_empty")
            self.delimiter = detect_delimiter(first)
            self.list_separator = CSV_LIST_SEPARATORS[self.delimiter]
            self._reader = csv.reader(self._chain(first), delimiter=self.delimiter)
            header = next(self._reader, None)
            if self._reader.line_num != 1:
                raise ImportFileError.of("header_incomplete")
            self.header = [cell.strip() for cell in header or []]
            while self.header and not self.header[-1]:
                self.header.pop()
            if len(self.header) > self.limits.max_columns:
                from .limits import too_many_columns

                raise too_many_columns(self.limits, len(self.header))
        except BaseException:
            self.close()
            raise

    def _decoded_lines(self, raw: IO[bytes]) -> Iterator[str]:
        encoding = "utf-8" if self.encoding == "utf-8-sig" else self.encoding or "utf-8"
        first = True
        for data in raw:
            self._line_no += 1
            self.bytes_read = (self.bytes_read or 0) + len(data)
            if first:
                first = False
                if data.startswith(_BOM):
                    data = data[len(_BOM) :]
            try:
                try:
                    line = data.decode(encoding)
                except UnicodeDecodeError:
                    if not (encoding == "utf-8" and self._ascii_so_far):
                        raise
                    # Only ASCII so far: cp1252 reads all of it identically.
                    encoding = self.encoding = "cp1252"
                    line = data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportFileError.of(
                    "mixed_encoding", self._line_no, line=self._line_no, encoding=encoding
                ) from None
            if self._ascii_so_far and not data.isascii():
                self._ascii_so_far = False
            yield line

    def _chain(self, first: str) -> Iterator[str]:
        yield first
        yield from self._lines

    def iter_cells(self) -> Iterator[tuple[int, list[Any]]]:
        from .limits import too_many_columns, too_many_rows

        reader = self._reader
        start = reader.line_num + 1
        max_rows, max_columns = self.limits.max_rows, self.limits.max_columns
        try:
            for cells in reader:
                line, start = start, reader.line_num + 1
                self.rows_read += 1
                if self.rows_read > max_rows:
                    raise too_many_rows(self.limits, line)
                if len(cells) > max_columns:
                    raise too_many_columns(self.limits, len(cells), line)
                # A row with any non-space character is not blank: one join tells.
                if not "".join(cells).strip():
                    continue
                yield line, cells
        except csv.Error as exc:
            raise ImportFileError.of("csv_broken", start, line=start, detail=str(exc)) from None
        finally:
            self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


# --------------------------------------------------------------------------- XLSX


class XlsxRowSource(RowSource):
    list_separator = XLSX_LIST_SEPARATOR

    def __init__(
        self, path: Path, sheet: str | None = None, limits: FileLimits | None = None
    ) -> None:
        from python_calamine import CalamineWorkbook

        from .limits import FileLimits, check_xlsx

        self.path = path
        # Before calamine builds the sheet: it allocates every cell of the block from
        # the first to the last cell, so stray far-apart cells must be refused first.
        check_xlsx(path, sheet, limits or FileLimits())
        try:
            self._book: Any = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types
            raise ImportFileError.of("spreadsheet_unreadable", detail=str(exc)) from None
        try:
            if sheet is None:
                self._sheet: Any = self._book.get_sheet_by_index(0)
            elif sheet in self._book.sheet_names:
                self._sheet = self._book.get_sheet_by_name(sheet)
            else:
                names = ", ".join(repr(name) for name in self._book.sheet_names)
                raise ImportFileError.of("no_sheet", value=repr(sheet), names=names)
            self.sheet_name: str = self._sheet.name
            self._first_row = int(self._sheet.start[0]) if self._sheet.start else 0
            self.rows_total = max(0, int(self._sheet.height) - 1)
            self._rows = iter(self._sheet.iter_rows())
            header = next(self._rows, None)
            if header is None or _blank(header):
                raise ImportFileError.of("sheet_empty")
            self.header = [
                (cell if isinstance(cell, str) else "" if cell is None else str(cell)).strip()
                for cell in header
            ]
            while self.header and not self.header[-1]:
                self.header.pop()
        except BaseException:
            self.close()
            raise

    def iter_cells(self) -> Iterator[tuple[int, list[Any]]]:
        line = self._first_row + 1  # the header's spreadsheet row number
        try:
            for cells in self._rows:
                line += 1
                self.rows_read += 1
                if _blank(cells):
                    continue
                yield line, list(cells)
        finally:
            self.close()

    def close(self) -> None:
        book, self._book = getattr(self, "_book", None), None
        if book is not None:
            book.close()


def open_rows(
    path: Path | str, *, sheet: str | None = None, limits: FileLimits | None = None
) -> RowSource:
    """Open a CSV (``.csv``, ``.txt``) or XLSX (``.xlsx``, ``.xlsm``) export, refusing
    one beyond the limits (:mod:`.limits`; its defaults when `limits` is None)."""
    from .limits import FileLimits, check_size

    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError.of("no_such_file", name=path.name)
    limits = limits or FileLimits()
    check_size(path, limits)
    if suffix in (".xlsx", ".xlsm"):
        return XlsxRowSource(path, sheet=sheet, limits=limits)
    if suffix in (".xls", ".ods"):
        # Their cells cannot be located before the reader builds the whole sheet.
        raise ImportFileError.of("unsupported_xlsx_type", value=repr(suffix))
    if suffix in (".csv", ".txt", ""):
        if sheet is not None:
            raise ImportFileError.of("csv_has_no_sheets")
        return CsvRowSource(path, limits=limits)
    raise ImportFileError.of("unsupported_type", value=repr(suffix))
