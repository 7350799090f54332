"""The import's errors in the reader's language.

The parsing layer (``importing/errors.py``) makes each error a message code and its
parameters and words it in English only; here the same texts stand under gettext,
and an error is rendered where it is shown: the import page, the API, the
rejected-rows file and the command's output. An error stored before errors had
codes (``ImportBatch.errors`` holding only an English ``message``) is shown as it is.
tests/unit/encounters/test_import_messages.py checks that both catalogues hold the
same codes and that English renders as the parsing layer words it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .importing.errors import RowError

TEMPLATES: Mapping[str, Promise] = {
    "file_empty": _("the file is empty or its first line is blank"),
    "sheet_empty": _("the sheet is empty or its first row is blank"),
    "header_incomplete": _("the header line is not complete (an open quote?)"),
    "mixed_encoding": _("line %(line)s is not valid %(encoding)s text (the file mixes encodings?)"),
    "csv_broken": _("line %(line)s: %(detail)s"),
    "not_a_spreadsheet": _("not a readable spreadsheet (not an XLSX file)"),
    "spreadsheet_unreadable": _("not a readable spreadsheet: %(detail)s"),
    "spreadsheet_structure": _("the spreadsheet's structure is not readable"),
    "no_sheet": _("no sheet %(value)s (the file has %(names)s)"),
    "no_such_file": _("no such file: %(name)s"),
    "unsupported_xlsx_type": _("unsupported file type %(value)s (save it as .xlsx or .csv)"),
    "unsupported_type": _("unsupported file type %(value)s (use .csv or .xlsx)"),
    "csv_has_no_sheets": _("a CSV file has no sheets"),
    "limit_rows": _(
        "the file has more than %(limit)s rows (TYONJAKO_IMPORT_MAX_ROWS); "
        "split it into smaller files"
    ),
    "limit_columns": _(
        "the file has %(found)s columns; at most %(limit)s are accepted "
        "(TYONJAKO_IMPORT_MAX_COLUMNS)"
    ),
    "limit_bytes": _(
        "the file is %(found)s bytes; at most %(limit)s are accepted (TYONJAKO_IMPORT_MAX_BYTES)"
    ),
    "limit_cells": _(
        "the sheet's cells span %(rows)s rows and %(columns)s columns, %(area)s cells in all; "
        "at most %(limit)s are accepted (TYONJAKO_IMPORT_MAX_CELLS): remove stray cells far "
        "from the table"
    ),
    "unnamed_column": _("a column has no header (name it or delete it)"),
    "unknown_column": _("unknown column %(value)s"),
    "duplicate_target": _("columns %(first)s and %(second)s both give '%(column)s'"),
    "required_column": _("required column '%(column)s' is missing"),
    "client_column_required": _("a 'client' or a 'hetu' column is required"),
    "extra_cells": _("the row has more cells than the header"),
    "hetu_in_text": _("looks like a personal identity code; put it in the hetu column"),
    "hetu_in_list": _("looks like a personal identity code; not accepted here"),
    "hetu_as_id": _("looks like a personal identity code; not accepted as an id"),
    "unit_out_of_scope": _("unit %(value)s is outside your scope"),
    "unknown_value": _("unknown %(noun)s %(value)s"),
    "unknown_choice": _("unknown %(what)s %(value)s (expected %(allowed)s)"),
    "date_required": _("date is required"),
    "unit_required": _("unit is required"),
    "contact_type_required": _("contact type is required"),
    "client_required": _("client or hetu is required"),
    "client_and_hetu": _("give client or hetu, not both"),
    "invalid_hetu": _("invalid personal identity code"),
    "invalid_client": _(
        "a client key is a client number (letters, digits, - _ .) or an identity code"
    ),
    "not_consent": _("not a yes/no value for consent: %(value)s"),
    "not_a_date": _("not a date (31.12.2023 or 2023-12-31): %(value)s"),
    "not_a_time": _("not a time of day (14:30): %(value)s"),
    "future_date": _("date is in the future: %(date)s"),
    "not_minutes": _("not a whole number of minutes: %(value)s"),
    "duration_range": _("duration must be 0–%(max)s minutes: %(minutes)s"),
    "not_a_year": _("not a year: %(value)s"),
    "birth_year_range": _("birth year must be 1900–%(max)s: %(year)s"),
    "band_mismatch": _("%(minutes)s min is in duration band %(band)s, not %(given)s"),
    "unknown_band": _("unknown duration band %(value)s (known: %(known)s)"),
    "not_a_code": _("not a code (SYSTEM:CODE or CODE): %(value)s"),
    "unknown_code_system": _("unknown code system %(value)s"),
    "unknown_code": _("unknown code %(value)s"),
}

# The words of ``noun``/``what`` (errors.NOUNS), as the messages above use them.
NOUNS: Mapping[str, Promise] = {
    "unit": pgettext_lazy("import error", "unit"),
    "worker": pgettext_lazy("import error", "worker"),
    "reason": pgettext_lazy("import error", "reason"),
    "target group": pgettext_lazy("import error", "target group"),
    "code": pgettext_lazy("import error", "code"),
    "partner": pgettext_lazy("import error", "partner"),
    "referrer": pgettext_lazy("import error", "referrer"),
    "referral target": pgettext_lazy("import error", "referral target"),
    "task": pgettext_lazy("import error", "task"),
    "contact type": pgettext_lazy("import error", "contact type"),
    "gender": pgettext_lazy("import error", "gender"),
    "employment status": pgettext_lazy("import error", "employment status"),
    "provider": pgettext_lazy("import error", "provider"),
}


def _parts(error: RowError | Mapping[str, Any]) -> tuple[str, Mapping[str, Any], str]:
    if isinstance(error, RowError):
        return error.code, error.params, error.message
    return str(error.get("code") or ""), error.get("params") or {}, str(error.get("message", ""))


def error_message(error: RowError | Mapping[str, Any]) -> str:
    """The problem in the active language; an error without a known code (stored before
    errors had codes, or made outside the parsing layer) as its text stands."""
    code, params, message = _parts(error)
    template = TEMPLATES.get(code)
    if template is None:
        return message
    values = dict(params)
    for key in ("noun", "what"):
        if key in values:
            word = NOUNS.get(str(values[key]))
            values[key] = str(word) if word is not None else values[key]
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):  # parameters that do not fit: the stored text
        return message


def error_text(error: RowError | Mapping[str, Any]) -> str:
    """``column: problem`` (or only the problem), as the rejected-rows file and the
    command's output give each error."""
    column = error.column if isinstance(error, RowError) else str(error.get("column") or "")
    message = error_message(error)
    return f"{column}: {message}" if column else message


def rendered(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stored errors (``ImportBatch.errors``) with ``message`` in the active language;
    ``code`` and ``params`` stay as they are for a program to read."""
    return [{**error, "message": error_message(error)} for error in errors]


def error_line(error: RowError) -> str:
    """The error with its place, as the command prints it: ``line 7, column
    duration_min: …`` in the active language."""
    message = error_message(error)
    if error.column:
        return _("line %(line)s, column %(column)s: %(message)s") % {
            "line": error.line,
            "column": error.column,
            "message": message,
        }
    return _("line %(line)s: %(message)s") % {"line": error.line, "message": message}
