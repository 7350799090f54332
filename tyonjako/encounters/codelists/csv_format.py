"""The project's own code-list CSV format.

Header (line 1), in any order, names compared without regard to case::

    list,system,code,fi,sv,en,valid_from,valid_to

* ``code`` and ``fi`` are required columns; ``sv``, ``en``, ``valid_from``,
  ``valid_to`` and ``system`` may be left out.
* ``list`` (one of :data:`~.records.LISTS`) may be left out – as a column or
  in a row – when the caller gives ``default_list``.
* ``system`` is required for list ``code`` only (an empty cell takes
  ``default_system``); it must be ``local`` or an upper-case name matching
  ``[A-Z][A-Z0-9_-]{0,19}`` (``RS``, ``SPAT``, ``ICD10``). Other lists may name
  a system too; it is checked the same way.
* ``valid_from``/``valid_to``: ``31.12.2023`` or ``2023-12-31``, inclusive,
  empty for open.
* Delimiter ``,`` or ``;`` (whichever the header line has more of); UTF-8
  with or without byte order mark, else Windows-1252.

Nothing partial: :func:`parse_codes_csv` returns records only when the whole
file is valid, otherwise it raises :class:`~.records.CodeListError` with every
problem as ``line N: column: message``. See ``docs/code-lists.md``.
"""

from __future__ import annotations

import datetime as dt

from tyonjako.common.dates import parse_date

from ._reading import Source, iter_rows, looks_like_path, read_text, sniff_delimiter
from .records import LISTS, CodeListError, CodeRecord, error, fi_date, system_problem

COLUMNS: tuple[str, ...] = ("list", "system", "code", "fi", "sv", "en", "valid_from", "valid_to")
REQUIRED_COLUMNS: tuple[str, ...] = ("code", "fi")


def parse_codes_csv(
    text_or_path: Source,
    *,
    default_list: str | None = None,
    default_system: str = "",
) -> list[CodeRecord]:
    """Parse a code-list CSV into records, or raise :class:`CodeListError`.

    ``text_or_path``: a :class:`pathlib.Path` is read from disk, ``bytes`` are
    decoded (UTF-8/BOM/Windows-1252), a ``str`` is the CSV text itself.
    ``default_list`` fills a missing ``list`` column or empty ``list`` cells.
    ``default_system`` fills empty ``system`` cells of list ``code`` rows.
    Raises ``ValueError`` if ``default_list`` is not one of :data:`LISTS`.
    """
    if default_list is not None and default_list not in LISTS:
        raise ValueError(f"unknown default list {default_list!r} (one of {', '.join(LISTS)})")
    text = read_text(text_or_path)
    rows = iter_rows(text, sniff_delimiter(text))
    header_row = next(rows, None)
    if header_row is None:
        raise CodeListError([error(1, "header", "the file is empty; expected a header line")])
    header_line, header = header_row
    columns, errors = _read_header(header_line, header, default_list, text_or_path)
    if not all(name in columns for name in _required(default_list)):
        raise CodeListError(errors)  # rows cannot be read; other header problems do not stop

    records: list[CodeRecord] = []
    first_seen: dict[tuple[str, str, str], int] = {}
    for line, cells in rows:
        row_errors: list[str] = []
        if len(cells) > len(header) and any(cells[len(header) :]):
            row_errors.append(
                error(line, "-", f"{len(cells)} cells but the header has {len(header)} columns")
            )
        values = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        record = _read_row(line, values, default_list, default_system, row_errors)
        if record is not None:
            earlier = first_seen.get(record.key)
            if earlier is not None:
                row_errors.append(
                    error(
                        line,
                        "code",
                        f"duplicate of line {earlier}: list {record.list}, "
                        f"system {record.system or '(none)'}, code {record.code}",
                    )
                )
            else:
                first_seen[record.key] = line
                records.append(record)
        errors.extend(row_errors)
    if errors:
        raise CodeListError(errors)
    return records


def _read_header(
    line: int, header: list[str], default_list: str | None, source: Source
) -> tuple[dict[str, int], list[str]]:
    """Column name → index, and the header's problems."""
    columns: dict[str, int] = {}
    errors: list[str] = []
    for index, raw in enumerate(header):
        name = raw.casefold()
        if not name:
            errors.append(error(line, f"column {index + 1}", "empty column name"))
        elif name not in COLUMNS:
            errors.append(
                error(line, raw, f"unknown column (the columns are {', '.join(COLUMNS)})")
            )
        elif name in columns:
            errors.append(
                error(
                    line, raw, f"column given twice (columns {columns[name] + 1} and {index + 1})"
                )
            )
        else:
            columns[name] = index
    for name in _required(default_list):
        if name not in columns:
            message = "missing column"
            if name == "list":
                message += " (or give a default list)"
            errors.append(error(line, name, message))
    if errors and looks_like_path(source):
        errors.append(
            error(line, "header", "this looks like a file name; pass a pathlib.Path to read a file")
        )
    return columns, errors


def _required(default_list: str | None) -> tuple[str, ...]:
    return REQUIRED_COLUMNS if default_list else ("list", *REQUIRED_COLUMNS)


def _read_row(
    line: int,
    values: dict[str, str],
    default_list: str | None,
    default_system: str,
    errors: list[str],
) -> CodeRecord | None:
    """The record of one row, or ``None`` with its problems added to ``errors``."""
    count = len(errors)
    list_name = values.get("list", "") or default_list or ""
    if not list_name:
        errors.append(error(line, "list", f"missing list (one of {', '.join(LISTS)})"))
    elif list_name not in LISTS:
        errors.append(
            error(line, "list", f"unknown list {list_name!r} (one of {', '.join(LISTS)})")
        )

    system = values.get("system", "")
    if list_name == "code" and not system:
        system = default_system
        if not system:
            errors.append(
                error(
                    line,
                    "system",
                    "missing code system (required for list code), e.g. ICD10 or local",
                )
            )
    if system:
        problem = system_problem(system)
        if problem:
            errors.append(error(line, "system", problem))

    code = values.get("code", "")
    if not code:
        errors.append(error(line, "code", "missing code"))
    labels = {lang: values[lang] for lang in ("fi", "sv", "en") if values.get(lang)}
    if "fi" not in labels:
        errors.append(error(line, "fi", "missing Finnish label"))

    valid_from = _date(line, "valid_from", values.get("valid_from", ""), errors)
    valid_to = _date(line, "valid_to", values.get("valid_to", ""), errors)
    if valid_from and valid_to and valid_to < valid_from:
        errors.append(
            error(
                line,
                "valid_to",
                f"{fi_date(valid_to)} is before valid_from {fi_date(valid_from)}",
            )
        )
    if len(errors) > count:
        return None
    return CodeRecord(
        list=list_name,
        system=system,
        code=code,
        labels=labels,
        valid_from=valid_from,
        valid_to=valid_to,
        line=line,
    )


def _date(line: int, column: str, value: str, errors: list[str]) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        errors.append(error(line, column, str(exc)))
        return None
