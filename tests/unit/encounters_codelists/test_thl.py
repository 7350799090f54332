from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tyonjako.encounters.codelists import (
    EXAMPLES_DIR,
    KNOWN_CODE_SETS,
    CodeListError,
    parse_thl_csv,
)
from tyonjako.encounters.codelists.thl import parse_thl_date

EXAMPLE = EXAMPLES_DIR / "example-thl-export.csv"


def thl_errors(text: str | bytes | Path, **kwargs: str) -> list[str]:
    kwargs.setdefault("list", "referral_source")
    kwargs.setdefault("system", "")
    with pytest.raises(CodeListError) as info:
        parse_thl_csv(text, **kwargs)
    return info.value.errors


def test_example_export() -> None:
    code_set = parse_thl_csv(EXAMPLE, list="referral_source", system="", oid=None)
    assert code_set.oid is None
    assert [r.code for r in code_set.records] == ["EX1", "EX2", "EX3", "EX3.1", "EX4", "EX5"]
    assert {r.list for r in code_set.records} == {"referral_source"}
    assert {r.system for r in code_set.records} == {""}
    first = code_set.records[0]
    assert first.labels == {
        "fi": "Asiakas itse (esimerkki)",
        "sv": "Klienten själv (exempel)",
        "en": "The client themself (example)",
    }
    assert first.line == 2
    assert [r.valid_from for r in code_set.records] == [dt.date(2020, 1, 1)] * 6
    assert [r.valid_to for r in code_set.records] == [None] * 5 + [dt.date(2024, 12, 31)]
    assert code_set.columns == {
        "code": "CodeId",
        "fi": "LongName > Abbreviation",
        "sv": "LongName_sv",
        "en": "LongName_en",
        "valid_from": "BeginDate",
        "valid_to": "EndDate",
    }


def test_oid_and_code_list() -> None:
    code_set = parse_thl_csv(
        EXAMPLE.read_bytes(), list="code", system="THL-EXAMPLE", oid="1.2.246.537.6.1243"
    )
    assert code_set.oid == "1.2.246.537.6.1243"
    assert {(r.list, r.system) for r in code_set.records} == {("code", "THL-EXAMPLE")}


@pytest.mark.parametrize(
    "text",
    [
        # comma, Finnish headers, Finnish dates
        "Koodi,Nimi,Nimi_sv,Voimassa alkaen,Voimassa päättyen\n"
        "A1,Asiakas,Klienten,1.1.2020,31.12.2030\n",
        # semicolon, camel-case Swedish, other date names, datetime values
        "codeValue;ShortName;LongNameSv;StartDate;ExpirationDate\n"
        "A1;Asiakas;Klienten;2020-01-01T00:00:00;2030-12-31T00:00:00\n",
        # Name_* columns, upper case, underscores/spaces interchangeable
        "CODE,NAME_FI,name sv,Name-en,VOIMASSA_ALKAEN,voimassa  päättyen\n"
        "A1,Asiakas,Klienten,Client,2020-01-01,2030-12-31\n",
        # explicit LongName_fi wins over LongName; tab separated
        "CodeId\tLongName\tLongName_fi\tLongName_sv\tBeginDate\tEndDate\n"
        "A1\tIgnored\tAsiakas\tKlienten\t1.1.2020 0:00:00\t31.12.2030\n",
    ],
)
def test_alternative_headers(text: str) -> None:
    [record] = parse_thl_csv(text, list="referral_source", system="").records
    assert record.code == "A1"
    assert record.labels["fi"] == "Asiakas"
    assert record.labels["sv"] == "Klienten"
    assert record.valid_from == dt.date(2020, 1, 1)
    assert record.valid_to == dt.date(2030, 12, 31)


def test_optional_columns_may_be_missing() -> None:
    [record] = parse_thl_csv("Code;Abbreviation\nX;Lyh\n", list="partner", system="").records
    assert (record.code, record.labels, record.valid_from, record.valid_to) == (
        "X",
        {"fi": "Lyh"},
        None,
        None,
    )


def test_label_falls_back_to_next_column() -> None:
    text = "CodeId;LongName;Abbreviation;LongName_sv\nA;;Lyhyt;Kort\nB;Pitkä;Lyh;\n"
    code_set = parse_thl_csv(text, list="reason", system="")
    assert [r.labels for r in code_set.records] == [
        {"fi": "Lyhyt", "sv": "Kort"},
        {"fi": "Pitkä"},
    ]


def test_title_rows_before_header_are_skipped() -> None:
    text = (
        "Palvelutarpeen ilmoittaja (esimerkki)\n"
        "OID;1.2.246.537.6.1243\n"
        "\n"
        "CodeId;LongName;LongName_sv\n"
        "A;Asiakas;\n"
        "B;;Klient\n"
    )
    assert thl_errors(text) == ["line 6: LongName: missing Finnish label"]
    [record] = parse_thl_csv(text.rsplit("B;", 1)[0], list="reason", system="").records
    assert record.line == 5


