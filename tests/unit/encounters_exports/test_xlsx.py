from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.encounters_exports.sample import (
    GENERATED,
    LABELS_IN,
    TITLE,
    jkl,
    keski,
    load,
)
from tyonjako.encounters.exports import LABELS, statistics_workbook

CONTACT_KEYS = ["visit", "phone", "no_show", "home_visit", "remote", "other", "total"]


def build(reports: list[dict[str, Any]], language: str = "fi", **kwargs: Any) -> Any:
    kwargs.setdefault("title", TITLE)
    kwargs.setdefault("generated", GENERATED)
    data = statistics_workbook(reports, LABELS_IN, language=language, **kwargs)
    assert data[:2] == b"PK"
    return load(data)


def column(ws: Any, col: str, first: int, last: int) -> list[Any]:
    return [ws[f"{col}{row}"].value for row in range(first, last + 1)]


def find_row(ws: Any, label: str, col: int = 1) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, col).value == label:
            return row
    raise AssertionError(f"{label!r} not in {ws.title}")


def all_values(ws: Any) -> list[Any]:
    return [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]


# -- structure -------------------------------------------------------------------


def test_sheet_names_in_finnish() -> None:
    wb = build([keski()])
    assert wb.sheetnames == [
        "Kansilehti",
        "Yhteydenotot",
        "Asiakkaat",
        "Asiointiperusteet",
        "Kohdejoukot",
        "Koodit",
        "Kesto",
        "Yhteistyötahot",
        "Ohjautuminen",
        "Palveluntuottaja",
    ]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_sheet_names_follow_labels_and_fit_excel(language: str) -> None:
    wb = build([keski()], language=language)
    expected = [names[language] for names in LABELS["sheets"].values()]
    assert wb.sheetnames == expected
    assert len(set(expected)) == len(expected)
    assert all(len(name) <= 31 for name in expected)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        statistics_workbook([keski()], {}, language="de", title=TITLE, generated=GENERATED)


# -- cover -----------------------------------------------------------------------


def test_cover_lists_title_units_periods_time_and_source() -> None:
    ws = build([keski(), jkl()])["Kansilehti"]
    values = all_values(ws)
    assert ws["A1"].value == TITLE
    assert ws["A1"].font.b
    assert "KESKI-SAIR" in values and "JKL-TK" in values
    assert "Keskussairaalan terveyssosiaalityö" in values
    assert "1.3.2023–31.10.2023" in values
    assert "31.7.2023 saakka" in values
    assert "31.12.2023 klo 14.30" in values
    assert "Luvut: Työnjako" in values
    note = [v for v in values if isinstance(v, str) and v.startswith("Tietosuoja")]
    assert len(note) == 1 and "<5" in note[0]


def test_cover_has_no_suppression_note_without_suppression() -> None:
    wb = build([keski()])
    for ws in wb:
        assert not any(isinstance(v, str) and "<5" in v for v in all_values(ws)), ws.title


def test_cover_contents_link_to_sheets() -> None:
    ws = build([keski()])["Kansilehti"]
    row = find_row(ws, "Yhteydenotot")
    assert ws.cell(row, 1).hyperlink.location == "'Yhteydenotot'!A1"
    row = find_row(ws, "Yhteistyötahot")
    assert ws.cell(row, 1).hyperlink.location == "'Yhteistyötahot'!A1"


@pytest.mark.parametrize(
    ("language", "generated", "expected"),
    [
        ("fi", dt.datetime(2023, 12, 31, 14, 30), "31.12.2023 klo 14.30"),
        ("sv", dt.datetime(2023, 12, 31, 14, 30), "31.12.2023 kl. 14.30"),
        ("en", dt.datetime(2023, 12, 31, 14, 30), "31 Dec 2023 at 14:30"),
        ("fi", dt.datetime(2024, 1, 5, 9, 5), "5.1.2024 klo 9.05"),
        # An aware time is shown in Finnish time (UTC+2 in winter, +3 in summer).
        ("fi", dt.datetime(2023, 12, 31, 12, 30, tzinfo=dt.UTC), "31.12.2023 klo 14.30"),
        ("sv", dt.datetime(2023, 6, 30, 11, 0, tzinfo=dt.UTC), "30.6.2023 kl. 14.00"),
    ],
)
def test_generated_time_style(language: str, generated: dt.datetime, expected: str) -> None:
    wb = build([keski()], language=language, generated=generated)
    assert expected in all_values(wb.worksheets[0])


