from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.unit.encounters.helpers import BASE, INVALID_HETU, SECRET, VALID_HETU, errors, ok
from tyonjako.common.pseudonym import hetu_key
from tyonjako.encounters.importing import (
    ImportContext,
    KnownValues,
    NormalisedRow,
    RowError,
    check_bands,
    load_profile,
    normalise_row,
)


def test_a_full_row_is_normalised(ctx: ImportContext) -> None:
    row = ok(
        ctx,
        source_id="E-1",
        date="31.12.2023 14:30",
        worker="maija.m",
        client_birth_year="1958",
        client_gender="N",
        client_language="svenska",
        client_employment="eläkeläinen",
        contact_type="Puhelu",
        duration_min="45,0",
        reason="toimeentulo",
        target_group="aikuiset",
        codes="RS123;ICD10:Z59.0;RS123",
        partners="Kela; TE-toimisto",
        referred_by="lääkäri",
        referred_to="Kela",
        provider="julkinen",
        consent="k",
        task="neuvonta",
    )
    assert row == NormalisedRow(
        source_id="E-1",
        date=dt.date(2023, 12, 31),
        time=dt.time(14, 30),
        unit="TSO",
        worker="maija.m",
        client_key="A123",
        client_birth_year=1958,
        client_gender="female",
        client_language="sv",
        client_employment="retired",
        contact_type="phone",
        duration_min=45,
        duration_band="30_59",
        reason="toimeentulo",
        target_group="aikuiset",
        codes=(("local", "RS123"), ("ICD10", "Z59.0")),
        partners=("Kela", "TE-toimisto"),
        referred_by="lääkäri",
        referred_to=("Kela",),
        provider="public",
        consent=True,
        task="neuvonta",
    )
    with pytest.raises(AttributeError):  # slots: no stray attributes on a row
        row.client_name = "X"  # type: ignore[attr-defined]


def test_absent_optional_columns_are_none_and_empty_cells_are_defaults(
    ctx: ImportContext,
) -> None:
    absent = ok(ctx)
    assert (absent.client_gender, absent.consent, absent.duration_band) == (None, None, None)
    empty = ok(ctx, client_gender="", consent="", duration_min="", client_language="")
    assert (empty.client_gender, empty.consent, empty.duration_min) == ("unknown", False, None)
    assert empty.client_language is None


# --------------------------------------------------------------------- bad rows


@pytest.mark.parametrize("column", ["date", "unit", "contact_type"])
def test_missing_required_value(ctx: ImportContext, column: str) -> None:
    label = column.replace("_", " ")
    assert errors(ctx, **{column: ""}) == [f"line 7, column {column}: {label} is required"]


@pytest.mark.parametrize("column", ["date", "unit", "contact_type"])
def test_missing_required_column(ctx: ImportContext, column: str) -> None:
    raw = {k: val for k, val in BASE.items() if k != column}
    assert len(errors(ctx, raw)) == 1


def test_missing_client_and_hetu(ctx: ImportContext) -> None:
    assert errors(ctx, client="") == ["line 7, column client: client or hetu is required"]
    raw = {k: val for k, val in BASE.items() if k != "client"}
    assert errors(ctx, raw) == ["line 7, column client: client or hetu is required"]


def test_bad_date(ctx: ImportContext) -> None:
    assert errors(ctx, date="31.2.2023") == [
        "line 7, column date: not a date (31.12.2023 or 2023-12-31): '31.2.2023'"
    ]


def test_bad_duration(ctx: ImportContext) -> None:
    assert errors(ctx, duration_min="abc") == [
        "line 7, column duration_min: not a whole number of minutes: 'abc'"
    ]
    assert errors(ctx, duration_min="2000") == [
        "line 7, column duration_min: duration must be 0–1440 minutes: 2000"
    ]


def test_bad_contact_type(ctx: ImportContext) -> None:
    assert errors(ctx, contact_type="kirje") == [
        "line 7, column contact_type: unknown contact type 'kirje' "
        "(expected visit, phone, no_show, home_visit, remote, other, "
        "consultation, group, information)"
    ]


def test_all_errors_of_a_row_are_reported_together(ctx: ImportContext) -> None:
    found = errors(ctx, date="x", contact_type="y", duration_min="z", client_gender="q")
    assert [e.split(":")[0] for e in found] == [
        "line 7, column date",
        "line 7, column contact_type",
        "line 7, column client_gender",
        "line 7, column duration_min",
    ]


