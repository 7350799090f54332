"""Exports never hand a spreadsheet a formula (CSV/formula injection)."""

import io

import openpyxl
import pytest

from tyonjako.common.cells import csv_writer, dict_writer, harden_workbook, neutralise


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_with_a_formula_start_is_shown_as_text(start: str) -> None:
    assert neutralise(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize("value", ["Aikuiset", "", "a=b", -5, 3.5, None])
def test_other_cells_and_numbers_are_left_alone(value: object) -> None:
    assert neutralise(value) == value


def test_the_csv_writers_neutralise_every_cell() -> None:
    out = io.StringIO()
    csv_writer(out, lineterminator="\n").writerow(["=1+1", "ok", -1])
    dict_writer(out, fieldnames=["a"], lineterminator="\n").writerow({"a": "@SUM(A1)"})
    assert out.getvalue() == "'=1+1,ok,-1\n'@SUM(A1)\n"


def test_a_workbook_keeps_formula_like_text_as_text() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = '=HYPERLINK("http://x")'
    sheet["A2"] = "-lääke"
    sheet["A3"] = 7
    assert harden_workbook(book) == 2
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    again = openpyxl.load_workbook(buffer).active
    assert again["A1"].data_type == "s" and again["A1"].value == '=HYPERLINK("http://x")'
    assert again["A3"].value == 7
