"""Import errors are a code and parameters in the parsing layer and are worded in the
reader's language where they are shown (issue 14 §2)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tests.unit.encounters.helpers import BASE, INVALID_HETU, VALID_HETU
from tyonjako.encounters import import_messages
from tyonjako.encounters.importing import ImportContext, RowError, normalise_row
from tyonjako.encounters.importing.errors import MESSAGES, NOUNS, english
from tyonjako.encounters.importing.limits import MESSAGES as LIMIT_MESSAGES

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def sample_params(code: str) -> dict[str, object]:
    names = PLACEHOLDER.findall(MESSAGES[code])
    return {
        name: ("referral target" if name in ("noun", "what") else f"<{name}>") for name in names
    }


def test_both_catalogues_hold_the_same_codes_and_placeholders() -> None:
    assert set(import_messages.TEMPLATES) == set(MESSAGES)
    assert set(import_messages.NOUNS) == set(NOUNS)
    for code, text in MESSAGES.items():
        translated = str(import_messages.TEMPLATES[code])
        assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(text))
    assert {f"limit_{kind}": text for kind, text in LIMIT_MESSAGES.items()} == {
        code: text for code, text in MESSAGES.items() if code.startswith("limit_")
    }


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_english_reads_as_the_parsing_layer_words_it(code: str) -> None:
    params = sample_params(code)
    error = RowError.of(3, "unit", code, **params)
    with translation.override("en"):
        assert import_messages.error_message(error) == english(code, params) == error.message
        assert import_messages.error_message(error.to_dict()) == error.message


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_error_is_worded_in_finnish_and_swedish(language: str, code: str) -> None:
    params = sample_params(code)
    error = RowError.of(3, "unit", code, **params).to_dict()
    with translation.override(language):
        text = import_messages.error_message(error)
    assert text != english(code, params)
    assert "%(" not in text
    assert "referral target" not in text  # the noun is translated too
    for value in params.values():
        if value != "referral target":
            assert str(value) in text  # each parameter is shown


def test_a_stored_error_without_a_code_is_shown_as_it_stands() -> None:
    old = {"line": 4, "column": "date", "message": "date is required"}
    with translation.override("sv"):
        assert import_messages.error_message(old) == "date is required"
        assert import_messages.rendered([old]) == [old]
        assert import_messages.error_text(old) == "date: date is required"
    # A code that this version does not know, or parameters that do not fit: the text.
    odd = {"line": 4, "column": "", "message": "as stored", "code": "unknown_value"}
    with translation.override("fi"):
        assert import_messages.error_message(odd) == "as stored"
        assert import_messages.error_message({**odd, "code": "gone"}) == "as stored"


def test_the_command_line_form_has_its_place_in_the_language() -> None:
    error = RowError.of(7, "duration_min", "not_minutes", value="'abc'")
    assert str(error) == "line 7, column duration_min: not a whole number of minutes: 'abc'"
    with translation.override("fi"):
        assert (
            import_messages.error_line(error)
            == "rivi 7, sarake duration_min: ei kokonainen minuuttimäärä: 'abc'"
        )
    with translation.override("sv"):
        assert import_messages.error_line(RowError.of(2, "", "extra_cells")) == (
            "rad 2: raden har fler celler än rubrikraden"
        )


BAD_ROWS: list[dict[str, object]] = [
    {"date": ""},
    {"date": "32.13.2023"},
    {"date": "1.1.2099"},
    {"date": "1.1.2023 25:99"},
    {"unit": ""},
    {"unit": VALID_HETU},
    {"contact_type": ""},
    {"contact_type": "telepathy"},
    {"client": "", "hetu": ""},
    {"hetu": VALID_HETU},
    {"client": "", "hetu": INVALID_HETU},
    {"client": "bad key!"},
    {"client": INVALID_HETU},
    {"client_birth_year": "soon"},
    {"client_birth_year": "1800"},
    {"client_gender": "x?"},
    {"client_employment": "astronaut"},
    {"provider": "moon"},
    {"consent": "maybe"},
    {"duration_min": "abc"},
    {"duration_min": "99999"},
    {"duration_band": "forever"},
    {"duration_min": "5", "duration_band": "60+"},
    {"codes": ":"},
    {"partners": VALID_HETU},
    {"source_id": VALID_HETU},
    {"no_such_column": "1"},
]


@pytest.mark.parametrize("cells", BAD_ROWS, ids=lambda cells: ",".join(cells))
def test_every_error_the_rows_make_has_a_code(ctx: ImportContext, cells: dict[str, object]) -> None:
    result = normalise_row(7, {**BASE, **cells}, ctx)
    assert isinstance(result, list) and result
    for error in result:
        assert error.code in MESSAGES, error
        assert error.message == english(error.code, error.params)
        with translation.override("fi"):
            assert import_messages.error_message(error) != error.message
