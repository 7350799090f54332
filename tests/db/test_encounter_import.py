"""The import command and writer: all-or-nothing, skip-invalid, dry run, create-missing, reruns."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Org
from tyonjako.clients.access import normalise_key
from tyonjako.clients.models import Client
from tyonjako.encounters.importer import ImportOptions, run_import
from tyonjako.encounters.models import (
    CodeValue,
    Encounter,
    EncounterLink,
    ImportBatch,
    ImportStatus,
)

pytestmark = pytest.mark.django_db
HEADER = (
    "source_id,date,unit,worker,client,hetu,client_birth_year,client_gender,client_language,"
    "client_employment,contact_type,duration_min,reason,target_group,codes,partners,referred_by,referred_to,"
    "provider,consent\n"
)


@pytest.fixture
def codes(db) -> None:
    for list_name, system, code in [
        ("reason", "", "R1"),
        ("reason", "", "R2"),
        ("target_group", "", "T1"),
        ("partner", "", "KELA"),
        ("referral_source", "", "OSASTO"),
        ("destination", "", "KELA"),
        ("destination", "", "TE"),
        ("code", "ICD10", "Z59.0"),
        ("code", "local", "K1"),
    ]:
        CodeValue.objects.create(
            list=list_name, system=system, code=code, name_fi=code, name_sv=code
        )


def write(tmp_path: Path, rows: list[str], name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


GOOD = [
    "E1,1.3.2023,KESKI-3064,ohjaaja,AS-1,,1960,nainen,suomi,työtön,käynti,45,R1,T1,ICD10:Z59.0;local:K1,KELA,"
    "OSASTO,KELA;TE,julkinen,kyllä",
    "E2,2023-03-02,KESKI-3064,,,131052-308T,1952,mies,ruotsi,eläkeläinen,puhelu,10,R2,,,,,,julkinen,ei",
]


def test_a_clean_file_is_imported_with_codes_partners_and_referrals(
    org: Org, codes, tmp_path: Path
) -> None:
    result = run_import(write(tmp_path, GOOD), ImportOptions())
    assert result.batch.status == ImportStatus.DONE and result.batch.rows_created == 2
    first = Encounter.objects.get(source_id="E1")
    assert (first.contact_type, first.duration_band, first.reason.code, first.team) == (
        "visit",
        "30_59",
        "R1",
        org.team_a,
    )
    roles = sorted(EncounterLink.objects.filter(encounter=first).values_list("role", "value__code"))
    assert roles == [
        ("code", "K1"),
        ("code", "Z59.0"),
        ("destination", "KELA"),
        ("destination", "TE"),
        ("partner", "KELA"),
    ]


def test_an_identity_code_creates_a_pseudonymous_client_and_is_not_stored(
    org: Org, codes, tmp_path: Path
) -> None:
    run_import(write(tmp_path, GOOD), ImportOptions())
    client = Client.objects.get(key=normalise_key("131052-308T"))
    assert (client.birth_year, client.gender, client.language, client.employment) == (
        1952,
        "male",
        "sv",
        "retired",
    )
    assert not Encounter.objects.filter(source_id__contains="131052").exists()


def test_client_attributes_on_a_row_update_the_client(org: Org, codes, tmp_path: Path) -> None:
    run_import(write(tmp_path, GOOD), ImportOptions())
    org.own_client.refresh_from_db()
    assert (org.own_client.birth_year, org.own_client.employment) == (1960, "unemployed")


def test_importing_the_same_file_again_changes_nothing(org: Org, codes, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    run_import(path, ImportOptions())
    again = run_import(path, ImportOptions())
    assert (again.batch.rows_created, again.batch.rows_updated, again.batch.rows_unchanged) == (
        0,
        0,
        2,
    )
    assert Encounter.objects.count() == 2


def test_a_changed_row_updates_its_encounter(org: Org, codes, tmp_path: Path) -> None:
    run_import(write(tmp_path, GOOD), ImportOptions())
    changed = [GOOD[0].replace(",45,", ",95,"), GOOD[1]]
    result = run_import(write(tmp_path, changed), ImportOptions())
    assert result.batch.rows_updated == 1
    assert Encounter.objects.get(source_id="E1").duration_band == "ge90"
    assert EncounterLink.objects.filter(encounter__source_id="E1").count() == 5


def test_one_bad_row_means_nothing_is_written(org: Org, codes, tmp_path: Path) -> None:
    bad = [*GOOD, "E3,2.3.2023,KESKI-3064,,AS-2,,,,,,visit,abc,,,,,,,,"]
    result = run_import(write(tmp_path, bad), ImportOptions())
    assert result.batch.status == ImportStatus.REJECTED
    assert not Encounter.objects.exists()
    assert [(e.line, e.column) for e in result.errors] == [(4, "duration_min")]


def test_the_command_exits_with_one_and_names_line_and_column(
    org: Org, codes, tmp_path: Path, capsys
) -> None:
    bad = [*GOOD, "E3,2.3.2023,NOPE,,AS-2,,,,,,lentokone,5,,,,,,,,"]
    with pytest.raises(CommandError) as error:
        call_command("import", "encounters", str(write(tmp_path, bad)), "--no-progress")
    assert error.value.returncode == 1
    err = capsys.readouterr().err
    # In Finnish unless --language says otherwise (the column is the file's own name).
    assert "rivi 4, sarake unit: tuntematon yksikkö 'NOPE'" in err
    assert "rivi 4, sarake contact_type: tuntematon yhteydenottotapa 'lentokone'" in err
    with pytest.raises(CommandError):
        call_command(
            "import", "encounters", str(write(tmp_path, bad)), "--no-progress", "--language", "en"
        )
    err = capsys.readouterr().err
    assert "line 4, column unit: unknown unit 'NOPE'" in err
    assert "line 4, column contact_type: unknown contact type 'lentokone'" in err


def test_skip_invalid_writes_the_good_rows_and_a_rejected_file(
    org: Org, codes, tmp_path: Path
) -> None:
    bad = [*GOOD, "E3,2.3.2023,KESKI-3064,,AS-2,,,,,,visit,abc,,,,,,,,"]
    result = run_import(write(tmp_path, bad), ImportOptions(skip_invalid=True))
    assert Encounter.objects.count() == 2
    assert result.rejected_file is not None
    lines = result.rejected_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "rivi,virheet," + HEADER.strip()  # the file's own columns as they were
    assert lines[1].startswith("4,duration_min: ") and lines[1].endswith(bad[2])
    assert len(lines) == 2


def test_the_rejected_file_keeps_the_input_format_and_hides_identity_codes(
    org: Org, codes, tmp_path: Path
) -> None:
    rows = ["E9;2.3.2023;KESKI-3064;;;131052-308T;;;;;lentokone;;;;;;;;;"]
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER.replace(",", ";") + rows[0] + "\n").encode("cp1252"))
    result = run_import(path, ImportOptions(skip_invalid=True))
    assert result.rejected_file is not None
    text = result.rejected_file.read_text(encoding="cp1252")
    assert "131052-308T" not in text
    assert text.splitlines()[1].startswith("2;contact_type: ") and ";E9;2.3.2023;" in text


def test_a_dry_run_only_validates(org: Org, codes, tmp_path: Path) -> None:
    result = run_import(write(tmp_path, GOOD), ImportOptions(dry_run=True))
    assert result.batch.status == ImportStatus.VALIDATED and not Encounter.objects.exists()


def test_create_missing_creates_flagged_values_and_units(org: Org, codes, tmp_path: Path) -> None:
    rows = ["E9,3.3.2023,UUSI-OSASTO,,AS-9,,,,,,visit,5,R99,,,,,,,"]
    result = run_import(write(tmp_path, rows), ImportOptions(create_missing=True))
    assert result.batch.status == ImportStatus.DONE
    assert CodeValue.objects.get(code="R99").needs_review
    assert result.batch.created_values == {"reason": ["R99"], "unit": ["UUSI-OSASTO"]}


def test_without_create_missing_unknown_values_are_errors(org: Org, codes, tmp_path: Path) -> None:
    rows = ["E9,3.3.2023,KESKI-3064,,AS-9,,,,,,visit,5,R99,,,,,,,"]
    result = run_import(write(tmp_path, rows), ImportOptions())
    assert [e.column for e in result.errors] == ["reason"]


def test_a_semicolon_windows_1252_file_with_the_example_profile(
    org: Org, codes, tmp_path: Path
) -> None:
    text = (
        "Tapahtuman tunniste;Käyntipäivä;Toimipiste;Asiakasnumero;Yhteystapa;Kesto (min)\n"
        "X1;1.3.2023;KESKI-3064;AS-1;Vastaanottokäynti;30\n"
    )
    path = tmp_path / "lifecare.csv"
    path.write_bytes(text.encode("cp1252"))
    result = run_import(path, ImportOptions(profile="potilastietojarjestelma-tilasto"))
    assert result.batch.status == ImportStatus.DONE, result.errors
    assert Encounter.objects.get().contact_type == "visit"


def test_every_import_is_recorded_as_a_batch(org: Org, codes, tmp_path: Path) -> None:
    run_import(write(tmp_path, GOOD), ImportOptions())
    batch = ImportBatch.objects.get()
    assert batch.rows_read == 2 and batch.finished_at is not None


def test_an_import_shows_in_the_clients_access_report(org: Org, codes, tmp_path: Path) -> None:
    from tyonjako.audit.report import access_report

    run_import(write(tmp_path, GOOD), ImportOptions())
    report = access_report("AS-1")
    assert report is not None
    assert any(row["action"] == "update" and row["purpose"] == "import" for row in report[1])


def test_a_big_import_refreshes_the_planner_statistics_on_postgresql(
    org: Org, codes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tyonjako.encounters import importer

    monkeypatch.setattr(importer, "ANALYZE_AFTER_ROWS", 2)
    with CaptureQueriesContext(connection) as queries:
        run_import(write(tmp_path, GOOD), ImportOptions())
    analyzed = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert analyzed == [
            'ANALYZE "encounters_encounter"',
            'ANALYZE "encounters_encounterlink"',
            'ANALYZE "clients_client"',
        ]
    else:
        assert analyzed == []
    monkeypatch.setattr(importer, "ANALYZE_AFTER_ROWS", 3)
    with CaptureQueriesContext(connection) as queries:
        run_import(write(tmp_path, [GOOD[0].replace(",45,", ",50,")]), ImportOptions())
    assert not [q for q in queries if q["sql"].startswith("ANALYZE")]


def test_an_import_into_an_empty_database_says_to_load_the_organisation_first(
    db, tmp_path: Path
) -> None:
    """Issue 14 §4: no traceback, a message that says what to do, exit code 1."""
    path = write(tmp_path, GOOD[:1])
    with pytest.raises(CommandError, match="load the organisation first") as error:
        call_command("import", "encounters", str(path), "--create-missing", "--no-progress")
    assert error.value.returncode == 1
    assert not Encounter.objects.exists()