# -- contacts: the side-by-side comparison ----------------------------------------


def test_contacts_two_units_side_by_side() -> None:
    ws = build([keski(), jkl()])["Yhteydenotot"]
    assert ws["A4"].value == "Yhteydenottotapa"
    assert ws["B4"].value == "Keskussairaalan terveyssosiaalityö"
    assert ws["C4"].value == "Jyväskylän terveysasemat"
    assert ws["B5"].value == "1.3.2023–31.10.2023"
    assert ws["C5"].value == "31.7.2023 saakka"
    assert column(ws, "A", 6, 12) == [
        "Käynnit",
        "Puhelut",
        "Peruuttamattomat käynnit",
        "Kotikäynnit",
        "Etäasiointi",
        "Muut",
        "Yhteensä",
    ]
    assert column(ws, "B", 6, 12) == [120, 80, 6, 3, 10, 2, 221]
    assert column(ws, "C", 6, 12) == [36, 22, 10, "<5", "<5", "<5", 70]


def test_contacts_total_row_is_bold() -> None:
    ws = build([keski()])["Yhteydenotot"]
    assert ws["A12"].value == "Yhteensä"
    assert ws["A12"].font.b and ws["B12"].font.b
    assert ws["B12"].value == 221


def test_suppressed_cells_are_right_aligned_text_without_comments() -> None:
    wb = build([keski(), jkl()])
    ws = wb["Yhteydenotot"]
    cell = ws["C9"]
    assert cell.value == "<5"
    assert cell.data_type == "s"
    assert cell.alignment.horizontal == "right"
    assert cell.comment is None
    for sheet in wb:
        assert all(c.comment is None for row in sheet.iter_rows() for c in row)
    assert "<5 = alle 5, peitetty tietosuojan vuoksi" in all_values(ws)


def test_suppression_marker_uses_threshold() -> None:
    report = jkl()
    report["threshold"] = 10
    wb = build([report])
    assert wb["Yhteydenotot"]["B9"].value == "<10"
    assert any("<10" in str(v) for v in all_values(wb["Kansilehti"]))


def test_none_in_unsuppressed_report_is_blank_not_marker() -> None:
    report = keski()
    report["contacts"]["other"] = None
    ws = build([report])["Yhteydenotot"]
    assert ws["B11"].value is None


def test_numbers_are_right_aligned_with_number_formats() -> None:
    wb = build([keski()])
    cell = wb["Yhteydenotot"]["B6"]
    assert cell.data_type == "n"
    assert cell.alignment.horizontal == "right"
    assert cell.number_format == "#,##0"
    ratio = wb["Asiakkaat"]["B7"]
    assert ratio.value == pytest.approx(2.3)
    assert ratio.number_format == "#,##0.0"


def test_headers_bold_with_fill() -> None:
    ws = build([keski()])["Yhteydenotot"]
    for ref in ("A4", "B4", "B5"):
        assert ws[ref].font.b
        assert ws[ref].fill.fill_type == "solid"


# -- layout and printing ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "freeze"),
    [
        ("Yhteydenotot", "B6"),
        ("Asiakkaat", "B6"),
        ("Asiointiperusteet", "C6"),
        ("Koodit", "C6"),
        ("Kesto", "B6"),
        ("Ohjautuminen", "C6"),
        ("Palveluntuottaja", "B6"),
    ],
)
def test_freeze_panes_below_headers(sheet: str, freeze: str) -> None:
    ws = build([keski(), jkl()])[sheet]
    assert ws.freeze_panes == freeze
    assert ws.print_title_rows == "$4:$5"


def test_print_setup_landscape_fit_to_width_header_footer() -> None:
    wb = build([keski()], title="Kuntoutus & sosiaaliohjaus")
    for ws in wb:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.oddHeader.left.text == "Kuntoutus && sosiaaliohjaus"
        assert ws.oddFooter.right.text == "Sivu &P / &N"
        assert "Luvut: Työnjako" in ws.oddFooter.left.text


