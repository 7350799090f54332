from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from tyonjako.encounters.importing import ImportContext, NormalisedRow, RowError, normalise_row

TODAY = dt.date(2026, 6, 1)
SECRET = b"test-secret"
VALID_HETU = "131052-308T"  # the example code of the Population Register Centre
INVALID_HETU = "131052-308U"  # wrong check character

BASE: dict[str, object] = {
    "date": "31.12.2023",
    "unit": "TSO",
    "client": "A123",
    "contact_type": "visit",
}


def ok(ctx: ImportContext, **cells: object) -> NormalisedRow:
    result = normalise_row(2, {**BASE, **cells}, ctx)
    assert isinstance(result, NormalisedRow), [str(e) for e in result]
    return result


def errors(
    ctx: ImportContext, raw: Mapping[str, object] | None = None, /, **cells: object
) -> list[str]:
    row = dict(BASE if raw is None else raw)
    row.update(cells)
    result = normalise_row(7, row, ctx)
    assert isinstance(result, list), result
    assert all(isinstance(e, RowError) for e in result)
    return [str(e) for e in result]
