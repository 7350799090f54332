"""The error type every layer of the import reports in, and its message catalogue.

The parsing layer is pure and may run in a child process, so it never translates:
an error is a message *code* and its parameters (``("unknown_value", {"noun":
"reason", "value": "'X'"})``). ``MESSAGES`` words each code in English for the
command line's ``--language en``, the logs and old callers; the user's language is
chosen where an error is shown (``tyonjako/encounters/import_messages.py`` holds the
same texts under gettext, and tests/unit/encounters/test_import_messages.py keeps
the two catalogues in step). Nothing here is formatted for a row that is accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# code -> English text; parameters in %(name)s form. A parameter named ``value`` (or
# ``first``/``second``/``system``) holds the cell as quoted by ``values.show``, ``noun``
# and ``what`` a word of NOUNS below, the rest numbers, column names or codes.
MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        # A whole file.
        "file_empty": "the file is empty or its first line is blank",
        "sheet_empty": "the sheet is empty or its first row is blank",
        "header_incomplete": "the header line is not complete (an open quote?)",
        "mixed_encoding": "line %(line)s is not valid %(encoding)s text (the file mixes "
        "encodings?)",
        "csv_broken": "line %(line)s: %(detail)s",
        "not_a_spreadsheet": "not a readable spreadsheet (not an XLSX file)",
        "spreadsheet_unreadable": "not a readable spreadsheet: %(detail)s",
        "spreadsheet_structure": "the spreadsheet's structure is not readable",
        "no_sheet": "no sheet %(value)s (the file has %(names)s)",
        "no_such_file": "no such file: %(name)s",
        "unsupported_xlsx_type": "unsupported file type %(value)s (save it as .xlsx or .csv)",
        "unsupported_type": "unsupported file type %(value)s (use .csv or .xlsx)",
        "csv_has_no_sheets": "a CSV file has no sheets",
        "limit_rows": "the file has more than %(limit)s rows (TYONJAKO_IMPORT_MAX_ROWS); "
        "split it into smaller files",
        "limit_columns": "the file has %(found)s columns; at most %(limit)s are accepted "
        "(TYONJAKO_IMPORT_MAX_COLUMNS)",
        "limit_bytes": "the file is %(found)s bytes; at most %(limit)s are accepted "
        "(TYONJAKO_IMPORT_MAX_BYTES)",
        "limit_cells": "the sheet's cells span %(rows)s rows and %(columns)s columns, "
        "%(area)s cells in all; at most %(limit)s are accepted (TYONJAKO_IMPORT_MAX_CELLS): "
        "remove stray cells far from the table",
        # The header.
        "unnamed_column": "a column has no header (name it or delete it)",
        "unknown_column": "unknown column %(value)s",
        "duplicate_target": "columns %(first)s and %(second)s both give '%(column)s'",
        "required_column": "required column '%(column)s' is missing",
        "client_column_required": "a 'client' or a 'hetu' column is required",
        # A row.
        "extra_cells": "the row has more cells than the header",
        "hetu_in_text": "looks like a personal identity code; put it in the hetu column",
        "hetu_in_list": "looks like a personal identity code; not accepted here",
        "hetu_as_id": "looks like a personal identity code; not accepted as an id",
        "unit_out_of_scope": "unit %(value)s is outside your scope",
        "unknown_value": "unknown %(noun)s %(value)s",
        "unknown_choice": "unknown %(what)s %(value)s (expected %(allowed)s)",
        "date_required": "date is required",
        "unit_required": "unit is required",
        "contact_type_required": "contact type is required",
        "client_required": "client or hetu is required",
        "client_and_hetu": "give client or hetu, not both",
        "invalid_hetu": "invalid personal identity code",
        "invalid_client": "a client key is a client number (letters, digits, - _ .) or an "
        "identity code",
        "not_consent": "not a yes/no value for consent: %(value)s",
        "not_a_date": "not a date (31.12.2023 or 2023-12-31): %(value)s",
        "not_a_time": "not a time of day (14:30): %(value)s",
        "future_date": "date is in the future: %(date)s",
        "not_minutes": "not a whole number of minutes: %(value)s",
        "duration_range": "duration must be 0–%(max)s minutes: %(minutes)s",
        "not_a_year": "not a year: %(value)s",
        "birth_year_range": "birth year must be 1900–%(max)s: %(year)s",
        "band_mismatch": "%(minutes)s min is in duration band %(band)s, not %(given)s",
        "unknown_band": "unknown duration band %(value)s (known: %(known)s)",
        "not_a_code": "not a code (SYSTEM:CODE or CODE): %(value)s",
        "unknown_code_system": "unknown code system %(value)s",
        "unknown_code": "unknown code %(value)s",
    }
)

# The words ``noun`` and ``what`` take (columns.py's ``noun``; values.py's ``what``).
NOUNS: tuple[str, ...] = (
    "unit",
    "worker",
    "reason",
    "target group",
    "code",
    "partner",
    "referrer",
    "referral target",
    "task",
    "contact type",
    "gender",
    "employment status",
    "provider",
)


def english(code: str, params: Mapping[str, object]) -> str:
    """The message of ``code`` in English (the catalogue's own text)."""
    return MESSAGES[code] % params if params else MESSAGES[code]


class Problem(ValueError):
    """A value or file the parsing layer refuses: a message code and its parameters.

    A ``ValueError`` whose ``str()`` is the English message, so a caller that only
    wants text (a profile's or a county's configuration) needs nothing new."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(english(code, params))
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem on one line of an export.

    ``column`` is the canonical column name (or the export header when the
    problem is the header itself); it is empty for problems of a whole line.
    ``code``/``params`` say what went wrong (see MESSAGES); ``message`` is the
    English text (the only content of an error made without a code).
    ``str(error)`` reads ``line 7, column duration_min: not a whole number of
    minutes: 'abc'``. A message never contains a personal identity code.
    """

    line: int
    column: str
    message: str
    code: str = ""
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    @classmethod
    def of(cls, line: int, column: str, code: str, /, **params: object) -> RowError:
        return cls(line, column, english(code, params), code, params)

    @classmethod
    def from_exception(cls, line: int, column: str, exc: Exception) -> RowError:
        """An error from a Problem (or an ImportFileError) keeps its code; any other
        exception only its text."""
        code = getattr(exc, "code", "")
        if code in MESSAGES:  # str(exc) is already the English text
            return cls(line, column, str(exc), code, getattr(exc, "params", None) or {})
        return cls(line, column, str(exc))

    def __str__(self) -> str:
        if self.column:
            return f"line {self.line}, column {self.column}: {self.message}"
        return f"line {self.line}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.code:
            found["code"] = self.code
            found["params"] = dict(self.params)
        return found
