from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.encounters.helpers import TODAY, VALID_HETU
from tyonjako.encounters.importing import DEFAULT_BANDS, Band, check_bands, duration_band
from tyonjako.encounters.importing import values as v

CONTACT_TYPES = {
    "visit": ["visit", "käynti", "besök", "vastaanotto", " KÄYNTI ", "Besök"],
    "phone": ["phone", "puhelu", "samtal", "puhelinkontakti", "Puhelinkontakti"],
    "no_show": [
        "no_show",
        "peruuttamaton",
        "uteblivet",
        "peruuttamaton käynti",
        "Peruuttamaton  Käynti",
        "uteblivet besök",
        "no-show",
    ],
    "home_visit": ["home_visit", "kotikäynti", "hembesök"],
    "remote": [
        "remote",
        "etä",
        "etäkäynti",
        "etäasiointi",
        "distans",
        "distanskontakt",
        "video",
    ],
    "other": ["other", "muu", "annat", "muu yhteydenotto"],
}
GENDERS = {
    "female": ["female", "nainen", "n", "N", "kvinna", "k"],
    "male": ["male", "mies", "m", "M", "man"],
    "other": ["other", "muu", "annat"],
    "unknown": ["unknown", "", "  "],
}
LANGUAGES = {
    "fi": ["fi", "suomi", "Suomi", "finska", "finnish"],
    "sv": ["sv", "ruotsi", "svenska", "swedish", "Svenska"],
    "other": ["other", "englanti", "arabia", "ryska"],
}
EMPLOYMENTS = {
    "unemployed": ["unemployed", "työtön", "arbetslös"],
    "retired": ["retired", "eläkeläinen", "pensionär", "eläkkeellä"],
    "student": ["student", "opiskelija", "studerande"],
    "employed": ["employed", "työssä", "työssäkäyvä", "i arbete", "anställd"],
    "parental_leave": ["parental_leave", "vanhempainvapaa", "föräldraledig", "perhevapaa"],
    "sick_leave": ["sick_leave", "sairausloma", "sjukledig", "sjukskriven"],
    "other": ["other", "muu", "annat"],
}
PROVIDERS = {
    "public": ["public", "julkinen", "offentlig"],
    "private": ["private", "yksityinen", "privat"],
}
CONSENTS = {
    True: ["yes", "kyllä", "k", "ja", "x", "X", "1", "true", "TRUE", 1, True],
    False: ["no", "ei", "nej", "0", "false", "", 0, False],
}


def _cases(table: dict[object, list[object]]) -> list[tuple[object, object]]:
    return [(alias, canonical) for canonical, aliases in table.items() for alias in aliases]


@pytest.mark.parametrize(("alias", "canonical"), _cases(CONTACT_TYPES))  # type: ignore[arg-type]
def test_contact_type_aliases(alias: str, canonical: str) -> None:
    assert v.parse_contact_type(alias) == canonical


@pytest.mark.parametrize(("alias", "canonical"), _cases(GENDERS))  # type: ignore[arg-type]
def test_gender_aliases(alias: str, canonical: str) -> None:
    assert v.parse_gender(alias) == canonical


def test_m_is_mies_is_male_never_female() -> None:
    assert v.parse_gender("m") == "male"
    assert v.parse_gender("n") == "female"


@pytest.mark.parametrize(("alias", "canonical"), _cases(LANGUAGES))  # type: ignore[arg-type]
def test_language_aliases(alias: str, canonical: str) -> None:
    assert v.parse_language(alias) == canonical


def test_empty_language_is_none() -> None:
    assert v.parse_language("") is None


@pytest.mark.parametrize(("alias", "canonical"), _cases(EMPLOYMENTS))  # type: ignore[arg-type]
def test_employment_aliases(alias: str, canonical: str) -> None:
    assert v.parse_employment(alias) == canonical


@pytest.mark.parametrize(("alias", "canonical"), _cases(PROVIDERS))  # type: ignore[arg-type]
def test_provider_aliases(alias: str, canonical: str) -> None:
    assert v.parse_provider(alias) == canonical


@pytest.mark.parametrize(("alias", "canonical"), _cases(CONSENTS))  # type: ignore[arg-type]
def test_consent_aliases(alias: object, canonical: bool) -> None:
    assert v.parse_consent(alias) is canonical


