"""Background jobs with the inline (immediate) backend: state, failure, recovery after a
dead worker, the schedule run once per slot, and /healthz."""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_NOW, Org
from tests.db.test_encounter_import import GOOD, codes, write  # noqa: F401 — the fixture
from tyonjako.encounters.importer import ImportOptions
from tyonjako.encounters.jobs import start_import
from tyonjako.encounters.models import Encounter, ImportBatch, ImportStatus
from tyonjako.jobs import housekeeping, runner
from tyonjako.jobs.models import Job, JobState, ScheduleRun, WorkerBeat

pytestmark = pytest.mark.django_db

HOST = socket.gethostname()[:30]


def dead_pid() -> int:
    """A process id that is not running now."""
    pid = 4_000_000
    while housekeeping.process_exists(pid):
        pid -= 1
    return pid


@pytest.fixture
def calls() -> Any:
    seen: list[int] = []

    def handler(job: Job, progress: runner.Progress) -> dict[str, Any]:
        seen.append(job.pk)
        progress(0.5, 10)
        if job.arguments.get("fail") == "quietly":
            raise runner.JobError("Tiedosto puuttuu.")
        if job.arguments.get("fail"):
            raise RuntimeError("secret detail")
        return {"n": len(seen)}

    runner.define("test-kind", handler)
    yield seen
    runner.KINDS.pop("test-kind")


def test_a_job_runs_and_keeps_its_result(calls: list[int]) -> None:
    job = runner.start("test-kind", key="k")
    assert (job.state, job.result, job.attempts, job.progress) == (JobState.DONE, {"n": 1}, 1, 1.0)
    assert job.task_id


def test_a_failed_job_says_so_without_its_traceback(calls: list[int]) -> None:
    job = runner.start("test-kind", arguments={"fail": "loudly"})
    assert job.state == JobState.FAILED and "secret" not in job.message and job.message
    job = runner.start("test-kind", arguments={"fail": "quietly"})
    assert (job.state, job.message) == (JobState.FAILED, "Tiedosto puuttuu.")


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        runner.start("no-such-kind")


def test_a_dead_workers_job_is_run_again_and_then_given_up(calls: list[int]) -> None:
    job = Job.objects.create(kind="test-kind", state=JobState.RUNNING, attempts=1)
    worker = f"{HOST}:{dead_pid()}:abc"
    WorkerBeat.objects.create(
        worker_id=worker,
        host=HOST,
        pid=int(worker.split(":")[1]),
        started_at=TEST_NOW,
        seen_at=TEST_NOW,
    )
    Job.objects.filter(pk=job.pk).update(worker_id=worker)
    assert housekeeping.recover() == [job.pk]
    job.refresh_from_db()
    assert (job.state, job.attempts, calls) == (JobState.DONE, 2, [job.pk])  # inline: ran again

    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, worker_id=worker, attempts=housekeeping.MAX_ATTEMPTS
    )
    assert housekeeping.recover() == [job.pk]
    job.refresh_from_db()
    assert job.state == JobState.FAILED and len(calls) == 1


def test_a_live_workers_job_is_left_alone(calls: list[int]) -> None:
    worker = f"{HOST}:{os.getpid()}:abc"
    housekeeping.beat(worker, TEST_NOW)
    job = Job.objects.create(kind="test-kind", state=JobState.RUNNING, worker_id=worker)
    assert housekeeping.recover() == []
    job.refresh_from_db()
    assert job.state == JobState.RUNNING


@pytest.mark.usefixtures("codes")
def test_a_retried_import_leaves_the_dead_attempts_batch_failed(
    org: Org, tmp_path: Path, settings
) -> None:
    settings.DATA_DIR = tmp_path
    job = start_import(
        write(tmp_path, GOOD), ImportOptions(), by=org.secretary.user, file_name="vienti.csv"
    )
    first = ImportBatch.objects.get()
    assert (job.state, first.file_name, first.status) == (JobState.DONE, "vienti.csv", "done")
    # As if a worker had died while writing: the batch still running, the job too, and
    # the upload still stored (a finished import deletes it; a dead worker could not).
    write(tmp_path, GOOD).rename(job.arguments["path"])
    ImportBatch.objects.filter(pk=first.pk).update(status=ImportStatus.RUNNING)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, worker_id=f"{HOST}:{dead_pid()}:x", result={}
    )
    assert housekeeping.recover() == [job.pk]
    first.refresh_from_db()
    job.refresh_from_db()
    assert first.status == ImportStatus.FAILED and job.state == JobState.DONE
    assert job.result["batch"] != first.pk and Encounter.objects.count() == 2


def test_the_schedule_enqueues_each_slot_once(db: Any) -> None:
    moment = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
    started = housekeeping.enqueue_due(moment)
    assert {"compliance-record", "tallies-refresh"} <= set(started)
    assert housekeeping.enqueue_due(moment) == []  # the same slots: nothing again
    assert Job.objects.get(kind="compliance-record").state == JobState.DONE
    later = housekeeping.enqueue_due(moment + dt.timedelta(minutes=5))
    assert sorted(later) == ["audit-seal", "tallies-refresh"]  # both every 5 minutes
    assert ScheduleRun.objects.filter(name="tallies-refresh").count() == 2


def test_healthz_answers_without_login_and_without_data(client: Any, calls: list[int]) -> None:
    runner.start("test-kind")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["queue"]["state"] == "ok"
    assert set(body["queue"]) == {
        "workers",
        "queued",
        "running",
        "failed_last_day",
        "oldest_queued_seconds",
        "state",
    }
    assert client.post("/healthz").status_code == 405


def test_healthz_says_when_the_queue_is_stalled(client: Any) -> None:
    Job.objects.create(kind="import")
    Job.objects.update(created_at=TEST_NOW - dt.timedelta(hours=1))
    assert client.get("/healthz").json()["queue"]["state"] == "stalled"
