import pytest

from tests.conftest import Org
from tyonjako.tasks.models import JobDescriptionVersion

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_shown_as_a_starting_point(org: Org, login) -> None:
    html = login(org.counsellor).get("/tasks/").content.decode()
    assert 'class="alert alert-info"' in html


def test_a_lead_edits_publishes_and_sees_the_change(org: Org, login) -> None:
    client = login(org.lead)
    response = client.post("/tasks/job-descriptions/new/counsellor/", {"unit": "KESKI-ASTY"})
    draft = JobDescriptionVersion.objects.get(status="draft")
    assert response["Location"].endswith(f"/tasks/job-descriptions/{draft.pk}/edit/")
    tasks = [code for code in draft.task_codes][:-1]
    response = client.post(
        f"/tasks/job-descriptions/{draft.pk}/edit/",
        {"tasks": tasks, "effective_from": "1.1.2027", "action": "publish"},
    )
    assert response.status_code == 302
    html = client.get(f"/tasks/job-descriptions/{draft.pk}/").content.decode()
    assert 'data-testid="changes"' in html and "1.1.2027" in html


def test_a_bad_date_is_refused(org: Org, login) -> None:
    client = login(org.lead)
    client.post("/tasks/job-descriptions/new/counsellor/", {"unit": "KESKI-ASTY"})
    draft = JobDescriptionVersion.objects.get(status="draft")
    response = client.post(
        f"/tasks/job-descriptions/{draft.pk}/edit/",
        {"effective_from": "31.2.2027", "action": "publish"},
    )
    assert response.status_code == 400


def test_a_counsellor_may_not_edit(org: Org, login) -> None:
    client = login(org.counsellor)
    assert client.post("/tasks/job-descriptions/new/counsellor/").status_code == 403


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
def test_print_in_swedish_and_as_pdf(org: Org, login) -> None:
    version = JobDescriptionVersion.objects.filter(status="published").first()
    client = login(org.counsellor)
    html = client.get(
        f"/tasks/job-descriptions/{version.pk}/print/", {"language": "sv"}
    ).content.decode()
    assert '<html lang="sv">' in html
    pdf = client.get(
        f"/tasks/job-descriptions/{version.pk}/print/", {"language": "sv", "format": "pdf"}
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_who_does_what_for_a_lead(org: Org, login) -> None:
    html = login(org.lead).get("/tasks/who-does-what/", {"unit": org.team_a.code}).content.decode()
    assert 'data-testid="sw-share"' in html


def test_the_default_widening_reads_as_moves_from_social_worker_to_counsellor(
    org: Org, login
) -> None:
    version = JobDescriptionVersion.objects.get(profession="counsellor", version=2, unit=None)
    html = login(org.lead).get(f"/tasks/job-descriptions/{version.pk}/").content.decode()
    assert "Siirtyi sosiaalityöntekijältä sosiaaliohjaajalle 1.5.2023" in html


def test_a_unit_gets_its_own_version_starting_from_the_general_one(org: Org, login) -> None:
    client = login(org.admin)
    client.post("/tasks/job-descriptions/new/counsellor/", {"unit": org.team_a.unit.code})
    draft = JobDescriptionVersion.objects.get(status="draft")
    assert draft.unit == org.team_a.unit and draft.version == 1 and draft.task_codes


def test_a_lead_may_not_draft_for_another_areas_unit_or_the_whole_county(org: Org, login) -> None:
    client = login(org.lead)
    other = org.team_b.unit.code
    url = "/tasks/job-descriptions/new/counsellor/"
    assert client.post(url, {"unit": other}).status_code == 404
    assert client.post(url).status_code == 404
    assert not JobDescriptionVersion.objects.filter(status="draft").exists()


def test_a_director_may_not_draft_outside_his_area(org: Org, login) -> None:
    url = "/tasks/job-descriptions/new/counsellor/"
    response = login(org.director).post(url, {"unit": org.team_b.unit.code})
    assert response.status_code == 404
    assert login(org.director).post(url, {"unit": "KESKI-ASTY"}).status_code == 302


def test_a_lead_may_not_publish_another_areas_draft(org: Org, login) -> None:
    from tyonjako.tasks import actions

    draft = actions.start_draft("counsellor", org.team_b.unit, by=org.admin.user)
    draft.effective_from = draft.created_at.date()
    draft.save()
    response = login(org.lead).post(
        f"/tasks/job-descriptions/{draft.pk}/edit/",
        {"tasks": draft.task_codes, "effective_from": "1.1.2027", "action": "publish"},
    )
    assert response.status_code == 404
    with pytest.raises(actions.OutOfScope):
        actions.publish(draft, by=org.lead.user)
    draft.refresh_from_db()
    assert draft.status == "draft"
