"""Writes are held to the importer's and writer's scope, as reads are (issue 13 §1)."""

from pathlib import Path

import pytest

from tests.conftest import Org
from tests.factories import MembershipFactory, TeamFactory, UnitFactory
from tyonjako.audit.purposes import Channel
from tyonjako.clients.models import Client
from tyonjako.encounters.importer import (
    ImportNotAllowed,
    ImportOptions,
    batches_in_scope,
    run_import,
)
from tyonjako.encounters.models import Encounter, ImportStatus

pytestmark = pytest.mark.django_db
HEADER = "source_id,date,unit,client,client_birth_year,client_employment,contact_type\n"


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "vienti.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_row_for_another_areas_unit_is_an_error_naming_the_line(org: Org, tmp_path) -> None:
    path = write(
        tmp_path,
        "E1,1.3.2023,KESKI-3064,AS-1,,,käynti",
        f"E2,1.3.2023,{org.team_b.code},AS-9,,,käynti",
    )
    result = run_import(path, ImportOptions(), by=org.secretary.user)
    assert [(e.line, e.column) for e in result.errors] == [(3, "unit")]
    assert "outside your scope" in result.errors[0].message
    assert result.batch.status == ImportStatus.REJECTED
    assert not Encounter.objects.exists() and not Client.objects.filter(key="AS-9").exists()


def test_skipping_invalid_rows_writes_only_the_rows_in_scope(org: Org, tmp_path) -> None:
    path = write(
        tmp_path,
        "E1,1.3.2023,KESKI-3064,AS-1,,,käynti",
        f"E2,1.3.2023,{org.team_b.unit.code},AS-9,,,käynti",
    )
    run_import(path, ImportOptions(skip_invalid=True), by=org.secretary.user)
    assert list(Encounter.objects.values_list("source_id", flat=True)) == ["E1"]


def test_the_command_line_imports_everywhere(org: Org, tmp_path) -> None:
    path = write(tmp_path, f"E2,1.3.2023,{org.team_b.code},AS-9,,,käynti")
    assert not run_import(path, ImportOptions()).errors


def test_a_limited_importer_creates_no_unit_even_with_create_missing(org: Org, tmp_path) -> None:
    path = write(tmp_path, "E1,1.3.2023,UUSI-YKSIKKO,AS-1,,,käynti")
    result = run_import(path, ImportOptions(create_missing=True), by=org.secretary.user)
    assert [(e.line, e.column) for e in result.errors] == [(2, "unit")]
    admin = org.admin.user
    assert not run_import(path, ImportOptions(create_missing=True), by=admin).errors


def test_a_known_client_of_another_area_keeps_its_attributes(org: Org, tmp_path) -> None:
    before = Client.objects.get(key="AS-4")
    path = write(tmp_path, "E1,1.3.2023,KESKI-3064,AS-4,1950,eläkeläinen,käynti")
    assert not run_import(path, ImportOptions(), by=org.secretary.user).errors
    after = Client.objects.get(key="AS-4")
    assert (after.birth_year, after.employment, after.team_id) == (
        before.birth_year,
        before.employment,
        before.team_id,
    )


def test_an_encounter_of_another_unit_is_not_moved_by_a_source_id(org: Org, tmp_path) -> None:
    run_import(write(tmp_path, f"E1,1.3.2023,{org.team_b.code},AS-4,,,käynti"), ImportOptions())
    path = write(tmp_path, "E1,2.3.2023,KESKI-3064,AS-1,,,käynti")
    run_import(path, ImportOptions(), by=org.secretary.user)
    assert Encounter.objects.get(source_id="E1").team_id == org.team_b.pk


def test_a_role_without_import_rights_is_refused(org: Org, tmp_path) -> None:
    with pytest.raises(ImportNotAllowed):
        run_import(write(tmp_path), ImportOptions(), by=org.counsellor.user)


def test_the_batch_list_shows_only_batches_in_scope(org: Org, tmp_path) -> None:
    other_unit = UnitFactory()
    other = TeamFactory(unit=other_unit)
    MembershipFactory(worker=org.outsider, team=other)
    mine = run_import(write(tmp_path, "E1,1.3.2023,KESKI-3064,AS-1,,,käynti"), ImportOptions())
    from tests.conftest import _worker

    stranger = _worker("sihteeri2", "secretary", "service_secretary", [other])
    assert list(batches_in_scope(org.secretary.user)) == [mine.batch]
    assert list(batches_in_scope(org.admin.user)) == [mine.batch]
    assert not batches_in_scope(stranger.user).exists()
    assert not batches_in_scope(org.counsellor.user).exists()


def test_a_web_import_is_logged_with_channel_web(org: Org, tmp_path, settings) -> None:
    from auditlog.models import LogEntry

    settings.DATA_DIR = tmp_path
    from tyonjako.encounters.jobs import start_import

    path = write(tmp_path, "E1,1.3.2023,KESKI-3064,AS-1,,,käynti")
    start_import(path, ImportOptions(), by=org.secretary.user, file_name=path.name)
    channels = {
        entry.additional_data.get("channel")
        for entry in LogEntry.objects.filter(additional_data__purpose="import")
    }
    assert channels == {Channel.WEB.value}


def test_assessing_a_client_outside_the_scope_is_refused_in_the_action(org: Org) -> None:
    from tyonjako.assessments import actions as assessments
    from tyonjako.clients.access import ClientNotFound

    with pytest.raises(ClientNotFound):
        assessments.save_draft(org.own_client, {"coping": "2"}, by=org.outsider.user)
    with pytest.raises(ClientNotFound):
        assessments.recommend(org.own_client, {"coping": "2"}, by=org.outsider.user)
    draft = assessments.save_draft(org.own_client, {"coping": "2"}, by=org.counsellor.user)
    with pytest.raises(ClientNotFound):
        assessments.decide(draft, draft.recommendation, by=org.outsider.user)  # type: ignore[arg-type]


def test_assigning_outside_the_scope_is_refused_in_the_action(org: Org) -> None:
    from tyonjako.caseload import actions as caseload
    from tyonjako.caseload.models import Assignment
    from tyonjako.clients.access import ClientNotFound

    with pytest.raises(ClientNotFound):
        caseload.assign(org.other_client, org.counsellor, kind="pair", by=org.lead.user)
    assignment = Assignment.objects.get(client=org.own_client)
    with pytest.raises(ClientNotFound):
        caseload.end_assignment(assignment, end=assignment.start, by=org.secretary.user)
    assignment.refresh_from_db()
    assert assignment.end is None
