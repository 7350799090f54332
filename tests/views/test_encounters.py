import io

import pytest
from openpyxl import load_workbook

from tests.conftest import Org
from tyonjako.encounters.models import CodeValue, Encounter, ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def reason(db) -> CodeValue:
    return CodeValue.objects.create(
        list="reason", code="R1", name_fi="Toimeentulo", name_sv="Utkomst"
    )


def post(http, org: Org, **overrides):
    data = {
        "client": "AS-1",
        "date": "2026-11-24",
        "team": org.team_a.pk,
        "contact_type": "visit",
        "duration_min": "30",
        "reason": "R1 – Toimeentulo",
        "target_group": "",
        "codes": "",
        "partners": "",
        "referred_by": "",
        "referred_to": "",
        "provider": "public",
        **overrides,
    }
    return http.post("/encounters/", data)


def test_a_counsellor_records_an_encounter_and_the_defaults_stay(org: Org, login, reason) -> None:
    client = login(org.counsellor)
    assert post(client, org).status_code == 302
    encounter = Encounter.objects.get()
    assert (encounter.reason, encounter.duration_band, encounter.worker) == (
        reason,
        "30_59",
        org.counsellor,
    )
    form = client.get("/encounters/").context["form"]
    assert form.initial["contact_type"] == "visit" and form.initial["duration_min"] == "30"


def test_an_unknown_code_and_a_future_date_are_refused(org: Org, login, reason) -> None:
    response = post(login(org.counsellor), org, reason="NOPE", date="2026-12-24")
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"reason"}
    assert not Encounter.objects.exists()


def test_another_teams_client_cannot_get_an_encounter(org: Org, login, reason) -> None:
    response = post(login(org.outsider), org, team=org.team_b.pk)
    assert response.status_code == 400 and not Encounter.objects.exists()


def test_a_worker_corrects_only_their_own(org: Org, login, reason) -> None:
    post(login(org.counsellor), org)
    encounter = Encounter.objects.get()
    assert login(org.social_worker).get(f"/encounters/{encounter.pk}/").status_code == 404
    client = login(org.counsellor)
    response = client.post(
        f"/encounters/{encounter.pk}/",
        {
            "date": "2026-11-24",
            "team": org.team_a.pk,
            "contact_type": "phone",
            "duration_min": "5",
            "reason": "R1",
            "target_group": "",
            "codes": "",
            "partners": "",
            "referred_by": "",
            "referred_to": "",
            "provider": "",
        },
    )
    assert response.status_code == 302
    encounter.refresh_from_db()
    assert encounter.contact_type == "phone"


def test_an_evaluator_cannot_record(org: Org, login) -> None:
    assert login(org.evaluator).get("/encounters/").status_code == 403


def test_statistics_page_and_xlsx_export(org: Org, login, reason) -> None:
    post(login(org.counsellor), org)
    client = login(org.lead)
    html = client.get("/encounters/statistics/", {"units": org.team_a.code}).content.decode()
    assert f'data-testid="total-{org.team_a.code}">1<' in html
    xlsx = client.get("/encounters/statistics/", {"units": org.team_a.code, "export": "xlsx"})
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames


def test_an_evaluator_sees_suppressed_statistics(org: Org, login, reason) -> None:
    post(login(org.counsellor), org)
    html = (
        login(org.evaluator)
        .get("/encounters/statistics/", {"units": org.team_a.code})
        .content.decode()
    )
    assert f'data-testid="total-{org.team_a.code}">&lt;5<' in html


def test_a_unit_outside_the_scope_is_a_bad_choice(org: Org, login) -> None:
    response = login(org.lead).get("/encounters/statistics/", {"units": org.team_b.code})
    assert response.status_code == 400


def test_upload_with_a_bad_row_shows_the_error(org: Org, login, settings, reason, tmp_path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_DIR = tmp_path
    csv = (
        "source_id,date,unit,client,contact_type,duration_min\n"
        "A1,1.3.2023,KESKI-3064,AS-1,visit,abc\n"
    )
    client = login(org.secretary)
    response = client.post(
        "/encounters/import/",
        {"file": SimpleUploadedFile("vienti.csv", csv.encode()), "profile": "canonical"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "duration_min" in page and 'data-testid="import-errors"' in page
    assert ImportBatch.objects.get().status == "rejected" and not Encounter.objects.exists()


def test_upload_is_forbidden_to_a_counsellor(org: Org, login) -> None:
    assert login(org.counsellor).get("/encounters/import/").status_code == 403


def test_sites_are_compared_each_over_its_own_period(org: Org, login, reason) -> None:
    post(login(org.counsellor), org)
    response = login(org.secretary).get(
        "/encounters/compare/",
        {
            "unit1": org.team_a.code,
            "from1": "2026-11-01",
            "to1": "2026-11-30",
            "unit2": org.team_a.code,
            "from2": "2026-10-01",
            "to2": "2026-10-31",
        },
    )
    reports = response.context["reports"]
    assert [r["contacts"]["total"] for r in reports] == [1, 0]
    assert [r["from"] for r in reports] == ["2026-11-01", "2026-10-01"]


def test_comparison_refuses_a_unit_outside_the_scope(org: Org, login) -> None:
    assert (
        login(org.lead).get("/encounters/compare/", {"unit1": org.team_b.code}).status_code == 400
    )


def test_statistics_page_shows_every_contact_type_and_the_profile(org: Org, login, reason) -> None:
    post(login(org.counsellor), org)
    html = (
        login(org.lead).get("/encounters/statistics/", {"units": org.team_a.code}).content.decode()
    )
    from django.utils.translation import override

    from tyonjako.encounters.models import CLIENTLESS_CONTACT_TYPES, ContactType

    with override("fi"):
        labels = {value: str(label) for value, label in ContactType.choices}
    for value, label in labels.items():
        # work without a client is shown only where a unit has some (none here)
        shown = value not in CLIENTLESS_CONTACT_TYPES
        assert (f'<th scope="row">{label}</th>' in html) is shown, value
    assert "Toimeentulo" in html  # the reason's label, not its code


def test_an_uploaded_import_recounts_the_statistics_and_says_so_meanwhile(
    org: Org, login, settings, reason, tmp_path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tyonjako.encounters.models import MonthTally, StaleMonth
    from tyonjako.jobs.models import Job

    settings.DATA_DIR = tmp_path
    csv = "source_id,date,unit,client,contact_type\nA1,1.3.2023,KESKI-3064,AS-1,visit\n"
    client = login(org.secretary)
    client.post(
        "/encounters/import/",
        {"file": SimpleUploadedFile("vienti.csv", csv.encode()), "profile": "canonical"},
    )
    assert not StaleMonth.objects.exists()
    assert MonthTally.objects.filter(measure="contact_type", value="visit", n=1).exists()
    # While the recount runs, the polled progress says what is happening.
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(
        state="running", progress=1.0, message="Rivit on kirjoitettu; kuukausitilastoja päivitetään"
    )
    page = client.get(
        reverse("encounters:import_status", kwargs={"pk": job.pk}), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Rivit on kirjoitettu; kuukausitilastoja päivitetään" in page
