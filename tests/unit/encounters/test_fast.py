"""The fast path (importing/fast.py) answers every row exactly as normalise_row does.

Rows are drawn from pools of good, bad, empty, aliased, mapped and hetu-shaped
cells, so that the same cells repeat (the fast path remembers them) and every
kind of error appears; each row's answer is compared with the reference's,
whole: values, digest, missing values, errors and their order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.encounters.helpers import INVALID_HETU, SECRET, TODAY, VALID_HETU
from tyonjako.encounters.importing import (
    CANONICAL_COLUMNS,
    ImportContext,
    KnownValues,
    iter_import,
    load_profile,
    normalise_row,
)
from tyonjako.encounters.importing.fast import FastNormaliser

HETU_SHAPED = "010203A123B"

POOLS: dict[str, list[object]] = {
    "source_id": ["E-1", "E-2", "", " E-3 ", VALID_HETU, "x" * 11],
    "date": ["31.12.2023", "2023-12-31", "1.1.2024 14:30", "31.2.2024", "", "2099-01-01", "x"],
    "unit": ["TSO", "Töölö", "", " TSO ", "NEW", HETU_SHAPED],
    "worker": ["", "maija.m", "unknown.w"],
    "client": ["A123", "", "B 1", VALID_HETU, INVALID_HETU, "h-" + "a" * 24],
    "hetu": ["", VALID_HETU, INVALID_HETU, "131052-308t"],
    "client_birth_year": ["", "1958", "1958.0", "1800", "x"],
    "client_gender": ["", "N", "mies", "kvinna", "x", "muu"],
    "client_language": ["", "suomi", "svenska", "ru"],
    "client_employment": ["", "eläkeläinen", "työtön", "x"],
    "contact_type": ["käynti", "Puhelu", "", "uteblivet", "x", "Vastaanottokäynti"],
    "duration_min": ["", "45", "45,0", "15", "90", "-1", "2000", "x"],
    "duration_band": ["", "", "30_59", "15–29 min", "lt15", "x"],
    "reason": ["", "toimeentulo", "asuminen", "other-r"],
    "target_group": ["", "aikuiset", "x-group"],
    "codes": ["", "RS123", "RS123;ICD10:Z59.0;RS123", "BAD::1", "XX:1", "ICD10:Z00", ":z"],
    "partners": ["", "Kela", "Kela; TE-toimisto", "Kela;" + HETU_SHAPED, "Vieras"],
    "referred_by": ["", "lääkäri", "tuntematon"],
    "referred_to": ["", "Kela", "Kela;Verve", "muu-paikka"],
    "provider": ["", "julkinen", "privat", "x"],
    "consent": ["", "k", "ei", "ehkä"],
    "task": ["", "neuvonta", "muu-tehtava"],
}

PROFILE = load_profile(
    """\
name: test
columns: {}
values:
  contact_type: {Vastaanottokäynti: visit}
  unit: {Töölö: TSO}
  partners: {TE-toimisto: TE}
  codes: {Z00: "ICD10:Z59.0"}
  consent: {ehkä: true}
