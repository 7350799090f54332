from __future__ import annotations

from pathlib import Path

import pytest

from tyonjako.encounters.importing import (
    CANONICAL_COLUMNS,
    CANONICAL_PROFILE,
    HeaderMap,
    ProfileError,
    builtin_profiles,
    load_builtin_profile,
    load_profile,
    map_header,
)
from tyonjako.encounters.importing.profiles import PROFILES_DIR

EXAMPLE = """\
name: lifecare-tilasto
description: Typical statistics export of a patient record system (example)
source_system: lifecare
columns:            # export header -> canonical column
  Käyntipäivä: date
  Toimipiste: unit
  Työntekijä: worker
  Asiakasnumero: client
  Yhteystapa: contact_type
  Kesto (min): duration_min
  Asiointiperuste: reason
  Kohdejoukko: target_group
  RS-koodit: codes
  Yhteistyötahot: partners
  Tapahtuman tunniste: source_id
ignore: [Raportointipäivä]
values:             # canonical column -> export value -> canonical value
  contact_type: {Vastaanottokäynti: visit, Puhelinkontakti: phone, "Peruuttamaton poissaolo": no_show}
default_code_system: RS
list_separator: ","   # optional override
"""  # noqa: E501 (the example of the brief, verbatim)


def test_the_example_of_the_brief_loads() -> None:
    profile = load_profile(EXAMPLE)
    assert profile.name == "lifecare-tilasto"
    assert profile.source_system == "lifecare"
    assert profile.default_code_system == "RS"
    assert profile.list_separator == ","
    assert profile.column_for(" käyntipäivä ") == "date"
    assert profile.column_for("KESTO (MIN)") == "duration_min"
    assert profile.column_for("unit") == "unit"  # canonical headers always work
    assert profile.column_for("Kunta") is None
    assert profile.ignores("raportointipäivä")
    assert profile.map_value("contact_type", " vastaanottokäynti ") == "visit"
    assert profile.map_value("contact_type", "käynti") == "käynti"  # left to the aliases
    assert profile.map_value("reason", "x") == "x"


def test_builtin_profiles_load() -> None:
    assert builtin_profiles() == ["canonical", "potilastietojarjestelma-tilasto"]
    canonical = load_builtin_profile("canonical")
    assert {canonical.column_for(c) for c in CANONICAL_COLUMNS} == set(CANONICAL_COLUMNS)
    example = load_builtin_profile("potilastietojarjestelma-tilasto")
    assert "not any vendor's official format" in example.description.lower()
    assert example.column_for("Henkilötunnus") == "hetu"
    assert example.map_value("provider", "Ostopalvelu") == "private"
    with pytest.raises(ProfileError, match="no profile 'nope'"):
        load_builtin_profile("nope")


def test_a_profile_loads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "oma.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    assert load_profile(path).name == "lifecare-tilasto"
    assert load_profile(str(path)).name == "lifecare-tilasto"
    assert load_profile(PROFILES_DIR / "canonical.yaml").name == "canonical"


def _errors(text: str) -> list[str]:
    with pytest.raises(ProfileError) as info:
        load_profile(text)
    return info.value.errors


def test_unknown_canonical_column_names_its_line() -> None:
    text = "name: x\ncolumns:\n  Käyntipäivä: date\n  Toimipiste: yksikkö\n"
    assert _errors(text) == [
        "line 4: unknown canonical column 'yksikkö' for 'Toimipiste' "
        f"(expected one of {', '.join(CANONICAL_COLUMNS)})"
    ]


def test_bad_value_target_names_its_line() -> None:
    text = (
        "name: x\n"
        "values:\n"
        "  contact_type:\n"
        "    Vastaanottokäynti: visit\n"
        "    Puhelu: soitto\n"
        "  client_gender:\n"
        "    N: nainen\n"
    )
    errors = _errors(text)
    assert errors[0].startswith("line 5: 'Puhelu' maps to 'soitto', not a contact_type")
    assert errors[1].startswith("line 7: 'N' maps to 'nainen', not a client_gender")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("description: x\n", "line 1: the profile needs a name"),
        ("name: x\ncolums:\n  a: date\n", "line 2: unknown key 'colums'"),
        ("name: x\nvalues:\n  date: {eilen: x}\n", "line 3: values cannot be mapped for column"),
        ("name: x\nvalues:\n  päivä: {eilen: x}\n", "line 3: unknown canonical column 'päivä'"),
        ("name: x\nvalues:\n  consent:\n    no: no\n", "line 4: quote the key False"),
        ("name: x\nvalues:\n  consent:\n    'ei': ehkä\n", "line 4: consent of 'ei'"),
        ("name: x\nvalues:\n  codes:\n    A: 'RS:'\n", "line 4: not a code"),
        ("name: x\nvalues:\n  reason:\n    A: ''\n", "line 4: the value 'A' of 'reason'"),
        ("name: x\nlist_separator: ab\n", "line 2: list_separator must be one character"),
        ("name: x\ndefault_code_system: 'R S'\n", "line 2: not a code system name"),
        ("name: x\nignore: Raportointipäivä\n", "line 2: 'ignore' must be a list"),
        ("name: x\ncolumns: [a, b]\n", "line 2: 'columns' must be a mapping"),
        ("name: x\ncolumns:\n  a: date\n  b: date\n", "line 2: several headers map to 'date'"),
        ("name: x\ncolumns:\n  a: date\n  A: unit\n", "line 4: the header 'A' is mapped twice"),
        ("name: x\ncolumns: {a: date\n", "line 3: not valid YAML"),
        ("- just\n- a list\n", "line 1: a profile is a mapping"),
    ],
)
def test_profile_errors_name_the_line(text: str, expected: str) -> None:
    errors = _errors(text)
    assert any(error.startswith(expected) for error in errors), errors


def test_consent_targets_may_be_yaml_booleans() -> None:
    profile = load_profile("name: x\nvalues:\n  consent:\n    'On': yes\n    'Ei': 'no'\n")
    assert profile.map_value("consent", "on") is True
    assert profile.map_value("consent", "EI") is False


def test_map_header_through_a_profile() -> None:
    profile = load_profile(EXAMPLE)
    header = ["Käyntipäivä", "toimipiste", "Asiakasnumero", "Yhteystapa", "Raportointipäivä"]
    mapped = map_header(header, profile)
    assert isinstance(mapped, HeaderMap)
    assert mapped.targets == ("date", "unit", "client", "contact_type", None)


def test_header_errors_are_on_line_one_and_name_the_column() -> None:
    errors = map_header(["date", "Yksikkö", "contact_type", "", "hetu"], CANONICAL_PROFILE)
    assert isinstance(errors, list)
    assert [str(e) for e in errors] == [
        "line 1, column Yksikkö: unknown column 'Yksikkö'",
        "line 1, column #4: a column has no header (name it or delete it)",
        "line 1, column unit: required column 'unit' is missing",
    ]


def test_header_needs_client_or_hetu_and_no_duplicates() -> None:
    errors = map_header(["date", "unit", "contact_type", "DATE"], CANONICAL_PROFILE)
    assert isinstance(errors, list)
    assert [str(e) for e in errors] == [
        "line 1, column DATE: columns 'date' and 'DATE' both give 'date'",
        "line 1, column client: a 'client' or a 'hetu' column is required",
    ]