def test_other_columns_and_quoted_delimiters() -> None:
    text = 'CodeId,LongName,Status,ParentId\nA,"Velat, ulosotto",ACTIVE,\n'
    [record] = parse_thl_csv(text, list="reason", system="").records
    assert record.labels == {"fi": "Velat, ulosotto"}


def test_cp1252_and_bom(tmp_path: Path) -> None:
    text = "CodeId;LongName;LongName_sv\nÄ1;Äänekoski – kunta;Äänekoski kommun\n"
    for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode()):
        path = tmp_path / "thl.csv"
        path.write_bytes(data)
        [record] = parse_thl_csv(path, list="partner", system="").records
        assert record.code == "Ä1"
        assert record.labels == {"fi": "Äänekoski – kunta", "sv": "Äänekoski kommun"}


def test_unknown_layout() -> None:
    [message] = thl_errors("Tunniste;Selite;Alkaa\n1;x;1.1.2020\n")
    assert message.startswith(
        "line 1: header: unknown THL export layout: no header row with a code column "
        "(CodeId, Code, Koodi, codeValue) and a Finnish label column (LongName_fi, "
        "LongNameFi, Name_fi, LongName, Nimi, ShortName, Abbreviation) in the first 10 rows; "
        "the first row has columns 'Tunniste', 'Selite', 'Alkaa'."
    )
    assert "Swedish (LongName_sv, LongNameSv, Name_sv, Nimi_sv)" in message
    assert "begin date (BeginDate, StartDate, Voimassa alkaen)" in message


def test_layout_with_code_but_no_label_names_the_missing_one() -> None:
    [message] = thl_errors("CodeId,Description\n1,x\n")
    assert "no header row with a Finnish label column (LongName_fi," in message
    assert "the first row has columns 'CodeId', 'Description'." in message
    assert "a code column" not in message


def test_empty_export() -> None:
    assert thl_errors("") == ["line 1: header: the file is empty; expected a THL export"]


def test_row_errors_all_reported() -> None:
    text = (
        "CodeId;LongName;BeginDate;EndDate\n"
        "A;Aa;1.1.2020;\n"
        ";Bb;;\n"
        "C;;;\n"
        "D;Dd;31.2.2020;\n"
        "E;Ee;2021-01-01;2020-12-31\n"
        "A;Again;;\n"
    )
    assert thl_errors(text) == [
        "line 3: CodeId: missing code",
        "line 4: LongName: missing Finnish label",
        "line 5: BeginDate: not a date (1.1.2020, 2020-01-01 or 2020-01-01T00:00:00): '31.2.2020'",
        "line 6: EndDate: 31.12.2020 is before the begin date 1.1.2021",
        "line 7: CodeId: duplicate of line 2: A",
    ]


def test_missing_label_names_every_label_column() -> None:
    assert thl_errors("CodeId;LongName;Abbreviation\nA;;\n") == [
        "line 2: LongName, Abbreviation: missing Finnish label"
    ]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"list": "reasons", "system": ""}, "unknown list 'reasons'"),
        ({"list": "code", "system": ""}, "a code system is required for list code"),
        ({"list": "code", "system": "thl"}, "not a code system name: 'thl'"),
        ({"list": "reason", "system": "", "oid": "1.2.x"}, "not an OID: '1.2.x'"),
        ({"list": "reason", "system": "", "oid": "1.02.3"}, "not an OID"),
    ],
)
def test_bad_arguments(kwargs: dict[str, str], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        parse_thl_csv(EXAMPLE, **kwargs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.1.2020", dt.date(2020, 1, 1)),
        ("01.01.2020", dt.date(2020, 1, 1)),
        ("2020-01-01", dt.date(2020, 1, 1)),
        ("2020-01-01T00:00:00", dt.date(2020, 1, 1)),
        ("2020-01-01T12:30:00.000Z", dt.date(2020, 1, 1)),
        ("2020-01-01 00:00:00", dt.date(2020, 1, 1)),
        ("1.1.2020 0:00:00", dt.date(2020, 1, 1)),
        ("31.12.9999", dt.date(9999, 12, 31)),
        ("  ", None),
    ],
)
def test_parse_thl_date(value: str, expected: dt.date | None) -> None:
    assert parse_thl_date(value) == expected


@pytest.mark.parametrize("value", ["2020/01/01", "1.13.2020", "tomorrow", "2020-01-01Tx"])
def test_parse_thl_date_rejects(value: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_thl_date(value)


def test_known_code_sets() -> None:
    assert {oid: s.name_fi for oid, s in KNOWN_CODE_SETS.items()} == {
        "1.2.246.537.6.1221": "Palvelutehtävä",
        "1.2.246.537.6.1277": "Palveluprosessi",
        "1.2.246.537.6.1243": "Palvelutarpeen ilmoittaja",
    }
    assert KNOWN_CODE_SETS["1.2.246.537.6.1243"].suggested_list == "referral_source"