default_code_system: RS
"""
)

KNOWN = KnownValues(
    unit=frozenset({"TSO", "Töölö"}),
    worker=frozenset({"maija.m"}),
    reason=frozenset({"toimeentulo", "asuminen"}),
    target_group=frozenset({"aikuiset"}),
    partners=frozenset({"Kela", "TE", "TE-toimisto", "Verve"}),
    referred_by=frozenset({"lääkäri"}),
    referred_to=frozenset({"Kela", "Verve"}),
    task=frozenset({"neuvonta"}),
    codes=frozenset({("RS", "RS123"), ("local", "RS123"), ("ICD10", "Z59.0")}),
    code_systems=frozenset({"RS", "local", "ICD10"}),
)


def _contexts() -> st.SearchStrategy[ImportContext]:
    base = ImportContext(pseudonym_secret=SECRET, today=TODAY)
    return st.builds(
        lambda profile, known, create, separator: replace(
            base,
            profile=profile,
            known=None if known is None else replace(known, create_missing=create),
            list_separator=separator,
        ),
        st.sampled_from([base.profile, PROFILE]),
        st.sampled_from([None, KNOWN]),
        st.booleans(),
        st.sampled_from([None, ";", "|"]),
    )


@st.composite
def files(draw: st.DrawFn) -> tuple[list[str], list[list[object]]]:
    required = ["date", "unit", "contact_type", draw(st.sampled_from(["client", "hetu"]))]
    optional = draw(st.lists(st.sampled_from(CANONICAL_COLUMNS), unique=True))
    columns = list(dict.fromkeys(required + optional))
    columns = draw(st.permutations(columns))
    rows = draw(
        st.lists(
            st.tuples(*(st.sampled_from(POOLS[column]) for column in columns)).map(list),
            min_size=1,
            max_size=30,
        )
    )
    # Some rows short (a CSV line with fewer cells than the header).
    cut = draw(st.integers(0, len(columns)))
    if rows and cut:
        rows[0] = rows[0][:cut]
    return columns, rows


def _reference(line: int, columns: list[str], cells: list[object], ctx: ImportContext) -> object:
    raw: Mapping[str, object] = {
        column: cells[i] if i < len(cells) else "" for i, column in enumerate(columns)
    }
    return normalise_row(line, raw, ctx)


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
@settings(max_examples=400, deadline=None)
@given(_contexts(), files())
def test_the_fast_path_answers_as_the_reference(
    ctx: ImportContext, file: tuple[list[str], list[list[object]]]
) -> None:
    columns, rows = file
    fast = FastNormaliser(ctx, {column: i for i, column in enumerate(columns)})
    for line, cells in enumerate(rows * 2, start=2):  # twice: the second time from memory
        expected = _reference(line, columns, cells, ctx)
        got = fast(line, cells)
        assert got == expected
        if not isinstance(expected, list):
            assert got.digest == expected.digest  # type: ignore[union-attr]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                1958,
                1958.0,
                True,
                1,
                0,
                45.5,
                None,
                dt.datetime(2023, 5, 1, 0, 0),
                dt.datetime(2023, 5, 1, 9, 30),
                dt.date(2023, 5, 1),
                dt.timedelta(minutes=30),
                "45",
            ]
        ),
        min_size=5,
        max_size=5,
    )
)
def test_spreadsheet_cells_of_other_types_are_checked_as_the_reference_does(
    cells: list[object],
) -> None:
    ctx = ImportContext(pseudonym_secret=SECRET, today=TODAY)
    columns = ["date", "unit", "contact_type", "client", *["duration_min", "client_birth_year"]]
    for varying in range(2):
        row: list[object] = ["1.5.2023", "TSO", "käynti", "A1", "", ""]
        row[0] = cells[0] if varying else row[0]
        row[4], row[5] = cells[1], cells[2]
        fast = FastNormaliser(ctx, {column: i for i, column in enumerate(columns)})
        for _ in range(2):
            got = fast(2, row)
            assert got == _reference(2, columns, row, ctx)


def test_a_whole_file_reads_the_same_through_the_pipeline(tmp_path: object) -> None:
    """iter_import (the fast path) against normalise_row over every line of a file."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "export.csv"
    lines = ["source_id,date,unit,client,contact_type,duration_min,codes,partners"]
    for i in range(300):
        day = "31.2.2024" if i % 37 == 0 else f"{1 + i % 28}.3.2024"
        lines.append(f"E{i % 250},{day},TSO,A{i % 17},käynti,{i % 100},RS1;RS2,Kela;Verve")
    lines.append("E9,1.3.2024,TSO,A1,käynti,5,,,surplus")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ctx = ImportContext(pseudonym_secret=SECRET, today=TODAY)
    header = lines[0].split(",")
    got = list(iter_import(path, ctx))
    assert len(got) == 301
    for (line, item), text in zip(got[:-1], lines[1:-1], strict=True):
        assert item == normalise_row(line, dict(zip(header, text.split(","), strict=True)), ctx)
    line, item = got[-1]
    assert isinstance(item, list) and "more cells than the header" in str(item[0])