def test_hetu_becomes_the_client_key(ctx: ImportContext) -> None:
    row = ok(ctx, client="", hetu=f" {VALID_HETU.lower()} ")
    assert row.client_key == hetu_key(VALID_HETU, SECRET)
    assert "131052" not in repr(row) and "131052" not in str(row.to_dict())


def test_a_hetu_in_the_client_column_is_hashed_too(ctx: ImportContext) -> None:
    assert ok(ctx, client=VALID_HETU).client_key == hetu_key(VALID_HETU, SECRET)


def test_invalid_hetu_is_not_echoed(ctx: ImportContext) -> None:
    found = errors(ctx, client="", hetu=INVALID_HETU)
    assert found == ["line 7, column hetu: invalid personal identity code"]
    found = errors(ctx, client=INVALID_HETU)
    assert len(found) == 1 and "131052" not in found[0]


def test_both_client_and_hetu(ctx: ImportContext) -> None:
    assert errors(ctx, client="A1", hetu=VALID_HETU) == [
        "line 7, column hetu: give client or hetu, not both"
    ]


def test_a_hetu_in_another_column_is_refused_and_not_echoed(ctx: ImportContext) -> None:
    for column in ("reason", "worker", "source_id", "partners"):
        found = errors(ctx, **{column: VALID_HETU})
        assert len(found) == 1 and found[0].startswith(f"line 7, column {column}: looks like")
        assert "131052" not in found[0]


def test_bad_client_number(ctx: ImportContext) -> None:
    assert errors(ctx, client="asiakas 1")[0].startswith("line 7, column client: a client key")


def test_bad_birth_year(ctx: ImportContext) -> None:
    assert errors(ctx, client_birth_year="1850") == [
        "line 7, column client_birth_year: birth year must be 1900–2026: 1850"
    ]
    assert errors(ctx, client_birth_year="2027")[0].endswith("1900–2026: 2027")
    assert errors(ctx, client_birth_year="vanha") == [
        "line 7, column client_birth_year: not a year: 'vanha'"
    ]


def test_bad_code_qualification(ctx: ImportContext) -> None:
    assert errors(ctx, codes="RS1;ICD10:;X:Y:Z") == [
        "line 7, column codes: not a code (SYSTEM:CODE or CODE): 'ICD10:'",
        "line 7, column codes: not a code (SYSTEM:CODE or CODE): 'X:Y:Z'",
    ]


def test_an_unknown_column_key(ctx: ImportContext) -> None:
    assert errors(ctx, kunta="Oulu") == ["line 7, column kunta: unknown column 'kunta'"]


# ------------------------------------------------------------------ known values

KNOWN = KnownValues(
    unit=frozenset({"TSO"}),
    worker=frozenset({"maija"}),
    reason=frozenset({"toimeentulo"}),
    partners=frozenset({"Kela"}),
    codes=frozenset({("RS", "RS1")}),
    code_systems=frozenset({"RS", "ICD10"}),
)


def test_unknown_values_are_errors(ctx: ImportContext) -> None:
    ctx = dataclasses.replace(ctx, known=KNOWN)
    assert ok(ctx, worker="maija", reason="toimeentulo", partners="Kela", codes="RS:RS1")
    assert errors(
        ctx,
        unit="X",
        worker="pekka",
        reason="asunto",
        partners="Kela;Verve",
        codes="RS:RS2;SPAT:S1",
        task="whatever",  # task is not checked: KnownValues.task is None
    ) == [
        "line 7, column codes: unknown code 'RS:RS2'",
        "line 7, column codes: unknown code system 'SPAT'",
        "line 7, column unit: unknown unit 'X'",
        "line 7, column worker: unknown worker 'pekka'",
        "line 7, column reason: unknown reason 'asunto'",
        "line 7, column partners: unknown partner 'Verve'",
    ]


def test_create_missing_accepts_and_reports_unknown_values(ctx: ImportContext) -> None:
    ctx = dataclasses.replace(ctx, known=dataclasses.replace(KNOWN, create_missing=True))
    row = ok(ctx, unit="X", worker="pekka", partners="Kela;Verve;Vuokratalo", codes="RS:RS2")
    assert row.missing == {
        "unit": frozenset({"X"}),
        "worker": frozenset({"pekka"}),
        "partners": frozenset({"Verve", "Vuokratalo"}),
        "codes": frozenset({"RS:RS2"}),
    }
    assert row.unit == "X"
    # An unknown code system is still an error.
    assert errors(ctx, codes="SPAT:S1") == ["line 7, column codes: unknown code system 'SPAT'"]