@pytest.mark.parametrize(("language", "page"), [("sv", "Sida &P av &N"), ("en", "Page &P of &N")])
def test_page_numbers_in_language(language: str, page: str) -> None:
    wb = build([keski()], language=language)
    assert wb.worksheets[1].oddFooter.right.text == page


def test_column_widths_set() -> None:
    ws = build([keski(), jkl()])["Yhteydenotot"]
    assert ws.column_dimensions["A"].width >= len("Peruuttamattomat käynnit")
    assert ws.column_dimensions["B"].width >= len("1.3.2023–31.10.2023")
    assert ws.column_dimensions["C"].width >= 12


def test_long_title_is_shortened_in_page_header() -> None:
    ws = build([keski()], title="x" * 200).worksheets[1]
    assert len(ws.oddHeader.left.text) <= 80
    assert ws["A2"].value == "x" * 200


# -- other topics ----------------------------------------------------------------


def test_clients_sheet() -> None:
    ws = build([keski(), jkl()])["Asiakkaat"]
    assert (ws["A6"].value, ws["B6"].value, ws["C6"].value) == ("Asiakkaat", 95, 70)
    assert ws["A7"].value == "Yhteydenottoja asiakasta kohden"
    assert ws["C7"].value == ".."
    for heading in ("Sukupuoli", "Ikäryhmä", "Työmarkkina-asema", "Asiointikieli"):
        assert ws.cell(find_row(ws, heading), 1).font.b
    assert ws.cell(find_row(ws, "Naiset"), 2).value == 50
    assert ws.cell(find_row(ws, "Miehet"), 2).value == 40
    assert ws.cell(find_row(ws, "Eläkeläiset"), 2).value == 32
    assert ws.cell(find_row(ws, "Sairauslomalla"), 2).value == 15
    assert ws.cell(find_row(ws, "75 vuotta täyttäneet"), 2).value == 10
    assert ws.cell(find_row(ws, "Ruotsi"), 2).value == 5


def test_code_lists_use_labels_fall_back_to_code_and_fill_missing_with_zero() -> None:
    ws = build([keski(), jkl()])["Asiointiperusteet"]
    rows = [tuple(ws.cell(r, c).value for c in range(1, 5)) for r in range(6, 9)]
    assert rows == [
        ("TOIMEENTULO", "Toimeentulo", 40, 0),
        ("ASUMINEN", "Asuminen", 22, 9),
        ("VELAT", "VELAT", 0, "<5"),
    ]
    codes = build([keski()], language="sv")["Koder"]
    assert (codes["A6"].value, codes["B6"].value, codes["C6"].value) == (
        "RS:RS12",
        "Social rehabilitering",
        33,
    )
    assert (codes["A7"].value, codes["B7"].value) == ("ICD10:Z59.0", "ICD10:Z59.0")


def test_empty_code_list_says_no_data() -> None:
    report = keski()
    report["partners"] = {}
    ws = build([report])["Yhteistyötahot"]
    assert ws["A6"].value == "Ei tietoja."


def test_duration_bands_and_provider() -> None:
    wb = build([keski()])
    ws = wb["Kesto"]
    assert column(ws, "A", 6, 11) == [
        "Alle 15 min",
        "15–29 min",
        "30–59 min",
        "60–89 min",
        "90 min tai yli",
        "Ei tiedossa",
    ]
    assert column(ws, "B", 6, 11) == [50, 80, 60, 20, 5, 6]
    provider = wb["Palveluntuottaja"]
    assert column(provider, "A", 6, 8) == ["Julkinen", "Yksityinen", "Ei tiedossa"]
    assert column(provider, "B", 6, 8) == [200, 21, 0]


