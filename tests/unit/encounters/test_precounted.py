"""Pre-counted site tables (issue 14 §3, seed 001): the file is read and checked as a
whole, every problem with its line, and a table is shaped as a report whose missing
sections read "–", never 0."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation

from tyonjako.encounters.exports.labels import NOT_IN_TABLE, column_label, section_count
from tyonjako.encounters.precounted import TableFileError, as_report, finish_report, parse_tables

SEED_FILE = Path(__file__).resolve().parents[3] / "tyonjako/demo/data/precounted-seed-001.yaml"


@pytest.fixture(autouse=True)
def _english() -> object:
    """The messages are checked by their English words (fi and sv: translations-check)."""
    with translation.override("en"):
        yield


GOOD = """\
tables:
  - unit: KESKI-SAIR
    site: Hämeenlinna
    from: 1.4.2018
    to: 2018-06-30
    source: seed 001
    contacts: {visit: 30, phone: 6, no_show: 2, home_visit: 1, total: 39}
    clients: 15
    gender: {female: 8, male: 7}
"""


def test_the_published_tables_of_seed_001_load_as_published() -> None:
    tables = parse_tables(SEED_FILE.read_text(encoding="utf-8"))
    sites = [table.site for table in tables]
    assert sites[0] == "Hämeenlinna, sote-keskus" and len(tables) == 5
    hml = tables[0]
    assert (hml.start, hml.end) == (dt.date(2018, 4, 1), dt.date(2018, 6, 30))
    assert sum(hml.figures["contacts"].values()) == 39  # "Yht. 39"
    assert hml.figures["clients"] == 15 == sum(hml.figures["gender"].values())
    tampere = tables[-1]
    assert "clients" not in tampere.figures and tampere.figures["contacts"] == {
        "visit": 78,
        "no_show": 3,
    }


def test_a_good_table() -> None:
    (table,) = parse_tables(GOOD)
    assert table.unit == "KESKI-SAIR" and table.line == 2
    assert table.figures == {
        "contacts": {"visit": 30, "phone": 6, "no_show": 2, "home_visit": 1},
        "clients": 15,
        "gender": {"female": 8, "male": 7},
    }


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("total: 39", "total: 40"), 7, "not the sum"),
        (("phone: 6", "phone: -6"), 7, "whole number"),
        (("phone: 6", "calls: 6"), 7, "not a key"),
        (("from: 1.4.2018", "from: 1.7.2018"), 5, "ends before it starts"),
        (("to: 2018-06-30", "to: 31.2.2018"), 2, "required dates"),
        (("    clients: 15", "    clients: many"), 8, "whole number"),
        (("    source: seed 001", "    origin: seed 001"), 6, "Unknown field"),
        (("    clients: 15", "    clients: 15\n    clients: 16"), 9, "given twice"),
        (("female: 8", "female: 8, female: 9"), 9, "given twice"),
    ],
)
def test_each_problem_is_named_with_its_line(
    change: tuple[str, str], line: int, words: str
) -> None:
    with pytest.raises(TableFileError) as caught:
        parse_tables(GOOD.replace(*change, 1))
    assert any(at == line and words in message for at, message in caught.value.problems), (
        caught.value.problems
    )


def test_every_problem_at_once_and_nothing_half_read() -> None:
    bad = GOOD.replace("total: 39", "total: 40").replace("male: 7", "men: 7")
    with pytest.raises(TableFileError) as caught:
        parse_tables(bad)
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize(
    "text",
    ["", "tables: {}", "tables: []", "- a\n- b", "tables: [1]", "tables:\n  - {unit: X", "x: ["],
)
def test_files_that_are_not_tables(text: str) -> None:
    with pytest.raises(TableFileError):
        parse_tables(text)


def test_the_same_site_and_period_twice_is_refused() -> None:
    twice = GOOD + GOOD.split("tables:\n", 1)[1]
    with pytest.raises(TableFileError, match="twice"):
        parse_tables(twice)


def test_contacts_are_required() -> None:
    with pytest.raises(TableFileError, match="contacts"):
        parse_tables(
            GOOD.replace(
                "    contacts: {visit: 30, phone: 6, no_show: 2, home_visit: 1, total: 39}\n", ""
            )
        )


def _report(figures: dict) -> dict:
    return as_report(
        table_id=7,
        unit="KESKI-SAIR",
        site="Tampere",
        start=dt.date(2017, 4, 21),
        end=dt.date(2018, 5, 26),
        source="seed 001",
        figures=figures,
    )


def test_a_table_as_a_report_marks_what_it_does_not_give() -> None:
    report = finish_report(_report({"contacts": {"visit": 78, "no_show": 3}}))
    assert report["contacts"]["total"] == 81 and report["contacts"]["phone"] == 0
    assert report["clients"] == NOT_IN_TABLE and report["contacts_per_client"] is None
    assert section_count(report, "contacts", "visit") == 78
    for section in ("gender", "employment", "reasons", "codes", "provider", "duration_bands"):
        assert section_count(report, section, "female") == NOT_IN_TABLE
    assert column_label(report, "sv") == "Tampere (färdigt räknad tabell)"
    assert report["precounted"]["sections"] == ["contacts"]


def test_a_table_with_clients_gives_contacts_per_client() -> None:
    report = finish_report(_report({"contacts": {"visit": 30}, "clients": 15}))
    assert report["clients"] == 15 and report["contacts_per_client"] == 2.0
    assert section_count(report, "gender", "male") == NOT_IN_TABLE
    assert column_label({"unit": "KESKI-ASTY"}) == "KESKI-ASTY"