# ------------------------------------------------------------------- source ids


def test_rows_without_source_id_get_a_deterministic_id(ctx: ImportContext) -> None:
    first, again = ok(ctx, source_id=""), ok(ctx)
    assert first.source_id == again.source_id
    assert first.source_id.startswith("c-") and len(first.source_id) == 34
    assert first.source_id_generated
    other = ok(ctx, duration_min="30")
    assert other.source_id != first.source_id
    assert ok(ctx, source_id="E-9").source_id == "E-9"
    assert not ok(ctx, source_id="E-9").source_id_generated


def test_generated_ids_are_stable_across_spelling_of_the_same_content(
    ctx: ImportContext,
) -> None:
    a = ok(ctx, date="31.12.2023", contact_type="käynti", duration_min="45")
    b = ok(ctx, date="2023-12-31", contact_type="VISIT", duration_min=45.0)
    assert a.source_id == b.source_id


def test_generated_ids_depend_on_the_client(ctx: ImportContext) -> None:
    assert ok(ctx, client="A1").source_id != ok(ctx, client="A2").source_id


# ----------------------------------------------------------------- profile values


def test_profile_values_are_applied_before_aliases(ctx: ImportContext) -> None:
    profile = load_profile(
        "name: p\ndefault_code_system: RS\nvalues:\n"
        "  contact_type: {Vastaanottokäynti: visit, Kotona: home_visit}\n"
        "  partners: {KELA: Kela}\n"
        "  codes: {Z59: 'ICD10:Z59.0'}\n"
        "  consent: {Suullinen: yes}\n"
    )
    ctx = dataclasses.replace(ctx, profile=profile)
    row = ok(ctx, contact_type="vastaanottokäynti", partners="kela;Verve", codes="z59;RS1")
    assert row.contact_type == "visit"
    assert row.partners == ("Kela", "Verve")
    assert row.codes == (("ICD10", "Z59.0"), ("RS", "RS1"))
    assert ok(ctx, contact_type="kotona", consent="suullinen").consent is True
    assert ok(ctx, contact_type="puhelu").contact_type == "phone"


def test_list_separator_and_bands_come_from_the_context(ctx: ImportContext) -> None:
    ctx = dataclasses.replace(
        ctx, list_separator="|", bands=check_bands([("lyhyt", 0, 20), ("pitka", 20, None)])
    )
    row = ok(ctx, partners="Kela|Verve", duration_min="20")
    assert row.partners == ("Kela", "Verve")
    assert row.duration_band == "pitka"


def test_row_error_str() -> None:
    error = RowError(7, "duration_min", "not a whole number of minutes: 'abc'")
    assert str(error) == "line 7, column duration_min: not a whole number of minutes: 'abc'"
    assert str(RowError(3, "", "the row has more cells than the header")) == (
        "line 3: the row has more cells than the header"
    )
    assert error.to_dict() == {"line": 7, "column": "duration_min", "message": error.message}


def test_normalise_row_returns_a_list_of_errors_not_raising(ctx: ImportContext) -> None:
    result = normalise_row(5, {}, ctx)
    assert isinstance(result, list)
    assert {e.column for e in result} == {"date", "unit", "contact_type", "client"}


def test_generated_source_ids_and_digests_stay_what_earlier_versions_wrote(
    ctx: ImportContext,
) -> None:
    """A file without source ids imported again must find its encounters: the id made
    from a row's content, and the digest that tells a changed row, never change."""
    row = ok(
        ctx,
        date="31.12.2023 14:30",
        contact_type="puhelu",
        worker="maija.m",
        client_birth_year="1958",
        client_gender="N",
        duration_min="45",
        codes="RS123;ICD10:Z59.0",
        partners="Kela",
        referred_to="Kela",
        provider="julkinen",
        consent="k",
        reason="toimeentulo",
    )
    # Computed by the version of 25.11.2026, before the fast path.
    assert row.source_id == "c-91e3f0eae63e237df3e4c2524f7f4a18"
    assert row.digest == "facc35a30b02a7b4bc9f8bf797c6c1d9"
