from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.unit.encounters.conftest import WriteFile
from tyonjako.encounters.importing import ImportFileError, open_rows
from tyonjako.encounters.importing.reader import EXTRA, detect_delimiter, detect_encoding

NORDIC = "date,unit,client,contact_type,reason\n31.12.2023,Kärsämäki,A1,käynti,Åbo ö-asia\n"


def test_comma_file(write: WriteFile) -> None:
    source = open_rows(write("date,unit,codes\n1.1.2024,TSO,RS1;RS2\n"))
    assert source.header == ["date", "unit", "codes"]
    assert source.delimiter == ","
    assert source.list_separator == ";"
    assert list(source) == [(2, {"date": "1.1.2024", "unit": "TSO", "codes": "RS1;RS2"})]


def test_semicolon_file(write: WriteFile) -> None:
    source = open_rows(write("date;unit;codes\n1.1.2024;TSO;RS1|RS2\n"))
    assert source.delimiter == ";"
    assert source.list_separator == "|"
    assert list(source) == [(2, {"date": "1.1.2024", "unit": "TSO", "codes": "RS1|RS2"})]


def test_delimiter_detection_counts_the_header_line() -> None:
    assert detect_delimiter("a;b;c") == ";"
    assert detect_delimiter("a,b,c") == ","
    assert detect_delimiter("Kesto (min, noin);b;c") == ";"


@pytest.mark.parametrize(
    ("encoding", "bom", "detected"),
    [("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("cp1252", False, "cp1252")],
)
def test_encodings_keep_nordic_letters(
    write: WriteFile, encoding: str, bom: bool, detected: str
) -> None:
    source = open_rows(write(NORDIC, encoding=encoding, bom=bom))
    assert source.encoding == detected
    assert source.header[0] == "date"  # no BOM glued to the first header
    ((line, row),) = list(source)
    assert line == 2
    assert row["unit"] == "Kärsämäki"
    assert row["reason"] == "Åbo ö-asia"


def test_crlf_line_endings(write: WriteFile) -> None:
    source = open_rows(write(NORDIC.replace("\n", "\r\n"), encoding="cp1252"))
    ((_, row),) = list(source)
    assert row["reason"] == "Åbo ö-asia"


def test_cp1252_after_a_long_ascii_start_is_still_read(write: WriteFile) -> None:
    ascii_rows = "".join(f"1.1.2024,TSO,A{i},visit,x\n" for i in range(5000))
    text = "date,unit,client,contact_type,reason\n" + ascii_rows + "1.1.2024,Töölö,B,visit,ä\n"
    assert len(text) > 64 * 1024
    rows = list(open_rows(write(text, encoding="cp1252")))
    assert rows[-1] == (5002, {**rows[-1][1], "unit": "Töölö", "reason": "ä"})


def test_utf8_then_cp1252_is_an_error_naming_the_line(write: WriteFile) -> None:
    path = write("date,unit\n" + "1.1.2024,Töölö\n" * 5000)
    path.write_bytes(path.read_bytes() + "1.1.2024,Töölö\n".encode("cp1252"))
    source = open_rows(path)
    assert source.encoding == "utf-8"
    with pytest.raises(ImportFileError, match="line 5002 is not valid utf-8") as info:
        list(source)
    assert info.value.line == 5002


def test_detect_encoding_tolerates_a_character_cut_at_the_chunk_end() -> None:
    assert detect_encoding("ä".encode()[:1]) == "utf-8"
    assert detect_encoding(b"\xe4x") == "cp1252"


def test_line_numbers_with_a_quoted_multiline_cell(write: WriteFile) -> None:
    text = (
        "date,unit,reason\n"
        '1.1.2024,TSO,"first line\nsecond line\nthird line"\n'
        "2.1.2024,TSO,plain\n"
        "\n"
        "3.1.2024,TSO,after a blank line\n"
    )
    rows = list(open_rows(write(text)))
    assert [line for line, _ in rows] == [2, 5, 7]
    assert rows[0][1]["reason"] == "first line\nsecond line\nthird line"


def test_blank_rows_are_skipped_and_short_rows_are_short(write: WriteFile) -> None:
    rows = list(open_rows(write("date;unit;reason\n;;\n1.1.2024;TSO\n")))
    assert rows == [(3, {"date": "1.1.2024", "unit": "TSO"})]


def test_cells_beyond_the_header_are_reported(write: WriteFile) -> None:
    rows = list(open_rows(write("date,unit\n1.1.2024,TSO,surprise,\n2.1.2024,TSO,,\n")))
    assert rows[0][1][EXTRA] == ["surprise"]
    assert EXTRA not in rows[1][1]


def test_header_cells_are_trimmed_and_trailing_empty_ones_dropped(write: WriteFile) -> None:
    assert open_rows(write(" date ; Unit ;;\n")).header == ["date", "Unit"]


def test_progress_goes_from_zero_to_one(write: WriteFile) -> None:
    source = open_rows(write("date,unit\n" + "1.1.2024,TSO\n" * 1000))
    assert source.bytes_total and source.bytes_total > 0
    fractions = [source.progress() for _ in source]
    assert all(f is not None for f in fractions)
    assert fractions[-1] == 1.0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("", "empty.csv", "empty"),
        ("\n\n", "blank.csv", "empty"),
        ("date,unit\n", "export.pdf", "unsupported file type"),
        ('"date,unit\n1.1.2024,TSO\n', "open.csv", "header line is not complete"),
    ],
)
def test_unreadable_files(write: WriteFile, content: str, name: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        open_rows(write(content, name=name))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no such file"):
        open_rows(tmp_path / "nope.csv")


# ----------------------------------------------------------------------------- XLSX


def _xlsx(path: Path, rows: list[list[object]], title: str = "Käynnit") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    other = book.create_sheet("Muut")
    other.append(["x"])
    book.save(path)
    return path


def test_xlsx_keeps_cell_types(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "export.xlsx",
        [
            ["Käyntipäivä", "Toimipiste", "Kesto", "Asiakas", "Koodit"],
            [dt.date(2024, 1, 2), "Töölö", 45, 12345, "RS1;RS2"],
            [None, None, None, None, None],
            [dt.datetime(2024, 1, 3, 14, 30), "Åbo", 30.0, "B7", None],
        ],
    )
    source = open_rows(path)
    assert source.header == ["Käyntipäivä", "Toimipiste", "Kesto", "Asiakas", "Koodit"]
    assert source.list_separator == ";"
    assert source.progress() == 0.0
    rows = list(source)
    assert [line for line, _ in rows] == [2, 4]
    first, second = rows[0][1], rows[1][1]
    assert first["Käyntipäivä"] == dt.date(2024, 1, 2)
    assert first["Kesto"] == 45
    assert first["Asiakas"] == 12345
    assert second["Käyntipäivä"] == dt.datetime(2024, 1, 3, 14, 30)
    assert second["Toimipiste"] == "Åbo"
    assert source.progress() == 1.0


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "export.xlsx", [["date"], [dt.date(2024, 1, 2)]])
    assert open_rows(path, sheet="Muut").header == ["x"]
    with pytest.raises(ImportFileError, match="no sheet 'Puuttuu'"):
        open_rows(path, sheet="Puuttuu")


def test_not_really_a_spreadsheet(write: WriteFile) -> None:
    with pytest.raises(ImportFileError, match="not a readable spreadsheet"):
        open_rows(write("date,unit\n", name="fake.xlsx"))
