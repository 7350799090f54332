"""Pilot pages and API: each persona sees only pilots whose places lie in their scope."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import Org
from tests.db.test_pilots import PILOT, encounter
from tyonjako.pilots import actions
from tyonjako.pilots.models import Checkpoint, Pilot

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(org: Org) -> Pilot:
    return actions.load_pilot(PILOT, by=org.lead.user)


@pytest.fixture
def frozen(pilot: Pilot, org: Org) -> Checkpoint:
    encounter(org.team_client, org.team_a, dt.date(2026, 5, 4))
    return actions.freeze_checkpoint(pilot.checkpoints.get(key="cp-1"), by=org.lead.user)


@pytest.mark.parametrize("persona", ["counsellor", "lead", "director", "evaluator", "admin"])
def test_people_in_scope_see_the_pilot(org: Org, login, pilot: Pilot, persona: str) -> None:
    client = login(getattr(org, persona))
    assert "trial-2026" in client.get("/pilots/").content.decode()
    assert client.get("/pilots/trial-2026/").status_code == 200


def test_an_outsider_does_not_see_the_pilot(org: Org, login, pilot: Pilot) -> None:
    client = login(org.outsider)
    assert "trial-2026" not in client.get("/pilots/").content.decode()
    assert client.get("/pilots/trial-2026/").status_code == 404
    assert client.get("/pilots/trial-2026/checkpoints/cp-1/").status_code == 404
    assert client.get("/pilots/trial-2026/description/").status_code == 404


def test_the_secretary_has_no_pilots(org: Org, login, pilot: Pilot) -> None:
    client = login(org.secretary)
    assert client.get("/pilots/").status_code == 403
    assert client.get("/pilots/trial-2026/").status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, pilot: Pilot) -> None:
    assert client.get("/pilots/").status_code == 302


def test_a_lead_freezes_a_checkpoint_and_a_counsellor_may_not(
    org: Org, login, pilot: Pilot
) -> None:
    assert (
        login(org.counsellor).post("/pilots/trial-2026/checkpoints/cp-1/freeze/").status_code == 404
    )
    assert not Checkpoint.objects.get(key="cp-1").is_frozen
    response = login(org.lead).post("/pilots/trial-2026/checkpoints/cp-1/freeze/")
    assert response.status_code == 302
    assert Checkpoint.objects.get(key="cp-1").is_frozen
    assert login(org.lead).get("/pilots/trial-2026/checkpoints/cp-1/freeze/").status_code == 405


def test_freezing_again_without_a_reason_is_refused_with_a_message(
    org: Org, login, frozen: Checkpoint
) -> None:
    response = login(org.lead).post("/pilots/trial-2026/checkpoints/cp-1/freeze/", follow=True)
    assert "give a reason" in response.content.decode() or "syy" in response.content.decode()
    assert Checkpoint.objects.get(key="cp-1").times_frozen == 1


def test_the_report_downloads_as_pdf_and_xlsx(org: Org, login, frozen: Checkpoint) -> None:
    client = login(org.evaluator)
    pdf = client.get("/pilots/trial-2026/checkpoints/cp-1/?format=pdf&language=fi")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/pilots/trial-2026/checkpoints/cp-1/?format=xlsx&language=sv")
    assert xlsx.content.startswith(b"PK")
    assert client.get("/pilots/trial-2026/checkpoints/final/?format=pdf").status_code == 404


def test_a_director_sees_small_figures_hidden_and_a_lead_sees_them(
    org: Org, login, frozen: Checkpoint
) -> None:
    hidden = login(org.director).get("/pilots/trial-2026/checkpoints/cp-1/").content.decode()
    assert 'data-testid="report-indicators"' in hidden
    assert "&lt;5" in hidden  # one contact, one client
    shown = login(org.lead).get("/pilots/trial-2026/checkpoints/cp-1/").content.decode()
    assert "&lt;5" not in shown


def test_conclusions_are_saved_and_an_approved_report_is_locked(
    org: Org, login, frozen: Checkpoint
) -> None:
    client = login(org.lead)
    client.post(
        "/pilots/trial-2026/checkpoints/cp-1/conclusions/",
        {"conclusions_fi": "Toimii.", "decision_fi": "Kaksi tointa muutetaan.", "scenario_key": ""},
    )
    client.post("/pilots/trial-2026/checkpoints/cp-1/approve/")
    checkpoint = Checkpoint.objects.get(key="cp-1")
    assert checkpoint.decision_fi == "Kaksi tointa muutetaan." and checkpoint.is_approved
    page = client.get("/pilots/trial-2026/checkpoints/cp-1/").content.decode()
    assert 'data-testid="approve"' not in page and "Toimii." in page
    assert (
        login(org.counsellor).post("/pilots/trial-2026/checkpoints/cp-1/approve/").status_code
        == 404
    )


def test_a_meeting_is_recorded_and_a_bad_date_is_refused(org: Org, login, pilot: Pilot) -> None:
    client = login(org.lead)
    client.post(
        "/pilots/trial-2026/meetings/",
        {"date": "31.8.2026", "kind": "evaluation", "title": "Arviointi", "memo": "Muistio"},
    )
    bad = client.post(
        "/pilots/trial-2026/meetings/",
        {"date": "31.13.2026", "kind": "evaluation", "title": "X"},
        follow=True,
    )
    assert bad.status_code == 200
    assert [m.title for m in pilot.meetings.all()] == ["Arviointi"]
    assert (
        login(org.evaluator)
        .post("/pilots/trial-2026/meetings/", {"date": "1.9.2026", "kind": "peer", "title": "Y"})
        .status_code
        == 302
    )
    assert (
        login(org.counsellor)
        .post("/pilots/trial-2026/meetings/", {"date": "1.9.2026", "kind": "peer", "title": "Z"})
        .status_code
        == 404
    )


def test_the_description_is_edited_and_exported(org: Org, login, pilot: Pilot) -> None:
    client = login(org.lead)
    client.post(
        "/pilots/trial-2026/description/", {"links-fi": "innokyla.fi", "links-sv": "innokyla.fi/sv"}
    )
    markdown = client.get("/pilots/trial-2026/description/?format=md&language=fi")
    assert "innokyla.fi" in markdown.content.decode()
    assert client.get("/pilots/trial-2026/description/?format=docx").content.startswith(b"PK")
    assert client.get("/pilots/trial-2026/description/?format=pdf").content.startswith(b"%PDF")
    assert (
        login(org.counsellor).post("/pilots/trial-2026/description/", {"links-fi": "x"}).status_code
        == 404
    )
    assert client.get("/pilots/trial-2026/description/").status_code == 200


def test_a_pilot_file_is_loaded_from_the_page(org: Org, login) -> None:
    client = login(org.lead)
    upload = SimpleUploadedFile("pilot.yaml", PILOT.encode(), content_type="application/x-yaml")
    response = client.post("/pilots/load/", {"file": upload})
    assert response.status_code == 302 and response["Location"] == "/pilots/trial-2026/"
    broken = SimpleUploadedFile("pilot.yaml", b"key: [", content_type="application/x-yaml")
    page = client.post("/pilots/load/", {"file": broken}, follow=True).content.decode()
    assert "YAML" in page
    assert login(org.counsellor).post("/pilots/load/", {"file": upload}).status_code == 403


def test_the_api_lists_pilots_in_scope_and_gives_the_frozen_report(
    org: Org, login, frozen: Checkpoint
) -> None:
    listing = login(org.director).get("/api/v1/pilots/").json()
    assert [p["key"] for p in listing] == ["trial-2026"]
    report = login(org.director).get("/api/v1/pilots/trial-2026/checkpoints/cp-1/report/").json()
    assert report["figures"]["suppressed"] is True
    assert report["figures"]["indicators"]["contacts"]["total"]["suppressed"] is True
    lead = login(org.lead).get("/api/v1/pilots/trial-2026/checkpoints/cp-1/report/").json()
    assert lead["figures"]["indicators"]["contacts"]["total"]["value"] == 1
    assert (
        login(org.outsider).get("/api/v1/pilots/trial-2026/checkpoints/cp-1/report/").status_code
        == 404
    )
    assert login(org.secretary).get("/api/v1/pilots/").status_code == 403
