from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tyonjako.encounters.codelists import LISTS, CodeListError, CodeRecord, parse_codes_csv

HEADER = "list,system,code,fi,sv,en,valid_from,valid_to\n"


def errors_of(source: str | bytes | Path, **kwargs: str) -> list[str]:
    with pytest.raises(CodeListError) as info:
        parse_codes_csv(source, **kwargs)
    assert str(info.value) == "\n".join(info.value.errors)
    return info.value.errors


def test_full_row_comma() -> None:
    text = HEADER + "reason,,asuminen,Asuminen,Boende,Housing,1.1.2024,2024-12-31\n"
    assert parse_codes_csv(text) == [
        CodeRecord(
            list="reason",
            system="",
            code="asuminen",
            labels={"fi": "Asuminen", "sv": "Boende", "en": "Housing"},
            valid_from=dt.date(2024, 1, 1),
            valid_to=dt.date(2024, 12, 31),
            line=2,
        )
    ]


def test_semicolon_with_commas_in_cells() -> None:
    text = "list;system;code;fi;sv\ncode;ICD10;Z56.0;Työttömyys, määrittelemätön;Arbetslöshet\n"
    [record] = parse_codes_csv(text)
    assert record.system == "ICD10"
    assert record.labels == {"fi": "Työttömyys, määrittelemätön", "sv": "Arbetslöshet"}


def test_quoted_comma_cell() -> None:
    text = 'list,code,fi\nreason,a,"Velat, ulosotto"\n'
    assert parse_codes_csv(text)[0].labels["fi"] == "Velat, ulosotto"


def test_only_required_columns_any_order_and_case() -> None:
    text = " FI ,Code,LIST\nHousing fi,h,reason\n"
    [record] = parse_codes_csv(text)
    assert (record.list, record.code, record.labels) == ("reason", "h", {"fi": "Housing fi"})
    assert record.valid_from is None and record.valid_to is None and record.system == ""


def test_utf8_bom_bytes_and_file(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + (HEADER + "reason,,a,Päihteet,Missbruk,,,\n").encode()
    path = tmp_path / "bom.csv"
    path.write_bytes(data)
    for source in (data, path):
        [record] = parse_codes_csv(source)
        assert record.list == "reason"
        assert record.labels == {"fi": "Päihteet", "sv": "Missbruk"}


def test_bom_in_str() -> None:
    assert parse_codes_csv("\ufeff" + HEADER + "reason,,a,A,,,,\n")[0].code == "a"


def test_cp1252_fallback(tmp_path: Path) -> None:
    text = "list;code;fi;sv\npartner;kela;Kelan toimisto – Äänekoski;FPA:s byrå – Åbo\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    for source in (path, text.encode("cp1252")):
        [record] = parse_codes_csv(source)
        assert record.labels == {"fi": "Kelan toimisto – Äänekoski", "sv": "FPA:s byrå – Åbo"}


def test_default_list_without_list_column() -> None:
    records = parse_codes_csv("code,fi\na,Aa\nb,Bb\n", default_list="target_group")
    assert [(r.list, r.code, r.line) for r in records] == [
        ("target_group", "a", 2),
        ("target_group", "b", 3),
    ]


def test_default_list_fills_empty_cells_only() -> None:
    text = "list,code,fi\n,a,Aa\npartner,b,Bb\n"
    records = parse_codes_csv(text, default_list="reason")
    assert [(r.list, r.code) for r in records] == [("reason", "a"), ("partner", "b")]


def test_unknown_default_list_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown default list 'reasons'"):
        parse_codes_csv("code,fi\na,A\n", default_list="reasons")


def test_default_system_for_code_rows_only() -> None:
    text = "list,system,code,fi\ncode,,Z59.0,Asunnottomuus\ncode,local,L1,Oma\nreason,,r,Syy\n"
    records = parse_codes_csv(text, default_system="ICD10")
    assert [(r.list, r.system, r.code) for r in records] == [
        ("code", "ICD10", "Z59.0"),
        ("code", "local", "L1"),
        ("reason", "", "r"),
    ]


def test_system_on_a_plain_list_is_kept_and_checked() -> None:
    text = "list,system,code,fi\nreason,LOCAL_A,a,A\nreason,bad name,b,B\n"
    assert errors_of(text) == [
        "line 3: system: not a code system name: 'bad name'; use an upper-case name such as "
        "ICD10 (A–Z first, then A–Z, 0–9, _ or -, at most 20 characters) or local"
    ]
    assert parse_codes_csv(text.splitlines(keepends=True)[0] + "reason,LOCAL_A,a,A\n")[
        0
    ].system == ("LOCAL_A")


def test_same_code_in_different_lists_and_systems_is_fine() -> None:
    text = HEADER + "reason,,a,A,,,,\npartner,,a,A,,,,\ncode,RS,a,A,,,,\ncode,SPAT,a,A,,,,\n"
    assert len(parse_codes_csv(text)) == 4


def test_code_system_names() -> None:
    ok = ["ICD10", "RS", "SPAT", "local", "A", "THL-1243", "X_Y", "A" * 20]
    text = "list,system,code,fi\n" + "".join(f"code,{s},c,C\n" for s in ok)
    assert [r.system for r in parse_codes_csv(text)] == ok
    bad = ["icd10", "Local", "1CD", "A" * 21, "RS 1", "_X", "ÄÖ"]
    text = "list,system,code,fi\n" + "".join(f"code,{s},c{i},C\n" for i, s in enumerate(bad))
    errors = errors_of(text)
    assert [e.split(":")[0] for e in errors] == [f"line {n}" for n in range(2, 2 + len(bad))]
    assert all(": system: not a code system name" in e for e in errors)
    assert "(code system names are upper case: 'ICD10')" in errors[0]
    assert "(write local in lower case)" in errors[1]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "reasons,,a,A,,,,",
            "line 2: list: unknown list 'reasons' (one of " + ", ".join(LISTS) + ")",
        ),
        (",,a,A,,,,", "line 2: list: missing list (one of " + ", ".join(LISTS) + ")"),
        ("reason,,a,,Sv,En,,", "line 2: fi: missing Finnish label"),
        ("reason,,,A,,,,", "line 2: code: missing code"),
        (
            "code,,Z59.0,A,,,,",
            "line 2: system: missing code system (required for list code), e.g. ICD10 or local",
        ),
        (
            "reason,,a,A,,,31.2.2024,",
            "line 2: valid_from: not a date (31.12.2023 or 2023-12-31): '31.2.2024'",
        ),
        (
            "reason,,a,A,,,,2024/12/31",
            "line 2: valid_to: not a date (31.12.2023 or 2023-12-31): '2024/12/31'",
        ),
        (
            "reason,,a,A,,,1.6.2024,2024-01-01",
            "line 2: valid_to: 1.1.2024 is before valid_from 1.6.2024",
        ),
        ("reason,,a,A,,,,,extra", "line 2: -: 9 cells but the header has 8 columns"),
    ],
)
def test_row_errors(row: str, expected: str) -> None:
    assert errors_of(HEADER + row + "\n") == [expected]


