"""Issue 14 §2: the XLSX follows the one list of sections (labels.SECTIONS) that drives
the page, the JSON and the CSV; it is not built from a list of its own."""

from __future__ import annotations

import pytest

from tests.unit.encounters_exports.sample import GENERATED, LABELS_IN, TITLE, keski, load
from tyonjako.encounters.exports import LABELS, statistics_workbook
from tyonjako.encounters.exports.labels import SECTIONS, XLSX_SHEET_OF, xlsx_sheets


def test_every_section_has_its_place_in_the_workbook_and_nothing_else_does() -> None:
    assert list(XLSX_SHEET_OF) == list(SECTIONS)
    assert set(XLSX_SHEET_OF.values()) <= set(LABELS["sheets"])


def test_sections_that_share_a_sheet_follow_each_other() -> None:
    sheets = [XLSX_SHEET_OF[section] for section in SECTIONS]
    for sheet in set(sheets):
        first = sheets.index(sheet)
        last = len(sheets) - 1 - sheets[::-1].index(sheet)
        assert set(sheets[first : last + 1]) == {sheet}, sheet


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_sheets_come_in_the_order_of_the_sections(language: str) -> None:
    data = statistics_workbook(
        [keski()], LABELS_IN, language=language, title=TITLE, generated=GENERATED
    )
    names = load(data).sheetnames
    assert names[0] == LABELS["sheets"]["cover"][language]
    assert names[1:] == [LABELS["sheets"][key][language] for key in xlsx_sheets()]
