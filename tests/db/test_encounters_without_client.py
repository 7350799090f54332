"""Issue 14 §3: consultations, group sessions and information events without a client
(seed 001 "tapauskohtainen tilastointi ilman asiakastietoja"): recorded on the page and
imported, counted as contacts and time but never as clients."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import Org
from tests.unit.encounters.helpers import errors, ok
from tyonjako.encounters.importer import ImportOptions, run_import
from tyonjako.encounters.importing import ImportContext
from tyonjako.encounters.models import Encounter, ImportStatus
from tyonjako.encounters.stats import StatsFilter, unit_statistics

HEADER = "source_id,date,unit,client,contact_type,duration_min\n"


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "clientless.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_row_without_a_client_needs_a_kind_that_allows_it() -> None:
    ctx = ImportContext(pseudonym_secret=b"s", today=dt.date(2026, 6, 1))
    for cell in ("konsultaatio", "ryhmätapaaminen", "informationstillfälle", "group"):
        assert ok(ctx, client="", contact_type=cell).client_key == ""
    assert errors(ctx, client="", contact_type="käynti") == [
        "line 7, column client: client or hetu is required"
    ]


@pytest.mark.django_db
def test_imported_they_count_as_contacts_and_time_but_not_as_clients(
    org: Org, tmp_path: Path
) -> None:
    rows = [
        "C1,1.3.2023,KESKI-3064,AS-1,käynti,30",
        "C2,2.3.2023,KESKI-3064,,ryhmätapaaminen,90",
        "C3,3.3.2023,KESKI-3064,,konsultaatio,20",
        "C4,4.3.2023,KESKI-3064,AS-1,puhelu,10",
    ]
    result = run_import(write(tmp_path, rows), ImportOptions())
    assert result.batch.status == ImportStatus.DONE, result.errors
    assert Encounter.objects.filter(client__isnull=True).count() == 2
    report = unit_statistics(StatsFilter(org.team_a.code))
    contacts = report["contacts"]
    assert (contacts["group"], contacts["consultation"], contacts["total"]) == (1, 1, 4)
    assert report["clients"] == 1 and report["contacts_per_client"] == 4.0
    assert report["duration_bands"]["ge90"] == 1 and report["duration_bands"]["15_29"] == 1
    # the CSV of the command shows the rows of work without a client, labelled
    out = io.StringIO()
    call_command("report", "encounters", "--unit", org.team_a.code, "--format", "csv", stdout=out)
    assert ";group;Ryhmätapaamiset (ilman asiakasta);1;" in out.getvalue()
    assert ";information;" not in out.getvalue()  # none: no row of zeros
    # importing the same file again changes nothing
    again = run_import(write(tmp_path, rows), ImportOptions())
    assert again.batch.rows_unchanged == 4 and Encounter.objects.count() == 4


@pytest.mark.django_db
def test_a_visit_without_a_client_rejects_the_file(org: Org, tmp_path: Path) -> None:
    result = run_import(write(tmp_path, ["C1,1.3.2023,KESKI-3064,,käynti,30"]), ImportOptions())
    assert result.batch.status == ImportStatus.REJECTED
    assert [(e.line, e.column) for e in result.errors] == [(2, "client")]


@pytest.mark.django_db
def test_recorded_on_the_page_without_a_client(org: Org, login) -> None:
    client = login(org.counsellor)
    form = {
        "client": "",
        "date": "1.3.2023",
        "team": org.team_a.pk,
        "contact_type": "information",
        "duration_min": "60",
    }
    response = client.post("/encounters/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    encounter = Encounter.objects.get()
    assert encounter.client is None and encounter.duration_band == "60_89"
    page = client.get("/encounters/")
    assert page.status_code == 200
    # a visit needs its client
    response = client.post("/encounters/", {**form, "contact_type": "visit"})
    assert response.status_code == 400 and Encounter.objects.count() == 1
    assert response.context["form"].errors["client"]
