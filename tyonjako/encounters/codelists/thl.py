"""Loading THL code server (Koodistopalvelu) CSV exports into code lists.

.. warning::
   **The layout below is an assumption, not verified against a real export.**
   It was written from the column names THL's code server is known to use
   (``CodeId``, ``LongName``, ``Abbreviation``, ``BeginDate``, ``EndDate``)
   plus common variants. Before relying on it, download a real export of the
   code set you need (e.g. the social welfare classification "Palvelutarpeen
   ilmoittaja", OID 1.2.246.537.6.1243) and check that every column is
   recognised; :attr:`ThlCodeSet.columns` tells which header was used for
   what. If a real export differs, extend :data:`THL_COLUMNS`.

The mapping is explicit and tolerant:

* delimiter ``;``, ``,`` or tab; UTF-8 (with or without BOM) or Windows-1252;
* header names are compared without regard to case, and spaces, ``_`` and
  ``-`` count as the same (``Voimassa alkaen`` = ``voimassa_alkaen``);
* the header is the first of the first ten non-blank rows that has a code
  column and a Finnish label column (title rows above it are skipped);
* a field's columns are tried in the order of :data:`THL_COLUMNS`; for
  labels, an empty cell falls back to the next column present (a row with no
  ``LongName`` takes its ``Abbreviation``);
* dates: ``1.1.2020``, ``2020-01-01``, ``2020-01-01T00:00:00`` (a time part is
  dropped); ``EndDate`` is taken as the last valid day (inclusive) – also an
  assumption to verify;
* other columns (``ParentId``, ``Status`` …) are ignored.

Code values are never invented here: a county loads the official sets from
THL's code server itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tyonjako.common.dates import parse_date

from ._reading import Source, iter_rows, read_text, sniff_delimiter
from .records import LISTS, CodeListError, CodeRecord, error, fi_date, system_problem

#: Field → accepted header names, in order of preference.
THL_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("CodeId", "Code", "Koodi", "codeValue"),
    "fi": (
        "LongName_fi",
        "LongNameFi",
        "Name_fi",
        "LongName",
        "Nimi",
        "ShortName",
        "Abbreviation",
    ),
    "sv": ("LongName_sv", "LongNameSv", "Name_sv", "Nimi_sv"),
    "en": ("LongName_en", "LongNameEn", "Name_en"),
    "valid_from": ("BeginDate", "StartDate", "Voimassa alkaen"),
    "valid_to": ("EndDate", "ExpirationDate", "Voimassa päättyen"),
}
_LABELS = ("fi", "sv", "en")
_HEADER_SEARCH_ROWS = 10
_DELIMITERS = (";", ",", "\t")
_OID = re.compile(r"[0-2](\.(0|[1-9][0-9]*))+")
_FINNISH_DATETIME = re.compile(r"(\d{1,2}\.\d{1,2}\.\d{4})[ T]\d{1,2}[:.]\d{2}([:.]\d{2})?")


@dataclass(frozen=True)
class KnownCodeSet:
    """A THL code set whose identifier was confirmed (its values were not retrieved)."""

    oid: str
    name_fi: str
    suggested_list: str | None


#: Confirmed identifiers of THL social welfare code sets. Only the identifiers
#: are known here; the values must be loaded from THL's code server.
KNOWN_CODE_SETS: dict[str, KnownCodeSet] = {
    s.oid: s
    for s in (
        KnownCodeSet("1.2.246.537.6.1221", "Palvelutehtävä", None),
        KnownCodeSet("1.2.246.537.6.1277", "Palveluprosessi", None),
        KnownCodeSet("1.2.246.537.6.1243", "Palvelutarpeen ilmoittaja", "referral_source"),
    )
}


@dataclass(frozen=True)
class ThlCodeSet:
    """A parsed THL export: the code set's OID (if given) and its records.

    ``columns`` tells which header of the file was used for which field
    (``{"code": "CodeId", "fi": "LongName", …}``; label fields may list
    several headers joined by `` > `` when empty cells fall back).
    """

    oid: str | None
    records: list[CodeRecord]
    columns: dict[str, str] = field(default_factory=dict)


def parse_thl_csv(
    text_or_path: Source,
    *,
    list: str,
    system: str,
    oid: str | None = None,
) -> ThlCodeSet:
    """Parse a THL code server CSV export into records of ``list``.

    ``text_or_path`` as in :func:`~.csv_format.parse_codes_csv`. ``system`` is
    required for list ``code`` and may be ``""`` otherwise. Raises
    ``ValueError`` for a bad ``list``, ``system`` or ``oid`` argument and
    :class:`CodeListError` (every problem, ``line N: column: message``) for a
    file that cannot be loaded as a whole.
    """
    list_name = list
    if list_name not in LISTS:
        raise ValueError(f"unknown list {list_name!r} (one of {', '.join(LISTS)})")
    if list_name == "code" and not system:
        raise ValueError("a code system is required for list code (e.g. ICD10 or local)")
    if system and (problem := system_problem(system)):
        raise ValueError(problem)
    if oid is not None and not _OID.fullmatch(oid):
        raise ValueError(f"not an OID: {oid!r} (e.g. 1.2.246.537.6.1243)")
    records, columns = _parse(read_text(text_or_path), list_name, system)
    return ThlCodeSet(oid=oid, records=records, columns=columns)


def _parse(text: str, list_name: str, system: str) -> tuple[list[CodeRecord], dict[str, str]]:
    """The records of an export and the header used for each field, or CodeListError."""
    header_line, header, rows = _find_header(text)
    positions = _map_columns(header)

    errors: list[str] = []
    records: list[CodeRecord] = []
    first_seen: dict[str, int] = {}
    code_index = positions["code"][0]
    code_column = header[code_index]
    for line, cells in rows:
        if line <= header_line:
            continue
        count = len(errors)
        padded = cells + [""] * (len(header) - len(cells))
        code = padded[code_index]
        if not code:
            errors.append(error(line, code_column, "missing code"))
        labels: dict[str, str] = {}
        for lang in _LABELS:
            value = next((padded[i] for i in positions.get(lang, []) if padded[i]), "")
            if value:
                labels[lang] = value
        if "fi" not in labels:
            names = ", ".join(header[i] for i in positions["fi"])
            errors.append(error(line, names, "missing Finnish label"))
        dates: dict[str, dt.date | None] = {}
        for name in ("valid_from", "valid_to"):
            dates[name] = None
            if name in positions:
                index = positions[name][0]
                try:
                    dates[name] = parse_thl_date(padded[index])
                except ValueError as exc:
                    errors.append(error(line, header[index], str(exc)))
        valid_from, valid_to = dates["valid_from"], dates["valid_to"]
        if valid_from and valid_to and valid_to < valid_from:
            errors.append(
                error(
                    line,
                    header[positions["valid_to"][0]],
                    f"{fi_date(valid_to)} is before the begin date {fi_date(valid_from)}",
                )
            )
        if code and code in first_seen:
            errors.append(error(line, code_column, f"duplicate of line {first_seen[code]}: {code}"))
        elif code:
            first_seen[code] = line
        if len(errors) == count:
            records.append(
                CodeRecord(
                    list=list_name,
                    system=system,
                    code=code,
                    labels=labels,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    line=line,
                )
            )
    if errors:
        raise CodeListError(errors)
    used = {name: " > ".join(header[i] for i in indexes) for name, indexes in positions.items()}
    return records, used


def parse_thl_date(value: str) -> dt.date | None:
    """``1.1.2020``, ``2020-01-01`` or ``2020-01-01T00:00:00`` → date; empty → ``None``."""
    text = value.strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        pass
    finnish = _FINNISH_DATETIME.fullmatch(text)
    if finnish:
        return parse_date(finnish.group(1))
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    raise ValueError(f"not a date (1.1.2020, 2020-01-01 or 2020-01-01T00:00:00): {value!r}")


def _normal(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().strip('"').casefold()).strip("_")


_WANTED = {
    name: {_normal(header): rank for rank, header in enumerate(headers)}
    for name, headers in THL_COLUMNS.items()
}


def _map_columns(header: list[str]) -> dict[str, list[int]]:
    """Field → indexes of the header cells for it, best first."""
    found: dict[str, list[tuple[int, int]]] = {}
    for index, raw in enumerate(header):
        name = _normal(raw)
        for field_name, ranks in _WANTED.items():
            if name in ranks:
                found.setdefault(field_name, []).append((ranks[name], index))
    return {name: [i for _, i in sorted(pairs)] for name, pairs in found.items()}


def _find_header(
    text: str,
) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header's line and cells, and all rows, under the delimiter that finds it."""
    for delimiter in _DELIMITERS:
        rows = list(iter_rows(text, delimiter))
        for line, cells in rows[:_HEADER_SEARCH_ROWS]:
            mapped = _map_columns(cells)
            if "code" in mapped and "fi" in mapped:
                return line, cells, rows
    rows = list(iter_rows(text, sniff_delimiter(text, _DELIMITERS)))
    if not rows:
        raise CodeListError([error(1, "header", "the file is empty; expected a THL export")])
    line, cells = rows[0]
    found = ", ".join(repr(c) for c in cells if c) or "none"
    mapped = _map_columns(cells)
    missing = [
        f"a {what} column ({', '.join(THL_COLUMNS[key])})"
        for key, what in (("code", "code"), ("fi", "Finnish label"))
        if key not in mapped
    ]
    raise CodeListError(
        [
            error(
                line,
                "header",
                "unknown THL export layout: no header row with "
                + " and ".join(missing)
                + f" in the first {_HEADER_SEARCH_ROWS} rows; the first row has columns {found}. "
                "Optional: Swedish ("
                + ", ".join(THL_COLUMNS["sv"])
                + "), English ("
                + ", ".join(THL_COLUMNS["en"])
                + "), begin date ("
                + ", ".join(THL_COLUMNS["valid_from"])
                + "), end date ("
                + ", ".join(THL_COLUMNS["valid_to"])
                + ").",
            )
        ]
    )
