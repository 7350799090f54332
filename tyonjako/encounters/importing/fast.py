"""A fast path for ``normalise_row``: one file's rows, each distinct cell checked once.

An export repeats the same few values down a million rows (dates, units,
contact types, reasons, code lists), and every check of a cell depends on the
cell alone. :class:`FastNormaliser` therefore remembers, per column, what each
distinct cell text became: the value, or that it needs the reference path. A
row whose cells are all remembered as good is assembled from them with a few
dictionary look-ups; any other row (a bad cell, a missing client, a hetu where
it does not belong) goes to :func:`~.rows.normalise_row`, which finds and words
every error. So the two paths give the same result for every row: the fast
one only ever answers for rows the reference would accept, and it computes
each cell with the reference's own code (``_Row``), just once.

Only text cells are remembered (all of CSV, most of XLSX): a spreadsheet's
``True`` and ``1`` are equal as dictionary keys but not as cells.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

from tyonjako.common.pseudonym import ClientKeyError, client_key, hetu_key, looks_like_hetu

from . import values as v
from .rows import (
    ImportContext,
    NormalisedRow,
    RowError,
    _codes,
    _Row,
    assemble_row,
    canonical_cells,
    normalise_row,
)

# A cell the fast path does not answer for: the row goes to the reference path.
SLOW: Any = object()
CACHE_LIMIT = 20_000  # distinct cells remembered per column; then it starts afresh
_ABSENT = object()

CellCheck = Callable[[object], Any]


def _missing(row: _Row) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((column, frozenset(found)) for column, found in row.missing.items())


def _known_check(column: str, ctx: ImportContext, read: Callable[[_Row, str], Any]) -> CellCheck:
    """A column of names (``_Row.text``) or lists of names (``_Row.items``) that must be known."""

    def check(cell: object) -> Any:
        row = _Row(0, {column: cell}, ctx)
        found = read(row, column)
        row.check_known(column, found)
        return SLOW if row.errors else (found, _missing(row))

    return check


def _codes_check(ctx: ImportContext) -> CellCheck:
    def check(cell: object) -> Any:
        row = _Row(0, {"codes": cell}, ctx)
        found = _codes(row)
        return SLOW if row.errors else (found, _missing(row))

    return check


def _parsed_check(column: str, ctx: ImportContext, parse: v.Parser, *args: object) -> CellCheck:
    def check(cell: object) -> Any:
        row = _Row(0, {column: cell}, ctx)
        value = row.parsed(column, parse, *args)
        return SLOW if row.errors else value

    return check


def _date_check(ctx: ImportContext) -> CellCheck:
    def check(cell: object) -> Any:
        row = _Row(0, {"date": cell}, ctx)
        value = row.cell("date")
        if value is None or not v.text(value):
            return SLOW
        parsed = row.parse("date", value, v.parse_date_time, ctx.today)
        return SLOW if row.errors or not isinstance(parsed, tuple) else parsed

    return check


def _contact_type_check(ctx: ImportContext) -> CellCheck:
    def check(cell: object) -> Any:
        row = _Row(0, {"contact_type": cell}, ctx)
        value = row.parse("contact_type", row.cell("contact_type"), v.parse_contact_type)
        return SLOW if row.errors or not isinstance(value, str) else value

    return check


def _duration_check(ctx: ImportContext) -> CellCheck:
    parsed = _parsed_check("duration_min", ctx, v.parse_duration)

    def check(cell: object) -> Any:
        minutes = parsed(cell)
        if minutes is SLOW:
            return SLOW
        if isinstance(minutes, int):
            return minutes, v.duration_band(minutes, ctx.bands)
        return None, None

    return check


def _key_check(make: Callable[[str, bytes], str], secret: bytes) -> CellCheck:
    def check(cell: object) -> Any:
        try:
            return make(v.text(cell), secret)
        except ClientKeyError:
            return SLOW

    return check


# The columns the fast path looks up for every row, in this order; the ones marked
# True answer (value, missing values) and may name values the import has to create.
_ORDER: tuple[tuple[str, bool], ...] = (
    ("date", False),
    ("unit", True),
    ("worker", True),
    ("reason", True),
    ("target_group", True),
    ("referred_by", True),
    ("task", True),
    ("contact_type", False),
    ("client_birth_year", False),
    ("client_gender", False),
    ("client_language", False),
    ("client_employment", False),
    ("provider", False),
    ("consent", False),
    ("duration_min", False),
    ("partners", True),
    ("referred_to", True),
    ("codes", True),
)
# Stands in for the cell of a column the file lacks; only that column's memory sees it.
_NO_CELL = "\x00no cell"


def _checks(ctx: ImportContext) -> dict[str, CellCheck]:
    today = ctx.today
    checks: dict[str, CellCheck] = {
        name: _known_check(name, ctx, _Row.text)
        for name in ("unit", "worker", "reason", "target_group", "referred_by", "task")
    }
    checks.update(
        date=_date_check(ctx),
        contact_type=_contact_type_check(ctx),
        client_birth_year=_parsed_check("client_birth_year", ctx, v.parse_birth_year, today),
        client_gender=_parsed_check("client_gender", ctx, v.parse_gender),
        client_language=_parsed_check("client_language", ctx, v.parse_language),
        client_employment=_parsed_check("client_employment", ctx, v.parse_employment),
        provider=_parsed_check("provider", ctx, v.parse_provider),
        consent=_parsed_check("consent", ctx, v.parse_consent),
        duration_min=_duration_check(ctx),
        partners=_known_check("partners", ctx, _Row.items),
        referred_to=_known_check("referred_to", ctx, _Row.items),
        codes=_codes_check(ctx),
    )
    return checks


class FastNormaliser:
    """``normalise_row`` for the rows of one file, given where each canonical column is.

    ``columns`` maps a canonical column to its index in the row's cells; a cell
    beyond the end of a short row is ``""``, as the reader gives it. Call it with
    the line number and the cells.
    """

    def __init__(self, ctx: ImportContext, columns: Mapping[str, int]) -> None:
        self.ctx = ctx
        self.columns = dict(columns)
        checks = _checks(ctx)
        self.width = max(columns.values(), default=-1) + 1
        absent = [name for name, _ in _ORDER if name not in columns]
        self.tail = [_NO_CELL] * len(absent)
        self.pick = itemgetter(
            *(
                columns[name] if name in columns else self.width + absent.index(name)
                for name, _ in _ORDER
            )
        )
        self.checks = [checks[name] for name, _ in _ORDER]
        self.known: list[dict[object, Any]] = [{} for _ in _ORDER]
        for (name, _), known, check in zip(_ORDER, self.known, self.checks, strict=True):
            if name not in columns:  # the reference's `raw.get(column)`: None, on every row
                known[_NO_CELL] = check(None)
        self.missing_at = [i for i, (_, may_miss) in enumerate(_ORDER) if may_miss]
        secret = ctx.pseudonym_secret
        self.client_keys: dict[object, Any] = {}
        self.hetu_keys: dict[object, Any] = {}
        self.client_check = _key_check(client_key, secret)
        self.hetu_check = _key_check(hetu_key, secret)
        self.source_index = columns.get("source_id")
        self.client_index = columns.get("client")
        self.hetu_index = columns.get("hetu")
        # A row that gives its duration band (maybe without minutes) takes the full path.
        self.band_index = columns.get("duration_band")

    def __call__(self, line: int, cells: list[object]) -> NormalisedRow | list[RowError]:
        row = self._fast(cells)
        if row is None:
            return normalise_row(line, canonical_cells(cells, self.columns), self.ctx)
        return row

    def _look_up(self, cells: Sequence[object]) -> list[Any]:
        """Every looked-up column's answer for this row, checking the cells not seen yet."""
        row = list(cells)
        width = self.width
        if len(row) != width:
            row = row[:width] if len(row) > width else row + [""] * (width - len(row))
        picked = self.pick(row + self.tail)
        found = list(map(dict.get, self.known, picked, repeat(_ABSENT)))
        if _ABSENT in found:
            for i, cell in enumerate(picked):
                if found[i] is _ABSENT:
                    found[i] = self.checks[i](cell)
                    if type(cell) is str:  # see the module's docstring
                        _remember(self.known[i], cell, found[i])
        return found

    def _client_key(self, cells: Sequence[object]) -> Any:
        client = _cell_text(cells, self.client_index)
        hetu = _cell_text(cells, self.hetu_index)
        if client and hetu:
            return SLOW
        if hetu:
            known, check, cell = self.hetu_keys, self.hetu_check, cells[self.hetu_index]  # type: ignore[index]
        elif client:
            known, check, cell = self.client_keys, self.client_check, cells[self.client_index]  # type: ignore[index]
        else:
            return SLOW
        found = known.get(cell, _ABSENT)
        if found is _ABSENT:
            found = check(cell)
            if type(cell) is str:
                _remember(known, cell, found)
        return found

    def _fast(self, cells: Sequence[object]) -> NormalisedRow | None:
        if self.band_index is not None and _cell_text(cells, self.band_index):
            return None
        found = self._look_up(cells)
        if SLOW in found:
            return None
        (
            when,
            (unit, _),
            (worker, _),
            (reason, _),
            (target_group, _),
            (referred_by, _),
            (task, _),
            contact_type,
            birth_year,
            gender,
            language,
            employment,
            provider,
            consent,
            (minutes, band),
            (partners, _),
            (referred_to, _),
            (codes, _),
        ) = found
        if not unit:
            return None
        key = self._client_key(cells)
        if key is SLOW:
            return None
        source_id = _cell_text(cells, self.source_index)
        if source_id and looks_like_hetu(source_id):
            return None
        missing: dict[str, frozenset[str]] = {}
        for i in self.missing_at:
            missing.update(found[i][1])  # each column adds its own entry, once
        day, clock = when
        return assemble_row(
            source_id=source_id,
            date=day,
            time=clock,
            unit=unit,
            worker=worker,
            reason=reason,
            target_group=target_group,
            referred_by=referred_by,
            task=task,
            client_key=key,
            client_birth_year=birth_year,
            client_gender=gender,
            client_language=language,
            client_employment=employment,
            contact_type=contact_type,
            duration_min=minutes,
            duration_band=band,
            codes=codes,
            partners=partners,
            referred_to=referred_to,
            provider=provider,
            consent=consent,
            missing=missing,
        )


def _remember(known: dict[object, Any], cell: str, found: Any) -> None:
    if len(known) >= CACHE_LIMIT:
        known.clear()
    known[cell] = found


def _cell_text(cells: Sequence[object], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    cell = cells[index]
    return cell.strip() if type(cell) is str else v.text(cell)


__all__ = ["FastNormaliser"]
