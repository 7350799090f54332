"""Uploaded import files: limits, privacy, clean-up, and batches that never stay running."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import Org
from tests.unit.encounters.test_file_limits import xlsx
from tyonjako.encounters import background
from tyonjako.encounters import jobs as import_jobs
from tyonjako.encounters.batches import DIED, process_marker, reap_dead_batches
from tyonjako.encounters.importer import ImportOptions, run_import
from tyonjako.encounters.models import ImportBatch, ImportStatus

pytestmark = pytest.mark.django_db

CSV = (
    "source_id,date,unit,client,contact_type,duration_min\nA1,1.3.2023,KESKI-3064,AS-1,visit,abc\n"
)


@pytest.fixture
def inline(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path / "imports"


def upload(http, name: str, content: bytes):
    return http.post(
        "/encounters/import/",
        {"file": SimpleUploadedFile(name, content), "profile": "canonical"},
    )


def test_an_upload_is_private_while_it_is_imported_and_gone_after(
    org: Org, login, inline: Path, monkeypatch
) -> None:
    seen: list[int] = []
    real = import_jobs.run_import

    def watching(path: Path, *args, **kwargs):
        seen.append(path.stat().st_mode & 0o777)
        seen.append(path.parent.stat().st_mode & 0o777)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(import_jobs, "run_import", watching)
    response = upload(login(org.secretary), "vienti.csv", CSV.encode())
    assert response.status_code == 302
    assert seen == [0o600, 0o700]
    assert not [path for path in inline.iterdir() if path.suffix == ".csv"]


def test_an_upload_is_deleted_when_its_import_fails(
    org: Org, login, inline: Path, monkeypatch
) -> None:
    def failing(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(import_jobs, "run_import", failing)
    response = upload(login(org.secretary), "vienti.csv", CSV.encode())
    assert response.status_code == 302
    assert not [path for path in inline.iterdir() if path.suffix == ".csv"]


def test_an_upload_over_the_size_limit_is_refused(org: Org, login, inline, settings) -> None:
    settings.IMPORT_MAX_BYTES = 50
    response = upload(login(org.secretary), "vienti.csv", CSV.encode())
    assert response.status_code == 400
    assert "Tiedosto on" in response.content.decode()  # Finnish, the default language
    assert not ImportBatch.objects.exists()


def test_a_spreadsheet_with_far_apart_cells_is_refused_at_upload(
    org: Org, login, inline, tmp_path: Path
) -> None:
    bomb = xlsx(tmp_path / "pommi.xlsx", [("A1", "a"), ("XFD1048576", "b")]).read_bytes()
    response = upload(login(org.secretary), "pommi.xlsx", bomb)
    assert response.status_code == 400
    assert "16384" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_old_upload_left_by_a_dead_process_is_swept(inline: Path) -> None:
    inline.mkdir(parents=True)
    old = inline / "abc.csv"
    old.write_text("x")
    assert background.remove_stale_uploads(old.stat().st_mtime + 2 * 86400) == 1
    assert not old.exists()


def test_an_import_that_stops_with_an_error_marks_its_batch_failed(
    org: Org, tmp_path: Path, monkeypatch
) -> None:
    from tyonjako.encounters import importer

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_run_batch", broken)
    path = tmp_path / "vienti.csv"
    path.write_text(CSV)
    with pytest.raises(RuntimeError):
        run_import(path, ImportOptions(profile="canonical"))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED and batch.finished_at is not None
    assert batch.errors[0]["message"] == "disk full"


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_running_batch_whose_process_died_is_failed_when_next_seen(
    org: Org, login, inline
) -> None:
    marker = {**process_marker(), "pid": dead_pid()}
    dead = ImportBatch.objects.create(file_name="a.csv", source_system="x", options=marker)
    alive = ImportBatch.objects.create(
        file_name="b.csv", source_system="x", options=process_marker()
    )
    elsewhere = ImportBatch.objects.create(
        file_name="c.csv", source_system="x", options={**marker, "host": "another-server"}
    )
    assert login(org.secretary).get("/encounters/import/").status_code == 200
    dead.refresh_from_db()
    assert dead.status == ImportStatus.FAILED and dead.errors[0]["message"] == DIED
    assert ImportBatch.objects.get(pk=alive.pk).status == ImportStatus.RUNNING
    assert ImportBatch.objects.get(pk=elsewhere.pk).status == ImportStatus.RUNNING
    assert reap_dead_batches() == 0
