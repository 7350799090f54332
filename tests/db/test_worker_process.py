"""The real thing on PostgreSQL: jobs on the database queue, run by `tyonjako worker`
processes. A worker killed in the middle of an import leaves nothing half-written; the
next worker retries the import, and a second import of the same source waits its turn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.conftest import Org
from tests.db.test_encounter_import import codes, write  # noqa: F401 — the fixture
from tests.db.test_import_pipeline import many_rows
from tyonjako.encounters.importer import ImportOptions
from tyonjako.encounters.jobs import start_import
from tyonjako.encounters.models import Encounter, ImportBatch, ImportStatus
from tyonjako.jobs.models import Job, JobState

pytestmark = [pytest.mark.postgresql, pytest.mark.slow, pytest.mark.usefixtures("codes")]
ROOT = Path(__file__).resolve().parents[2]
ROWS = 100_000  # long enough that the kill lands mid-import on a quiet machine


def wait_for(check: Callable[[], bool], seconds: int = 300) -> None:
    for _ in range(seconds * 5):
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TYONJAKO_DATA_DIR": str(tmp_path),
    }

    def start() -> subprocess.Popen[bytes]:
        log = (tmp_path / f"worker{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tyonjako.cli",
                "worker",
                "--backend",
                "database",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--tick",
                "0.5",
                "--no-schedule",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def job(pk: int) -> Job:
    return Job.objects.get(pk=pk)


def test_an_import_survives_a_killed_worker_and_imports_of_one_source_take_turns(
    transactional_db: Any, org: Org, tmp_path: Path, settings: Any, workers: Any
) -> None:
    settings.TYONJAKO_JOBS_BACKEND = "database"
    settings.DATA_DIR = tmp_path
    big = start_import(
        write(tmp_path, many_rows(ROWS), "iso.csv"),
        ImportOptions(),
        by=org.secretary.user,
        file_name="iso.csv",
        units=[org.team_a.unit_id],
    )
    assert big.state == JobState.QUEUED
    first = workers()
    wait_for(lambda: job(big.pk).state == JobState.RUNNING and ImportBatch.objects.exists())
    time.sleep(0.5)  # well into the writing
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert job(big.pk).state == JobState.RUNNING  # as far as the database knows
    assert not Encounter.objects.exists()  # the all-or-nothing transaction died with it

    small_rows = [row.replace("M", "S", 1) for row in many_rows(50)]
    small = start_import(
        write(tmp_path, small_rows, "pieni.csv"),
        ImportOptions(),
        by=org.secretary.user,
        file_name="pieni.csv",
        units=[org.team_a.unit_id],
    )
    assert small.key == big.key  # one source system: the two must not run at once
    workers(), workers()
    wait_for(lambda: job(big.pk).finished and job(small.pk).finished)

    big, small = job(big.pk), job(small.pk)
    assert (big.state, big.attempts, small.state) == (JobState.DONE, 2, JobState.DONE)
    assert Encounter.objects.count() == ROWS + 50
    statuses = sorted(ImportBatch.objects.values_list("file_name", "status"))
    assert statuses == [
        ("iso.csv", ImportStatus.DONE),
        ("iso.csv", ImportStatus.FAILED),
        ("pieni.csv", ImportStatus.DONE),
    ]
    # One after the other: the second import started after the first had finished.
    done = {b.file_name: b for b in ImportBatch.objects.filter(status=ImportStatus.DONE)}
    runs = sorted(done.values(), key=lambda b: b.started_at)
    assert runs[0].finished_at <= runs[1].started_at