@pytest.mark.parametrize(
    ("parse", "bad", "message"),
    [
        (v.parse_contact_type, "soitto", "unknown contact type 'soitto'"),
        (v.parse_contact_type, "", "contact type is required"),
        (v.parse_gender, "x", "unknown gender 'x'"),
        (v.parse_employment, "lomalla", "unknown employment status 'lomalla'"),
        (v.parse_provider, "kolmas", "unknown provider 'kolmas'"),
        (v.parse_consent, "ehkä", "not a yes/no value for consent: 'ehkä'"),
    ],
)
def test_unknown_values_are_named(parse: v.Parser, bad: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse(bad)


@pytest.mark.parametrize(
    ("cell", "day", "clock"),
    [
        ("31.12.2023", dt.date(2023, 12, 31), None),
        ("1.2.2024", dt.date(2024, 2, 1), None),
        ("2023-12-31", dt.date(2023, 12, 31), None),
        ("31.12.2023 14:30", dt.date(2023, 12, 31), dt.time(14, 30)),
        ("31.12.2023 klo 14.30", dt.date(2023, 12, 31), dt.time(14, 30)),
        ("2023-12-31T14:30", dt.date(2023, 12, 31), dt.time(14, 30)),
        ("2023-12-31 08:05:09", dt.date(2023, 12, 31), dt.time(8, 5, 9)),
        (dt.date(2024, 1, 2), dt.date(2024, 1, 2), None),
        (dt.datetime(2024, 1, 2, 9, 15), dt.date(2024, 1, 2), dt.time(9, 15)),
        (dt.datetime(2024, 1, 2), dt.date(2024, 1, 2), None),
    ],
)
def test_dates_with_optional_time(cell: object, day: dt.date, clock: dt.time | None) -> None:
    assert v.parse_date_time(cell, TODAY) == (day, clock)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31.13.2023", "not a date"),
        ("2023/12/31", "not a date"),
        ("eilen", "not a date"),
        ("31.12.2023 25:00", "not a time of day"),
        ("31.12.2023 aamulla", "not a time of day"),
        ("1.1.2030", "date is in the future"),
        ("", "date is required"),
    ],
)
def test_bad_dates(cell: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        v.parse_date_time(cell, TODAY)


@pytest.mark.parametrize(
    ("cell", "minutes"),
    [
        ("45", 45),
        ("45,0", 45),
        ("45.0", 45),
        (45.0, 45),
        (45, 45),
        ("0", 0),
        ("1440", 1440),
        (dt.timedelta(minutes=50), 50),
        ("", None),
    ],
)
def test_durations(cell: object, minutes: int | None) -> None:
    assert v.parse_duration(cell) == minutes


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", "not a whole number of minutes: 'abc'"),
        ("45,5", "not a whole number of minutes"),
        (45.5, "not a whole number of minutes"),
        ("-1", "duration must be 0–1440 minutes: -1"),
        ("1441", "duration must be 0–1440 minutes"),
        (True, "not a whole number"),
    ],
)
def test_bad_durations(cell: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        v.parse_duration(cell)


def test_birth_years() -> None:
    assert v.parse_birth_year("1950", TODAY) == 1950
    assert v.parse_birth_year(1950.0, TODAY) == 1950
    assert v.parse_birth_year("", TODAY) is None
    assert v.parse_birth_year(str(TODAY.year), TODAY) == TODAY.year
    for bad in ("1899", str(TODAY.year + 1), "19x0"):
        with pytest.raises(ValueError):
            v.parse_birth_year(bad, TODAY)


def test_codes_are_qualified_or_take_the_default_system() -> None:
    assert v.parse_code("ICD10:Z59.0", "local") == ("ICD10", "Z59.0")
    assert v.parse_code("RS:RS123", "local") == ("RS", "RS123")
    assert v.parse_code("SPAT:SPAT1234", "local") == ("SPAT", "SPAT1234")
    assert v.parse_code("RS123", "RS") == ("RS", "RS123")
    assert v.parse_code(" ICD10 : Z59.0 ", "local") == ("ICD10", "Z59.0")


@pytest.mark.parametrize("bad", ["RS:", ":RS123", "1CD:Z59", "A:B:C", "R S:1"])
def test_bad_code_qualification(bad: str) -> None:
    with pytest.raises(ValueError, match="not a code"):
        v.parse_code(bad, "local")


def test_split_list_trims_and_drops_empty_and_repeated_items() -> None:
    assert v.split_list(" Kela ; TE-toimisto;;Kela ", ";") == ("Kela", "TE-toimisto")
    assert v.split_list("", ";") == ()
    assert v.split_list("a|b", "|") == ("a", "b")


def test_default_bands() -> None:
    expected = {0: "lt15", 14: "lt15", 15: "15_29", 29: "15_29", 30: "30_59", 59: "30_59"}
    expected |= {60: "60_89", 89: "60_89", 90: "ge90", 1440: "ge90"}
    for minutes, code in expected.items():
        assert duration_band(minutes) == code


@given(st.integers(min_value=0, max_value=1440))
def test_every_minute_is_in_exactly_one_default_band(minutes: int) -> None:
    holders = [
        band
        for band in DEFAULT_BANDS
        if band.lower <= minutes and (band.upper is None or minutes < band.upper)
    ]
    assert len(holders) == 1
    assert duration_band(minutes) == holders[0].code


def test_custom_bands() -> None:
    bands = check_bands([("short", 0, 30), ("long", 30, None)])
    assert duration_band(29, bands) == "short"
    assert duration_band(30, bands) == "long"
    assert check_bands(DEFAULT_BANDS) == DEFAULT_BANDS


@pytest.mark.parametrize(
    "bands",
    [
        [],
        [Band("a", 1, None)],
        [Band("a", 0, 10), Band("b", 11, None)],
        [Band("a", 0, 10), Band("b", 10, 20)],
        [Band("a", 0, 10), Band("a", 10, None)],
    ],
)
def test_bad_bands(bands: list[Band]) -> None:
    with pytest.raises(ValueError):
        check_bands(bands)


def test_show_never_echoes_an_identity_code() -> None:
    assert "131052" not in v.show(VALID_HETU)
    assert "131052" not in v.show(f"asiakas {VALID_HETU} soitti")
    assert v.show("Kela") == "'Kela'"


def test_text_of_spreadsheet_cells() -> None:
    assert v.text(12345.0) == "12345"
    assert v.text(None) == ""
    assert v.text(" x ") == "x"
    assert v.text(dt.date(2024, 1, 2)) == "2024-01-02"
