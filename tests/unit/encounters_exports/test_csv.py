from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.encounters_exports.sample import LABELS_IN, jkl, keski
from tyonjako.common.csv_headers import keys
from tyonjako.encounters.exports import statistics_csv
from tyonjako.encounters.exports.csv_export import COLUMNS

CONTACT_KEYS = ["visit", "phone", "no_show", "home_visit", "remote", "other", "total"]


def parse(text: str, language: str) -> list[dict[str, str]]:
    if language in ("fi", "sv"):
        assert text.startswith("\ufeff")
        text = text[1:]
    else:
        assert not text.startswith("\ufeff")
    delimiter = "," if language == "en" else ";"
    lines = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    names = keys(next(lines), language)  # the header is in the language; keys are English
    assert names == list(COLUMNS), names
    return [dict(zip(names, line, strict=True)) for line in lines]


def lookup(rows: list[dict[str, str]], unit: str, section: str, key: str) -> dict[str, str]:
    found = [r for r in rows if (r["unit"], r["section"], r["key"]) == (unit, section, key)]
    assert len(found) == 1, (unit, section, key)
    return found[0]


def test_finnish_csv_round_trip() -> None:
    text = statistics_csv([keski(), jkl()], LABELS_IN, language="fi")
    assert text.splitlines()[0] == "\ufeffyksikkö;osio;koodi;selite;lukumäärä;ajanjakso"
    rows = parse(text, "fi")
    assert list(rows[0]) == ["unit", "section", "key", "label", "count", "period"]
    contacts = [r for r in rows if r["unit"] == "KESKI-SAIR" and r["section"] == "contacts"]
    assert [(r["key"], r["label"], r["count"]) for r in contacts] == [
        ("visit", "Käynnit", "120"),
        ("phone", "Puhelut", "80"),
        ("no_show", "Peruuttamattomat käynnit", "6"),
        ("home_visit", "Kotikäynnit", "3"),
        ("remote", "Etäasiointi", "10"),
        ("other", "Muut", "2"),
        ("total", "Yhteensä", "221"),
    ]
    assert lookup(rows, "KESKI-SAIR", "clients", "contacts_per_client")["count"] == "2,3"
    assert lookup(rows, "KESKI-SAIR", "gender", "female")["label"] == "Naiset"
    assert lookup(rows, "KESKI-SAIR", "codes", "RS:RS12")["label"] == "Sosiaalinen kuntoutus"
    assert lookup(rows, "KESKI-SAIR", "codes", "ICD10:Z59.0")["label"] == "ICD10:Z59.0"
    assert lookup(rows, "KESKI-SAIR", "duration_bands", "lt15")["label"] == "Alle 15 min"
    assert lookup(rows, "KESKI-SAIR", "provider", "private")["count"] == "21"


def test_suppressed_counts_and_ratio() -> None:
    rows = parse(statistics_csv([jkl()], LABELS_IN, language="fi"), "fi")
    assert lookup(rows, "JKL-TK", "contacts", "home_visit")["count"] == "<5"
    assert lookup(rows, "JKL-TK", "contacts", "total")["count"] == "70"
    assert lookup(rows, "JKL-TK", "reasons", "VELAT")["count"] == "<5"
    assert lookup(rows, "JKL-TK", "clients", "contacts_per_client")["count"] == ".."
    flow = lookup(rows, "JKL-TK", "flows", "LAAKARI->KELA")
    assert (flow["label"], flow["count"]) == ("Lääkäri → Kela", "<5")


def test_english_csv_comma_no_bom_decimal_point() -> None:
    text = statistics_csv([keski()], LABELS_IN, language="en")
    assert text.startswith("unit,section,key,label,count,period\r\n")
    rows = parse(text, "en")
    assert lookup(rows, "KESKI-SAIR", "contacts", "no_show")["label"] == "No-shows"
    assert lookup(rows, "KESKI-SAIR", "clients", "contacts_per_client")["count"] == "2.3"
    assert lookup(rows, "KESKI-SAIR", "reasons", "TOIMEENTULO")["label"] == "Income"


def test_swedish_csv_labels() -> None:
    rows = parse(statistics_csv([keski()], LABELS_IN, language="sv"), "sv")
    assert lookup(rows, "KESKI-SAIR", "contacts", "no_show")["label"] == "Uteblivna besök"
    assert lookup(rows, "KESKI-SAIR", "employment", "unemployed")["label"] == "Arbetslösa"
    assert lookup(rows, "KESKI-SAIR", "flows", "LAAKARI->KELA")["label"] == "Läkare → FPA"


def test_labels_with_delimiters_are_quoted() -> None:
    labels = {"reasons": {"ASUMINEN": {"fi": 'Asuminen; "vuokra"', "sv": "x", "en": "y"}}}
    rows = parse(statistics_csv([keski()], labels, language="fi"), "fi")
    assert lookup(rows, "KESKI-SAIR", "reasons", "ASUMINEN")["label"] == 'Asuminen; "vuokra"'


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        statistics_csv([keski()], {}, language="de")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {key: st.one_of(st.none(), st.integers(0, 10**7)) for key in CONTACT_KEYS}
        ),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["fi", "sv", "en"]),
)
def test_csv_contacts_round_trip(contacts: list[dict[str, Any]], language: str) -> None:
    reports = []
    for index, values in enumerate(contacts):
        report = keski()
        report["unit"] = f"U{index}"
        report["contacts"] = values
        report["suppressed"] = True
        reports.append(report)
    rows = parse(statistics_csv(reports, {}, language=language), language)
    for report in reports:
        for key in CONTACT_KEYS:
            value = report["contacts"][key]
            expected = "<5" if value is None else str(value)
            assert lookup(rows, report["unit"], "contacts", key)["count"] == expected