def test_valid_from_equal_to_valid_to_is_fine() -> None:
    [record] = parse_codes_csv(HEADER + "reason,,a,A,,,1.1.2024,2024-01-01\n")
    assert record.valid_from == record.valid_to == dt.date(2024, 1, 1)


def test_trailing_empty_cells_are_not_extra() -> None:
    assert parse_codes_csv(HEADER + "reason,,a,A,,,,,,\n")[0].code == "a"


def test_duplicates() -> None:
    text = HEADER + (
        "reason,,a,A,,,,\n"
        "code,RS,x,X,,,,\n"
        "reason,,a,A again,,,,\n"
        "code,RS,x,X again,,,,\n"
        "reason,,a,A third,,,,\n"
    )
    assert errors_of(text) == [
        "line 4: code: duplicate of line 2: list reason, system (none), code a",
        "line 5: code: duplicate of line 3: list code, system RS, code x",
        "line 6: code: duplicate of line 2: list reason, system (none), code a",
    ]


def test_default_system_duplicates_explicit_system() -> None:
    text = "list,system,code,fi\ncode,ICD10,Z59.0,A\ncode,,Z59.0,B\n"
    assert errors_of(text, default_system="ICD10") == [
        "line 3: code: duplicate of line 2: list code, system ICD10, code Z59.0"
    ]


def test_every_problem_reported_nothing_partial() -> None:
    text = HEADER + (
        "reason,,ok,Fine,,,,\n"
        "\n"
        "nope,,a,A,,,,\n"
        "reason,,b,,,,,\n"
        "code,icd10,c,C,,,x,\n"
        "reason,,ok,Again,,,,\n"
    )
    assert errors_of(text) == [
        "line 4: list: unknown list 'nope' (one of " + ", ".join(LISTS) + ")",
        "line 5: fi: missing Finnish label",
        "line 6: system: not a code system name: 'icd10'; use an upper-case name such as ICD10 "
        "(A–Z first, then A–Z, 0–9, _ or -, at most 20 characters) or local "
        "(code system names are upper case: 'ICD10')",
        "line 6: valid_from: not a date (31.12.2023 or 2023-12-31): 'x'",
        "line 7: code: duplicate of line 2: list reason, system (none), code ok",
    ]


