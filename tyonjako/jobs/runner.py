"""Starting jobs and running them: state and progress in the `Job` row.

Every job, an upload's import as much as a scheduled one, is a `Job` row plus one
django-tasks task (`run`) that the worker (`tyonjako worker`) claims from the database.
A kind of job is a handler registered with `define`; the handler gets its Job and a
`Progress` and returns a small JSON result (e.g. the import batch's id).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import queue
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, connections
from django.utils.translation import gettext as _
from django_tasks import task

from tyonjako.common.clock import now

from .models import Job, JobState

log = logging.getLogger(__name__)

Handler = Callable[[Job, "Progress"], dict[str, Any]]
Cleanup = Callable[[Job], None]


class JobError(Exception):
    """A failure whose message is meant for the page (translated, no code, no data)."""


@dataclass(frozen=True)
class Kind:
    handler: Handler
    cleanup: Cleanup | None = None  # run before a retry of a job whose worker died


KINDS: dict[str, Kind] = {}

# Set by `tyonjako worker` in its process; empty when a job runs inline (tests, ImmediateBackend).
WORKER: dict[str, str] = {"id": ""}


def define(kind: str, handler: Handler, *, cleanup: Cleanup | None = None) -> None:
    KINDS[kind] = Kind(handler=handler, cleanup=cleanup)


def worker_id() -> str:
    """host:pid:random — unique, and the liveness check can find the process."""
    import secrets

    host = socket.gethostname()[:30]
    return f"{host}:{os.getpid()}:{secrets.token_hex(8)}"


def start(
    kind: str,
    *,
    by: User | None = None,
    key: str = "",
    file_name: str = "",
    arguments: dict[str, Any] | None = None,
) -> Job:
    """Record a job and put it on the queue; the caller shows `Job` on its page."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind, key=key, file_name=file_name, arguments=arguments or {}, started_by=by
    )
    enqueue(job)
    job.refresh_from_db()
    return job


def enqueue(job: Job) -> None:
    backend = getattr(settings, "TYONJAKO_JOBS_BACKEND", "default")
    result = run.using(backend=backend).enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


@task()
def run(job_id: int) -> None:
    """The one task: run the job's handler and record how it ended."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return  # deleted, or a duplicate delivery of a job already done
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        attempts=job.attempts + 1,
        worker_id=WORKER["id"],
        started_at=now(),
        message="",
    )
    job.refresh_from_db()
    progress = Progress(job.pk)
    try:
        result = KINDS[job.kind].handler(job, progress)
    except JobError as error:
        _end(job, JobState.FAILED, message=str(error)[:500])
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _end(job, JobState.FAILED, message=_("The job failed. The error is in the server log."))
    else:
        _end(job, JobState.DONE, result=result)
    finally:
        progress.close()


def _end(job: Job, state: str, *, message: str = "", result: dict[str, Any] | None = None) -> None:
    values: dict[str, Any] = {"state": state, "finished_at": now(), "message": message}
    if state == JobState.DONE:
        values["progress"] = 1.0
    if result is not None:
        values["result"] = result
    Job.objects.filter(pk=job.pk).update(**values)


class Progress:
    """Progress reports of a running job, written where the page can read them at once.

    Outside a transaction the row is updated directly. Inside one (an all-or-nothing
    import) the write would not be seen until the commit, so on PostgreSQL a small
    thread writes it on its own connection; on SQLite the import holds the only write
    lock, so progress shows at the end."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._queue: queue.Queue[dict[str, Any] | None] | None = None
        self._thread: threading.Thread | None = None

    def __call__(self, share: float | None, rows: int, message: str = "") -> None:
        values: dict[str, Any] = {"progress": min(max(share or 0.0, 0.0), 1.0), "rows": rows}
        if message:
            values["message"] = message
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job_id).update(**values)
        elif connection.vendor == "postgresql":
            self._side().put(values)

    def note(self, message: str) -> None:
        """A message for the page while the job runs (e.g. that it waits its turn)."""
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job_id).update(message=message[:500])

    def _side(self) -> queue.Queue[dict[str, Any] | None]:
        if self._queue is None:
            self._queue = queue.Queue()
            self._thread = threading.Thread(target=self._write, daemon=True)
            self._thread.start()
        return self._queue

    def _write(self) -> None:
        assert self._queue is not None
        try:
            while (values := self._queue.get()) is not None:
                while not self._queue.empty():  # only the latest report matters
                    newer = self._queue.get()
                    if newer is None:
                        self._queue.put(None)
                        break
                    values = newer
                try:
                    Job.objects.filter(pk=self.job_id).update(**values)
                except DatabaseError:
                    log.warning("job %s: progress not written", self.job_id, exc_info=True)
        finally:
            connections.close_all()

    def close(self) -> None:
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)


@contextmanager
def one_at_a_time(key: str, progress: Progress | None = None) -> Iterator[None]:
    """Jobs of one key wait for each other instead of failing on each other.

    PostgreSQL: a session advisory lock, let go by the database when a dead worker's
    connection closes. SQLite (one host): an exclusive lock on a file, let go by the
    operating system when the process dies."""
    if not key:
        yield
        return
    waiting = _("Waiting for an earlier job of the same source to finish.")
    if connection.vendor == "postgresql":
        number = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
        number -= 1 << 63  # a signed bigint
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [number])
            if not cursor.fetchone()[0]:
                if progress:
                    progress.note(waiting)
                cursor.execute("SELECT pg_advisory_lock(%s)", [number])
        try:
            if progress:
                progress.note("")
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
        return
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_-]", "_", key)[:60]
    with (folder / f"{name}.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if progress:
                progress.note(waiting)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if progress:
                progress.note("")
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
