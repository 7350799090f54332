"""Import files beyond the limits are refused before a reader takes them in."""

import zipfile
from pathlib import Path

import pytest

from tyonjako.encounters.importing.limits import FileLimits, FileTooLarge, scan_xlsx
from tyonjako.encounters.importing.reader import ImportFileError, open_rows

PKG = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    f'<Types xmlns="{PKG}/content-types">'
    f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{OFFICE}"><sheets><sheet name="Vienti" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
WORKBOOK_RELS = (
    f'<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def xlsx(path: Path, cells: list[tuple[str, str]], dimension: str = "A1") -> Path:
    """A minimal XLSX by hand: inline-string cells at the given references."""
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        number = int("".join(ch for ch in ref if ch.isdigit()))
        rows.setdefault(number, []).append(
            f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        )
    data = "".join(f'<row r="{n}">{"".join(c)}</row>' for n, c in sorted(rows.items()))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{data}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def test_two_far_apart_cells_are_refused_before_the_reader_allocates_them(tmp_path) -> None:
    """The file that once made the reader ask for 512 GiB and abort the process. Had the
    check not run first, this test would abort the test run."""
    path = xlsx(tmp_path / "pommi.xlsx", [("A1", "a"), ("XFD1048576", "b")])
    assert path.stat().st_size < 2000
    with pytest.raises(FileTooLarge, match="TYONJAKO_IMPORT_MAX"):
        open_rows(path)


def test_the_declared_dimension_is_not_trusted(tmp_path) -> None:
    path = xlsx(
        tmp_path / "vienti.xlsx",
        [("A1", "source_id"), ("B1", "date"), ("A2", "x1"), ("B2", "1.1.2026")],
        dimension="A1:XFD1048576",
    )
    extent = scan_xlsx(path)
    assert extent is not None and (extent.rows, extent.columns, extent.cells) == (2, 2, 4)
    with open_rows(path) as source:
        assert source.header == ["source_id", "date"]
        assert [line for line, _cells in source.iter_cells()] == [2]


def test_a_named_sheet_is_scanned(tmp_path) -> None:
    path = xlsx(tmp_path / "vienti.xlsx", [("A1", "a"), ("C7", "b")])
    extent = scan_xlsx(path, "Vienti")
    assert extent is not None and (extent.rows, extent.columns) == (7, 3)
    assert scan_xlsx(path, "Muu") is None


@pytest.mark.parametrize(
    ("cells", "limits", "named"),
    [
        ([("A1", "a"), ("A9", "b")], FileLimits(max_rows=5), "ROWS"),
        ([("A1", "a"), ("Z1", "b")], FileLimits(max_columns=5), "COLUMNS"),
        ([("A1", "a"), ("J10", "b")], FileLimits(max_cells=50), "CELLS"),
    ],
)
def test_each_xlsx_limit_is_named(tmp_path, cells, limits, named) -> None:
    with pytest.raises(FileTooLarge, match=f"TYONJAKO_IMPORT_MAX_{named}"):
        open_rows(xlsx(tmp_path / "vienti.xlsx", cells), limits=limits)


def test_a_csv_with_too_many_rows_stops_at_the_line_past_the_limit(tmp_path) -> None:
    path = tmp_path / "vienti.csv"
    path.write_text("a,b\n" + "1,2\n" * 10)
    with (
        open_rows(path, limits=FileLimits(max_rows=3)) as source,
        pytest.raises(FileTooLarge, match="TYONJAKO_IMPORT_MAX_ROWS") as error,
    ):
        list(source.iter_cells())
    assert error.value.line == 5


def test_a_csv_with_too_many_columns_is_refused(tmp_path) -> None:
    path = tmp_path / "vienti.csv"
    path.write_text(",".join(f"c{n}" for n in range(30)) + "\n")
    with pytest.raises(FileTooLarge, match="TYONJAKO_IMPORT_MAX_COLUMNS"):
        open_rows(path, limits=FileLimits(max_columns=10))


def test_a_file_over_the_size_limit_is_refused(tmp_path) -> None:
    path = tmp_path / "vienti.csv"
    path.write_text("a,b\n" + "1,2\n" * 1000)
    with pytest.raises(FileTooLarge, match="TYONJAKO_IMPORT_MAX_BYTES"):
        open_rows(path, limits=FileLimits(max_bytes=1000))


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_formats_whose_cells_cannot_be_located_first_are_refused(tmp_path, suffix) -> None:
    path = tmp_path / f"vienti{suffix}"
    path.write_bytes(b"x")
    with pytest.raises(ImportFileError, match=r"save it as \.xlsx or \.csv"):
        open_rows(path)


def test_a_zip_that_is_not_a_spreadsheet_is_refused(tmp_path) -> None:
    path = tmp_path / "vienti.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("hello.txt", "hi")
    with pytest.raises(ImportFileError):
        open_rows(path)
