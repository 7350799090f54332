"""A worker reads and corrects only encounters of the teams she records for today."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tests.factories import MembershipFactory
from tyonjako.encounters import actions
from tyonjako.encounters.models import Encounter
from tyonjako.organisation.models import TeamMembership

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


def _recorded(org: Org) -> Encounter:
    data = actions.EncounterData(date=dt.date(2026, 11, 20), team=org.team_a, contact_type="visit")
    return actions.record_encounter(
        org.own_client, data, by=org.counsellor.user, today=dt.date(2026, 11, 25)
    )


def _leave_team_a(org: Org) -> None:
    TeamMembership.objects.filter(worker=org.counsellor, team=org.team_a).update(
        end=dt.date(2026, 11, 21)
    )
    MembershipFactory(worker=org.counsellor, team=org.team_b, start=dt.date(2026, 11, 22))


def _form(org: Org, team_pk: int) -> dict[str, object]:
    return {
        "client": "AS-1",
        "date": "2026-11-24",
        "team": team_pk,
        "contact_type": "visit",
        "duration_min": "30",
        "provider": "public",
    }


def test_a_worker_who_left_the_team_no_longer_reads_or_corrects_her_encounter(
    org: Org, login
) -> None:
    encounter = _recorded(org)
    _leave_team_a(org)
    client = login(org.counsellor)
    assert client.get(f"/encounters/{encounter.pk}/").status_code == 404
    assert client.post(f"/encounters/{encounter.pk}/", _form(org, org.team_b.pk)).status_code == 404
    assert f"/encounters/{encounter.pk}/" not in client.get("/encounters/").content.decode()
    encounter.refresh_from_db()
    assert encounter.team == org.team_a and encounter.date == dt.date(2026, 11, 20)


def test_the_correction_action_refuses_a_worker_who_left(org: Org) -> None:
    encounter = _recorded(org)
    _leave_team_a(org)
    org.counsellor.user.__dict__.pop("_tyonjako_subject", None)
    data = actions.EncounterData(date=dt.date(2026, 11, 20), team=org.team_b, contact_type="call")
    with pytest.raises(actions.EncounterError):
        actions.correct_encounter(encounter, data, by=org.counsellor.user, today=TODAY)


def test_an_encounter_cannot_be_moved_to_another_areas_team(org: Org, login) -> None:
    encounter = _recorded(org)
    response = login(org.counsellor).post(f"/encounters/{encounter.pk}/", _form(org, org.team_b.pk))
    assert response.status_code == 400
    data = actions.EncounterData(date=dt.date(2026, 11, 20), team=org.team_b, contact_type="call")
    with pytest.raises(actions.EncounterError) as error:
        actions.correct_encounter(encounter, data, by=org.counsellor.user, today=TODAY)
    assert error.value.field == "team"
    encounter.refresh_from_db()
    assert encounter.team == org.team_a


def test_recording_into_another_areas_team_is_refused_by_the_action(org: Org) -> None:
    data = actions.EncounterData(date=dt.date(2026, 11, 20), team=org.team_b, contact_type="visit")
    with pytest.raises(actions.EncounterError):
        actions.record_encounter(
            org.own_client, data, by=org.counsellor.user, today=dt.date(2026, 11, 25)
        )


def test_the_recent_list_and_the_correction_page_log_their_client_reads(org: Org, login) -> None:
    encounter = _recorded(org)
    client = login(org.counsellor)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.get("/encounters/")
    after_list = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client.get(f"/encounters/{encounter.pk}/")
    after_page = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    assert after_list == before + 1 and after_page == after_list + 1
    last = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert last.object_id == org.own_client.pk and last.additional_data["purpose"] == "encounter"


def test_the_upload_page_lists_only_batches_in_scope(org: Org, login, tmp_path) -> None:
    from tests.conftest import _worker
    from tyonjako.encounters.importer import ImportOptions, run_import

    path = tmp_path / "vienti.csv"
    path.write_text(
        "source_id,date,unit,client,contact_type\nE1,1.3.2023,KESKI-3064,AS-1,visit\n",
        encoding="utf-8",
    )
    batch = run_import(path, ImportOptions(), by=org.secretary.user).batch
    other = _worker("sihteeri2", "secretary", "service_secretary", [org.team_b])
    assert list(login(org.secretary).get("/encounters/import/").context["batches"]) == [batch]
    assert not list(login(other).get("/encounters/import/").context["batches"])
