"""Issue 14 §3: an export that has only the duration band, and the county's own bands."""

from pathlib import Path

import pytest
from django.test import override_settings

from tests.conftest import Org
from tyonjako.encounters.importer import ImportOptions, run_import
from tyonjako.encounters.models import Encounter, ImportStatus
from tyonjako.encounters.stats import StatsFilter, unit_statistics

pytestmark = pytest.mark.django_db

HEADER = "source_id,date,unit,client,contact_type,duration_min,duration_band\n"


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "bands.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_the_band_alone_is_stored_and_counted_with_the_minutes_unknown(
    org: Org, tmp_path: Path
) -> None:
    rows = [
        "B1,1.3.2023,KESKI-3064,AS-1,käynti,,30–59 min",
        "B2,2.3.2023,KESKI-3064,AS-1,käynti,,alle 15 min",
        "B3,3.3.2023,KESKI-3064,AS-1,käynti,45,",
    ]
    result = run_import(write(tmp_path, rows), ImportOptions())
    assert result.batch.status == ImportStatus.DONE, result.errors
    stored = dict(Encounter.objects.values_list("source_id", "duration_band"))
    assert stored == {"B1": "30_59", "B2": "lt15", "B3": "30_59"}
    assert Encounter.objects.get(source_id="B1").duration_min is None
    report = unit_statistics(StatsFilter(org.team_a.code))
    assert report["duration_bands"]["30_59"] == 2 and report["duration_bands"]["lt15"] == 1


def test_a_band_that_contradicts_the_minutes_rejects_the_file(org: Org, tmp_path: Path) -> None:
    result = run_import(
        write(tmp_path, ["B1,1.3.2023,KESKI-3064,AS-1,käynti,10,ge90"]), ImportOptions()
    )
    assert result.batch.status == ImportStatus.REJECTED
    assert [(e.line, e.column) for e in result.errors] == [(2, "duration_band")]
    assert not Encounter.objects.exists()


@override_settings(DURATION_BAND_BOUNDS=(20, 45))
def test_the_import_uses_the_countys_bands(org: Org, tmp_path: Path) -> None:
    rows = [
        "B1,1.3.2023,KESKI-3064,AS-1,käynti,30,",
        "B2,2.3.2023,KESKI-3064,AS-1,käynti,,45 min tai yli",
    ]
    result = run_import(write(tmp_path, rows), ImportOptions())
    assert result.batch.status == ImportStatus.DONE, result.errors
    stored = dict(Encounter.objects.values_list("source_id", "duration_band"))
    assert stored == {"B1": "20_44", "B2": "ge45"}
