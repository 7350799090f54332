"""Issue 14 §3: a site's pre-counted table (seed 001 as published) is loaded from a
file, all or none, through an action with an audit row; it is compared beside counted
units on the page, the command, the API, CSV and XLSX, marked as pre-counted, its
missing figures "–" and its small cells suppressed like any other."""

import io
import json
from pathlib import Path

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.conftest import Org
from tyonjako.encounters.actions import load_precounted_tables
from tyonjako.encounters.models import PrecountedTable
from tyonjako.encounters.precounted import TableFileError, parse_tables

pytestmark = pytest.mark.django_db

TABLE = """\
tables:
  - unit: {unit}
    site: Hämeenlinna, sote-keskus
    from: 1.4.2018
    to: 30.6.2018
    source: Sosiaaliohjauksen kuvaus valinnanvapauskokeiluissa
    contacts: {{visit: 30, phone: 6, no_show: 2, home_visit: 1, total: 39}}
    clients: 15
    gender: {{female: 8, male: 7}}
  - unit: {unit}
    site: Tampere, sote-keskus
    from: 21.4.2017
    to: 26.5.2018
    source: Sosiaaliohjauksen kuvaus valinnanvapauskokeiluissa
    contacts: {{visit: 78, no_show: 3}}
"""


@pytest.fixture
def tables_file(org: Org, tmp_path: Path) -> Path:
    path = tmp_path / "tables.yaml"
    path.write_text(TABLE.format(unit=org.team_a.unit.code), encoding="utf-8")
    return path


def _load(path: Path) -> list[PrecountedTable]:
    out = io.StringIO()
    call_command("report", "import-table", str(path), stdout=out)
    assert out.getvalue().count("table ") == 2
    return list(PrecountedTable.objects.order_by("site"))


def test_the_command_loads_lists_and_reports_the_tables(tables_file: Path) -> None:
    hml, tampere = _load(tables_file)
    assert LogEntry.objects.get_for_objects(PrecountedTable.objects.all()).count() == 2
    listed = io.StringIO()
    call_command("report", "tables", stdout=listed)
    listed_sites = [row["site"] for row in json.loads(listed.getvalue())]
    assert listed_sites == [tampere.site, hml.site]  # by unit, then by period
    out = io.StringIO()
    call_command("report", "encounters", "--table", str(tampere.pk), stdout=out)
    report = json.loads(out.getvalue())
    assert report["contacts"]["visit"] == 78 and report["contacts"]["total"] == 81
    assert report["clients"] == "–"  # the table does not give it
    assert report["precounted"]["site"] == "Tampere, sote-keskus"
    assert report["from"] == "2017-04-21" and report["to"] == "2018-05-26"
    # Loading again replaces, never duplicates.
    _load(tables_file)
    assert PrecountedTable.objects.count() == 2


def test_beside_a_counted_unit_with_suppression(org: Org, tables_file: Path) -> None:
    hml, _tampere = _load(tables_file)
    out = io.StringIO()
    call_command(
        "report",
        "encounters",
        "--unit",
        org.team_a.code,
        "--table",
        str(hml.pk),
        "--suppress",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    table = data[f"table:{hml.pk}"]
    assert table["contacts"]["home_visit"] is None  # 1 is under 5
    assert table["contacts"]["visit"] == 30 and table["gender"]["female"] == 8
    assert org.team_a.code in data
    csv_out = io.StringIO()
    call_command(
        "report",
        "encounters",
        "--table",
        str(hml.pk),
        "--format",
        "csv",
        "--language",
        "sv",
        stdout=csv_out,
    )
    assert "Hämeenlinna, sote-keskus (färdigt räknad tabell)" in csv_out.getvalue()


def test_a_broken_file_stores_nothing_and_exits_1_naming_each_line(
    org: Org, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    text = TABLE.format(unit=org.team_a.unit.code).replace("total: 39", "total: 40")
    path.write_text(text.replace("Tampere", "Nokia").replace("unit: KESKI", "unit: XKESKI", 1))
    with pytest.raises(CommandError) as caught:
        call_command("report", "import-table", str(path))
    assert caught.value.returncode == 1
    assert "line 2" in str(caught.value) or "line 7" in str(caught.value)
    assert not PrecountedTable.objects.exists()
    with pytest.raises(CommandError) as missing:
        call_command("report", "import-table", str(tmp_path / "none.yaml"))
    assert missing.value.returncode == 2
    with pytest.raises(CommandError) as neither:
        call_command("report", "encounters")
    assert neither.value.returncode == 2


def test_only_units_in_the_loaders_scope(org: Org) -> None:
    inside = parse_tables(TABLE.format(unit=org.team_a.unit.code))
    outside = parse_tables(TABLE.format(unit=org.team_b.unit.code))
    with translation.override("en"):
        with pytest.raises(TableFileError, match="not in your scope"):
            load_precounted_tables(outside, by=org.secretary.user)
        with pytest.raises(TableFileError, match="not in your scope"):
            load_precounted_tables(inside, by=org.counsellor.user)  # may not import at all
    assert not PrecountedTable.objects.exists()
    stored = load_precounted_tables(inside, by=org.secretary.user)
    assert {table.loaded_by for table in stored} == {org.secretary.user}


def test_the_comparison_page_and_the_api(org: Org, tables_file: Path, login) -> None:
    hml, tampere = _load(tables_file)
    client = login(org.evaluator)
    page = client.get(
        "/encounters/compare/",
        {"unit1": org.team_a.code, "unit2": f"table:{hml.pk}", "unit3": f"table:{tampere.pk}"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="precounted-note"' in html
    assert "Hämeenlinna, sote-keskus (valmiiksi laskettu taulukko)" in html
    assert "Sosiaaliohjauksen kuvaus valinnanvapauskokeiluissa" in html
    assert "1.4.2018–30.6.2018" in html and "–</td>" in html
    xlsx = client.get(
        "/encounters/compare/",
        {"unit1": org.team_a.code, "unit2": f"table:{hml.pk}", "export": "xlsx"},
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert any("Hämeenlinna" in value for value in cells)
    api = client.get("/api/v1/encounters/statistics/", {"table": [hml.pk]}).json()
    assert api["precounted"]["source"].startswith("Sosiaaliohjauksen")
    assert api["contacts"]["home_visit"] is None  # an evaluator sees suppressed figures
    for bad in ({"table": "x"}, {"table": "99999"}, {"table": "99999999999999999999999"}, {}):
        assert client.get("/api/v1/encounters/statistics/", bad).status_code == 400
    assert client.get("/encounters/compare/", {"unit1": "table:x"}).status_code == 400


def test_a_table_of_another_unit_is_outside_the_scope(org: Org, tables_file: Path, login) -> None:
    hml, _ = _load(tables_file)
    outsider = login(org.outsider)
    assert outsider.get("/encounters/compare/", {"unit1": f"table:{hml.pk}"}).status_code == 400
    api = outsider.get("/api/v1/encounters/statistics/", {"table": [hml.pk]})
    assert api.status_code == 400
    page = outsider.get("/encounters/compare/").content.decode()
    assert "Hämeenlinna, sote-keskus" not in page
