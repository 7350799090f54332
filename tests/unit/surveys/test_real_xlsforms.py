"""Real XLSForm files made elsewhere (pyxform's own examples, tests/fixtures/xlsform/README.md)
load with every question kept, round-trip through our XLSForm export, and what they hold that
we do not support is refused by row and type — except metadata, which is accepted and never
collected. The sheets are read here independently of the reader under test."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlrd

from tyonjako.surveys.definition import (
    METADATA_TYPES,
    DefinitionError,
    Question,
    language_code,
    read_file,
    read_xlsform,
    write_xlsform,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "xlsform"
LOADED = [
    "text_and_integer.xlsx",
    "yes_or_no_question.xls",
    "specify_other.xlsx",
    "xl_date_ambiguous_v1.xlsx",
    "table-list.xls",
    "field-list.xlsx",
    "style_settings.xls",
    "allow_comment_rows_test.xls",
]
STRUCTURE = {"begin group", "begin_group", "end group", "end_group"}


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    """The sheet as dicts keyed by the header as written (an independent reader)."""
    if path.suffix == ".xls":
        book = xlrd.open_workbook(str(path))
        if name not in book.sheet_names():
            return []
        sheet = book.sheet_by_name(name)
        rows = [sheet.row_values(i) for i in range(sheet.nrows)]
    else:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        if name not in workbook.sheetnames:
            return []
        rows = [list(r) for r in workbook[name].iter_rows(values_only=True)]
    header = [str(c or "").strip() for c in rows[0]]
    out = []
    for row in rows[1:]:
        cells = {}
        for column, value in zip(header, row, strict=False):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            cells[column] = "" if value is None else str(value).strip()
        out.append(cells)
    return out


OTHER = ("or_other", "or specify other")


def _expected_type(cell: str) -> tuple[str, str]:
    """(type, list name) from every spelling these forms use."""
    text = cell.strip()
    for suffix in OTHER:
        text = text.removesuffix(suffix).strip()
    words = text.split()
    lowered = [w.lower() for w in words]
    for spelling, kind in (
        (["select", "one", "from"], "select_one"),
        (["select", "all", "that", "apply", "from"], "select_multiple"),
        (["select", "one"], "select_one"),
        (["select_one"], "select_one"),
        (["select_multiple"], "select_multiple"),
    ):
        if lowered[: len(spelling)] == spelling:
            return kind, words[len(spelling)]
    return {"string": "text", "int": "integer"}.get(lowered[0], lowered[0]), ""


def _texts(row: dict[str, str], column: str) -> tuple[dict[str, str], list[str]]:
    """Texts of `column` per language we show, and the texts in languages we do not."""
    known: dict[str, str] = {}
    other: list[str] = []
    for header, value in row.items():
        base, _sep, language = header.replace("::", ":").partition(":")
        if base.strip().lower() != column or not value:
            continue
        code = language_code(language) if language else "fi"
        if code:
            known[code] = value
        else:
            other.append(value)
    return known, other


def _check_question(question: Question, row: dict[str, str], choices: list[dict[str, str]]):
    kind, list_name = _expected_type(row["type"])
    assert question.type == kind, question.name
    labels, foreign = _texts(row, "label")
    assert question.label == labels, question.name
    assert not set(foreign) & set(question.label.values())
    hints, _ = _texts(row, "hint")
    assert question.hint == hints, question.name
    assert question.required == (row.get("required", "").lower() in ("yes", "true", "true()"))
    assert question.relevant == (row.get("relevant") or row.get("bind:relevant") or "")
    assert question.or_other == row["type"].strip().endswith(OTHER)
    if kind.startswith("select"):
        assert question.list_name == list_name
        written = [c for c in choices if (c.get("list_name") or c.get("list name")) == list_name]
        assert [c.name for c in question.choices] == [c["name"] for c in written]
        for choice, raw in zip(question.choices, written, strict=True):
            assert choice.label == _texts(raw, "label")[0], (question.name, choice.name)


@pytest.mark.parametrize("name", LOADED)
def test_a_real_xlsform_loads_with_every_question_kept(name: str) -> None:
    path = FIXTURES / name
    definition = read_file(path.read_bytes(), name)
    rows = [r for r in _sheet(path, "survey") if r.get("type")]
    choices = _sheet(path, "choices")
    asked = [
        r
        for r in rows
        if r["type"].lower() not in STRUCTURE and r["type"].lower() not in METADATA_TYPES
    ]
    assert [q.name for q in definition.questions] == [r["name"] for r in asked]
    for question, row in zip(definition.questions, asked, strict=True):
        _check_question(question, row, choices)
    groups = [r["name"] for r in rows if r["type"].lower() in ("begin group", "begin_group")]
    assert [g.name for g in definition.groups] == groups


@pytest.mark.parametrize("name", LOADED)
def test_a_real_xlsform_survives_our_xlsform_export(name: str) -> None:
    definition = read_file((FIXTURES / name).read_bytes(), name)
    assert read_xlsform(write_xlsform(definition)) == definition


def _without_rows(path: Path, drop: set[str], names: set[str]) -> bytes:
    """The real workbook with the rows of the given types or names removed (nothing else)."""
    workbook = openpyxl.load_workbook(path, data_only=True)  # a formula cell keeps its value
    survey = workbook["survey"]
    header = [str(c.value or "").strip().lower() for c in survey[1]]
    at, name_at = header.index("type"), header.index("name")
    for number in range(survey.max_row, 1, -1):
        kind = str(survey.cell(number, at + 1).value or "").strip().lower()
        value = survey.cell(number, name_at + 1).value
        name = "" if value is None else str(value).strip()
        if kind.split(" ")[0] in drop or name in names:
            survey.delete_rows(number)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_metadata_is_accepted_and_never_collected() -> None:
    path = FIXTURES / "flat_xlsform_test.xlsx"
    metadata = {"start", "end", "today", "deviceid", "simserial", "phonenumber", "uri:deviceid"}
    with pytest.raises(DefinitionError) as refused:
        read_file(path.read_bytes(), path.name)
    named = " ".join(refused.value.errors)
    for kind in metadata:
        assert f"type {kind!r}" not in named
    unsupported = {"acknowledge", "time", "datetime", "geopoint", "barcode", "image", "audio"}
    # …and once the unsupported rows (and the note that shows the calculation) are gone, it
    # loads: every question but the metadata kept.
    # Also gone: an image-only note (no label) and a row named by a formula (=FALSE()).
    gone = {"calculate_test_output", "display_image_test", "False"}
    content = _without_rows(path, unsupported | {"video", "calculate"}, gone)
    definition = read_xlsform(content, filename=path.name)
    kinds = {r["name"]: r["type"].lower() for r in _sheet(path, "survey") if r.get("type")}
    assert {kinds[q.name] for q in definition.questions}.isdisjoint(metadata)
    asked = [n for n, k in kinds.items() if k.split(" ")[0] not in unsupported | metadata]
    asked = [
        n for n in asked if kinds[n] not in STRUCTURE | {"video", "calculate"} and n not in gone
    ]
    assert sorted(q.name for q in definition.questions) == sorted(asked)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "flat_xlsform_test.xlsx",
            [
                "row 30: type 'acknowledge' is not supported",
                "row 32: type 'time' is not supported",
                "row 34: type 'geopoint' is not supported",
                "row 40: type 'calculate' is not supported",
            ],
        ),
        (
            "widgets.xls",
            [
                "row 6: type 'time' is not supported",
                "row 9: type 'trigger' is not supported",
                "row 18: type 'dateTime' is not supported",
            ],
        ),
        ("or_other.xlsx", ["row 3: the column 'choice_filter' is not supported"]),
        ("pull_data.xlsx", ["row 2: type 'calculate' is not supported"]),
        ("group.xlsx", ["row 4: type 'phone number' is not supported"]),
    ],
)
def test_what_a_real_form_holds_that_we_do_not_support_is_refused_by_row(
    name: str, expected: list[str]
) -> None:
    with pytest.raises(DefinitionError) as refused:
        read_file((FIXTURES / name).read_bytes(), name)
    for error in expected:
        assert error in refused.value.errors
