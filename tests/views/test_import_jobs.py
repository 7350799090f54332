"""The import page's job: its progress page and the batch's rejected rows, for the people
in scope only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import Org
from tests.factories import MembershipFactory, TeamFactory, UnitFactory, UserFactory, WorkerFactory
from tyonjako.encounters.models import ImportBatch
from tyonjako.jobs.models import Job

pytestmark = pytest.mark.django_db

CSV = (
    "source_id,date,unit,client,contact_type,duration_min\n"
    "A1,1.3.2023,KESKI-3064,AS-1,visit,30\n"
    "A2,2.3.2023,KESKI-3064,AS-1,visit,abc\n"
)


def upload(client: Any, **extra: Any) -> Job:
    response = client.post(
        "/encounters/import/",
        {
            "file": SimpleUploadedFile("Syyskuu 2026.csv", CSV.encode()),
            "profile": "canonical",
            **extra,
        },
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/encounters/import/{job.pk}/"
    return job


@pytest.fixture
def imported(org: Org, login: Any, settings: Any, tmp_path: Any) -> Job:
    settings.DATA_DIR = tmp_path
    return upload(login(org.secretary), skip_invalid="on")


def test_the_batch_keeps_the_uploaded_files_name_and_offers_its_rejected_rows(
    org: Org, login: Any, imported: Job
) -> None:
    assert imported.file_name == "Syyskuu 2026.csv"
    assert ImportBatch.objects.get().file_name == "Syyskuu 2026.csv"
    client = login(org.secretary)
    page = client.get(f"/encounters/import/{imported.pk}/").content.decode()
    assert "Syyskuu 2026.csv" in page and 'data-testid="import-rejected"' in page
    response = client.get(f"/encounters/import/{imported.pk}/rejected/")
    assert response.status_code == 200
    assert 'filename="Syyskuu 2026.rejected.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    assert "duration_min" in body and "A2" in body and "A1," not in body


def test_the_import_list_links_each_batch_to_its_page(org: Org, login: Any, imported: Job) -> None:
    page = login(org.secretary).get("/encounters/import/").content.decode()
    assert f'href="/encounters/import/{imported.pk}/"' in page


def test_the_admin_sees_every_import(org: Org, login: Any, imported: Job) -> None:
    client = login(org.admin)
    assert client.get(f"/encounters/import/{imported.pk}/").status_code == 200
    assert client.get(f"/encounters/import/{imported.pk}/rejected/").status_code == 200


def test_a_secretary_of_another_unit_does_not_find_it(imported: Job, login: Any) -> None:
    other = WorkerFactory(
        user=UserFactory(username="toinen-sihteeri"), role="secretary", licence="none"
    )
    MembershipFactory(worker=other, team=TeamFactory(code="X-1", unit=UnitFactory(code="X")))
    client = login(other)
    assert client.get(f"/encounters/import/{imported.pk}/").status_code == 404
    assert client.get(f"/encounters/import/{imported.pk}/rejected/").status_code == 404


@pytest.mark.parametrize(
    "role", ["counsellor", "social_worker", "lead", "director", "evaluator", "outsider"]
)
def test_roles_without_imports_are_refused(org: Org, login: Any, imported: Job, role: str) -> None:
    client = login(getattr(org, role))
    assert client.get(f"/encounters/import/{imported.pk}/").status_code == 403
    assert client.get(f"/encounters/import/{imported.pk}/rejected/").status_code == 403


def test_an_unknown_job_or_missing_file_is_not_found(
    org: Org, login: Any, imported: Job, tmp_path: Any
) -> None:
    client = login(org.secretary)
    assert client.get("/encounters/import/999999/").status_code == 404
    assert client.get("/encounters/import/999999/rejected/").status_code == 404
    (tmp_path / "imports" / imported.result["rejected"]).unlink()
    assert client.get(f"/encounters/import/{imported.pk}/rejected/").status_code == 404


def test_an_import_without_rejected_rows_has_nothing_to_download(
    org: Org, login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.DATA_DIR = tmp_path
    client = login(org.secretary)
    job = upload(client)  # all or nothing: rejected, no file of rejected rows
    assert "rejected" not in job.result
    assert client.get(f"/encounters/import/{job.pk}/rejected/").status_code == 404


def test_a_queued_import_says_it_waits_and_is_polled(org: Org, login: Any) -> None:
    job = Job.objects.create(
        kind="import", file_name="a.csv", started_by=org.secretary.user, arguments={"units": []}
    )
    page = login(org.secretary).get(f"/encounters/import/{job.pk}/", HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert 'data-testid="import-queued"' in html and "hx-get" in html
