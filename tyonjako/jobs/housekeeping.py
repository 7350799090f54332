"""What every worker does besides running jobs, every few seconds: say it is alive,
retry (or fail) the jobs of workers that died, and enqueue the periodic jobs due."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from tyonjako.common.clock import now

from . import liveness, runner, schedule
from .models import Job, JobState, ScheduleRun, WorkerBeat

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def beat(worker_id: str, started_at: dt.datetime) -> None:
    host, pid, _rest = worker_id.split(":", 2)
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": host, "pid": int(pid), "started_at": started_at, "seen_at": now()},
    )


def forget(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def _beats() -> dict[str, liveness.Beat]:
    return {
        row.worker_id: liveness.Beat(row.worker_id, row.host, row.pid, row.seen_at)
        for row in WorkerBeat.objects.all()
    }


def dead_workers(worker_ids: set[str]) -> set[str]:
    return liveness.dead(
        worker_ids,
        _beats(),
        now=now(),
        host=socket.gethostname()[:30],
        process_exists=process_exists,
    )


def recover() -> list[int]:
    """Jobs whose worker died: queued again (after their kind's clean-up) or, after
    MAX_ATTEMPTS, failed. Returns the ids of the jobs handled."""
    running = list(Job.objects.filter(state=JobState.RUNNING).exclude(worker_id=""))
    dead = dead_workers({job.worker_id for job in running})
    handled = []
    for job in running:
        if job.worker_id not in dead:
            continue
        # Only one worker wins the row; the others see it changed and skip it.
        retry = job.attempts < MAX_ATTEMPTS
        with transaction.atomic():
            won = Job.objects.filter(
                pk=job.pk, state=JobState.RUNNING, worker_id=job.worker_id
            ).update(
                state=JobState.QUEUED if retry else JobState.FAILED,
                worker_id="",
                message=(
                    _("The worker stopped; the job was started again.")
                    if retry
                    else _("The worker stopped too many times; the job was not finished.")
                ),
                finished_at=None if retry else now(),
            )
            if not won:
                continue
            if _is_uuid(job.task_id):  # a database-backend task (not an inline one)
                DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                    status="FAILED",
                    finished_at=now(),
                    exception_class_path="tyonjako.jobs.WorkerDied",
                    traceback="",
                )
        kind = runner.KINDS.get(job.kind)
        if kind and kind.cleanup:
            kind.cleanup(job)
        if retry:
            runner.enqueue(job)
        log.warning(
            "job %s: worker %s died; %s", job.pk, job.worker_id, "retried" if retry else "failed"
        )
        handled.append(job.pk)
    _forget_long_dead()
    return handled


def _forget_long_dead() -> None:
    """Heartbeats of workers dead for an hour and running nothing are dropped."""
    old = set(
        WorkerBeat.objects.filter(seen_at__lt=now() - dt.timedelta(hours=1)).values_list(
            "worker_id", flat=True
        )
    )
    busy = set(Job.objects.filter(state=JobState.RUNNING).values_list("worker_id", flat=True))
    WorkerBeat.objects.filter(worker_id__in=dead_workers(old) - busy).delete()


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def enqueue_due(moment: dt.datetime | None = None) -> list[str]:
    """Enqueue each periodic job whose latest slot has not run; returns their names."""
    moment = moment or now()
    entries = list(schedule.REGISTRY.values())
    names = [entry.name for entry in entries]
    done = set(ScheduleRun.objects.filter(name__in=names).values_list("name", "slot"))
    started = []
    for entry, slot in schedule.due(entries, moment, lambda name, slot: (name, slot) in done):
        try:
            with transaction.atomic():
                ScheduleRun.objects.create(name=entry.name, slot=slot, enqueued_at=moment)
                runner.start(entry.name)
        except IntegrityError:
            continue  # another worker enqueued it
        started.append(entry.name)
    # Old slots are not needed once a newer one exists.
    ScheduleRun.objects.filter(enqueued_at__lt=moment - dt.timedelta(days=30)).delete()
    return started


def tick(worker_id: str, started_at: dt.datetime) -> dict[str, Any]:
    beat(worker_id, started_at)
    return {"recovered": recover(), "scheduled": enqueue_due()}