def test_referrals_tables_and_flows() -> None:
    ws = build([keski(), jkl()])["Ohjautuminen"]
    by = find_row(ws, "Mistä asiakas ohjautui sosiaaliohjaajalle")
    assert [ws.cell(by + 2, c).value for c in range(1, 5)] == ["LAAKARI", "Lääkäri", 50, 50]
    to = find_row(ws, "Mihin sosiaaliohjaaja ohjasi asiakkaan eteenpäin")
    assert [ws.cell(to + 2, c).value for c in range(1, 5)] == ["KELA", "Kela", 30, 30]
    flows = find_row(ws, "Ohjautumisreitit: ohjaava taho → jatko-ohjaus")
    assert [ws.cell(flows + 1, c).value for c in (1, 2)] == ["Ohjaava taho", "Jatko-ohjaus"]
    table = [tuple(ws.cell(flows + i, c).value for c in range(1, 5)) for i in (2, 3, 4)]
    assert table == [
        ("Lääkäri", "Kela", 20, "<5"),
        ("SH", "AIKSOS", 12, 0),
        ("Asiakas itse", "Kela", 0, 6),
    ]


# -- Swedish and English ---------------------------------------------------------


def test_swedish_labels() -> None:
    wb = build([keski(), jkl()], language="sv")
    ws = wb["Kontakter"]
    assert ws["A4"].value == "Kontaktsätt"
    assert ws["B4"].value == "Centralsjukhusets socialarbete"
    assert ws["C5"].value == "t.o.m. 31.7.2023"
    assert column(ws, "A", 6, 12) == [
        "Besök",
        "Samtal",
        "Uteblivna besök",
        "Hembesök",
        "Distanskontakter",
        "Övriga",
        "Totalt",
    ]
    clients = wb["Klienter"]
    for label in ("Kvinnor", "Män", "Arbetslösa", "Pensionärer", "Sjukskrivna", "Föräldralediga"):
        find_row(clients, label)
    cover = all_values(wb["Försättsblad"])
    assert "Källa: Työnjako" in cover
    assert any(isinstance(v, str) and v.startswith("Dataskydd") for v in cover)
    assert wb["Tidsåtgång"]["A6"].value == "Under 15 min"


def test_english_labels() -> None:
    wb = build([keski()], language="en")
    assert column(wb["Contacts"], "A", 6, 8) == ["Visits", "Phone calls", "No-shows"]
    assert wb["Contacts"]["B5"].value == "1 Mar 2023 – 31 Oct 2023"


def test_no_reports_still_builds_a_document() -> None:
    wb = build([])
    assert wb["Yhteydenotot"]["A6"].value == "Käynnit"


def test_labels_complete_in_all_languages() -> None:
    for group, entries in LABELS.items():
        for key, texts in entries.items():
            assert set(texts) == {"fi", "sv", "en"}, (group, key)
            assert all(t.strip() for t in texts.values()), (group, key)
    for names in LABELS["sheets"].values():
        for name in names.values():
            assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


# -- property: the Contacts sheet shows exactly the input ----------------------------

counts = st.integers(min_value=0, max_value=10**7)


@st.composite
def contact_reports(draw: st.DrawFn) -> dict[str, Any]:
    suppressed = draw(st.booleans())
    threshold = draw(st.integers(min_value=2, max_value=20))
    cell = st.one_of(st.none(), counts) if suppressed else counts
    report = keski()
    report["unit"] = draw(st.text(alphabet="ABCDEFGHIJ-", min_size=1, max_size=10))
    report["contacts"] = {key: draw(cell) for key in CONTACT_KEYS}
    report["suppressed"] = suppressed
    report["threshold"] = threshold
    return report


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(contact_reports(), min_size=1, max_size=4), st.sampled_from(["fi", "sv", "en"]))
def test_contacts_sheet_equals_input(reports: list[dict[str, Any]], language: str) -> None:
    wb = build(reports, language=language)
    ws = wb[LABELS["sheets"]["contacts"][language]]
    for index, report in enumerate(reports):
        col = 2 + index
        shown = [ws.cell(row, col).value for row in range(6, 13)]
        expected = [
            f"<{report['threshold']}"
            if report["contacts"][key] is None
            else report["contacts"][key]
            for key in CONTACT_KEYS
        ]
        assert shown == expected
    labels = [ws.cell(row, 1).value for row in range(6, 13)]
    assert labels == [LABELS["contacts"][key][language] for key in CONTACT_KEYS]
