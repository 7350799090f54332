"""POST /api/v1/encounters/imports/ and its status: the upload page's rules, over the API."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import Org
from tyonjako.encounters.models import Encounter

pytestmark = pytest.mark.django_db
URL = "/api/v1/encounters/imports/"
HEADER = "source_id,date,unit,client,contact_type\n"


@pytest.fixture(autouse=True)
def inline(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path


def _file(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("vienti.csv", (HEADER + "".join(r + "\n" for r in rows)).encode())


def test_a_secretary_imports_and_gets_the_batch_and_a_status_url(org: Org, login) -> None:
    http = login(org.secretary)
    response = http.post(URL, {"file": _file("A1,1.3.2023,KESKI-3064,AS-1,visit")})
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "done" and body["batch"]["status"] == "done"
    assert body["batch"]["rows_created"] == 1 and Encounter.objects.count() == 1
    status = http.get(body["status_url"])
    assert status.status_code == 200 and status.json()["batch"]["id"] == body["batch"]["id"]


def test_options_work_as_on_the_page(org: Org, login) -> None:
    response = login(org.secretary).post(
        URL, {"file": _file("A1,1.3.2023,KESKI-3064,AS-1,visit"), "dry_run": "true"}
    )
    assert response.json()["batch"]["status"] == "validated"
    assert not Encounter.objects.exists()


def test_a_row_outside_the_scope_rejects_the_batch_naming_the_line(org: Org, login) -> None:
    file = _file("A1,1.3.2023,KESKI-3064,AS-1,visit", f"A2,1.3.2023,{org.team_b.code},AS-9,visit")
    batch = login(org.secretary).post(URL, {"file": file}).json()["batch"]
    assert batch["status"] == "rejected" and not Encounter.objects.exists()
    assert [(e["line"], e["column"]) for e in batch["errors"]] == [(3, "unit")]


@pytest.mark.parametrize(
    "data",
    [{}, {"profile": "no-such-profile"}, {"file": SimpleUploadedFile("x.pdf", b"%PDF")}],
)
def test_bad_input_is_a_400(org: Org, login, data: dict[str, Any]) -> None:
    data = {"file": _file(), **data} if "file" not in data and data else data
    assert login(org.secretary).post(URL, data).status_code == 400


@pytest.mark.parametrize("persona", ["counsellor", "lead", "director", "evaluator", "outsider"])
def test_roles_without_import_rights_are_refused(org: Org, login, persona: str) -> None:
    response = login(getattr(org, persona)).post(URL, {"file": _file()})
    assert response.status_code == 403


def test_anonymous_is_refused(client: Any) -> None:
    assert client.post(URL, {"file": _file()}).status_code in (401, 403)


def test_another_importers_status_is_not_found(org: Org, login) -> None:
    from tests.conftest import _worker

    body = login(org.secretary).post(URL, {"file": _file()}).json()
    other = _worker("sihteeri2", "secretary", "service_secretary", [org.team_b])
    assert login(other).get(body["status_url"]).status_code == 404
    assert login(org.admin).get(body["status_url"]).status_code == 200