def test_line_numbers_are_physical_lines() -> None:
    # 1 header, 2–3 blank, 4–5 one record, 6 blank, 7 a record
    text = HEADER + '\n\nreason,,,"two\nlines",,,,\n\nreason,,b,,,,,\n'
    assert errors_of(text) == ["line 4: code: missing code", "line 7: fi: missing Finnish label"]


def test_header_errors() -> None:
    text = "list,code,fi,valid_form,FI,\nreason,a,A,,,\n"
    assert errors_of(text) == [
        "line 1: valid_form: unknown column (the columns are "
        "list, system, code, fi, sv, en, valid_from, valid_to)",
        "line 1: FI: column given twice (columns 3 and 5)",
        "line 1: column 6: empty column name",
    ]


def test_unknown_column_does_not_hide_row_errors() -> None:
    assert errors_of("list,code,fi,comment\nreason,a,,note\n") == [
        "line 1: comment: unknown column (the columns are "
        "list, system, code, fi, sv, en, valid_from, valid_to)",
        "line 2: fi: missing Finnish label",
    ]


def test_missing_required_columns() -> None:
    assert errors_of("system,sv\nRS,x\n") == [
        "line 1: list: missing column (or give a default list)",
        "line 1: code: missing column",
        "line 1: fi: missing column",
    ]
    assert errors_of("system,sv\nRS,x\n", default_list="code") == [
        "line 1: code: missing column",
        "line 1: fi: missing column",
    ]


def test_header_after_blank_lines_has_its_line() -> None:
    assert errors_of("\n\ncode\n") == [
        "line 3: list: missing column (or give a default list)",
        "line 3: fi: missing column",
    ]


def test_empty_file() -> None:
    for text in ("", "\n\n", "\ufeff", " , \n"):
        assert errors_of(text) == ["line 1: header: the file is empty; expected a header line"]


def test_header_only_is_an_empty_list() -> None:
    assert parse_codes_csv(HEADER) == []


def test_file_name_given_as_str_gets_a_hint() -> None:
    errors = errors_of("koodit.csv")
    assert errors[-1] == (
        "line 1: header: this looks like a file name; pass a pathlib.Path to read a file"
    )


def test_record_helpers() -> None:
    record = CodeRecord(
        list="reason",
        system="",
        code="a",
        labels={"fi": "Asuminen", "sv": "Boende"},
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
        line=2,
    )
    assert record.label() == "Asuminen"
    assert record.label("sv") == "Boende"
    assert record.label("en") == "Asuminen"
    assert record.key == ("reason", "", "a")
    assert not record.is_valid_on(dt.date(2023, 12, 31))
    assert record.is_valid_on(dt.date(2024, 1, 1))
    assert record.is_valid_on(dt.date(2024, 12, 31))
    assert not record.is_valid_on(dt.date(2025, 1, 1))


_cell = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
        min_size=1,
        max_size=15,
    )
    .map(str.strip)
    .filter(bool)
)
_date = st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


Row = tuple[str, str, str, dict[str, str], dt.date | None, dt.date | None]


@st.composite
def _records(draw: st.DrawFn) -> list[Row]:
    count = draw(st.integers(0, 8))
    rows: list[Row] = []
    for i in range(count):
        list_name = draw(st.sampled_from(LISTS))
        system = draw(st.sampled_from(["local", "ICD10", "RS"])) if list_name == "code" else ""
        labels = {"fi": draw(_cell)}
        for lang in ("sv", "en"):
            if draw(st.booleans()):
                labels[lang] = draw(_cell)
        start, end = sorted([draw(_date) or dt.date.min, draw(_date) or dt.date.max])
        rows.append(
            (
                list_name,
                system,
                f"{draw(_cell)}-{i}",
                labels,
                None if start == dt.date.min else start,
                None if end == dt.date.max else end,
            )
        )
    return rows


@settings(max_examples=60, deadline=None)
@given(
    rows=_records(),
    delimiter=st.sampled_from([",", ";"]),
    finnish=st.booleans(),
    bom=st.booleans(),
)
def test_round_trip(rows: list[Row], delimiter: str, finnish: bool, bom: bool) -> None:
    def fmt(day: dt.date | None) -> str:
        if day is None:
            return ""
        return f"{day.day}.{day.month}.{day.year}" if finnish else day.isoformat()

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["list", "system", "code", "fi", "sv", "en", "valid_from", "valid_to"])
    for list_name, system, code, labels, start, end in rows:
        writer.writerow(
            [
                list_name,
                system,
                code,
                labels["fi"],
                labels.get("sv", ""),
                labels.get("en", ""),
                fmt(start),
                fmt(end),
            ]
        )
    data = (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()
    records = parse_codes_csv(data)
    assert [(r.list, r.system, r.code, r.labels, r.valid_from, r.valid_to) for r in records] == [
        *rows
    ]
