"""`tyonjako worker`: run the background jobs (django-tasks' database worker) and the
schedule. Start one or more; each also keeps the schedule and retries the jobs of
workers that died (see docs/jobs.md)."""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

from tyonjako.common.clock import now
from tyonjako.jobs import housekeeping, runner

log = logging.getLogger("tyonjako.jobs")

TICK_SECONDS = 5.0


class Worker(db_worker.Worker):
    """django-tasks' worker, plus a housekeeping thread (heartbeat, recovery, schedule)."""

    def __init__(self, *, tick: float = TICK_SECONDS, schedule: bool = True, **options: Any):
        super().__init__(**options)
        self.tick = tick
        self.schedule = schedule
        self._stop = threading.Event()

    def run(self) -> None:
        # Named here, in the process that runs the jobs (the reloader forks a child).
        self.worker_id = runner.worker_id()
        runner.WORKER["id"] = self.worker_id
        started_at = now()
        housekeeping.beat(self.worker_id, started_at)
        thread = threading.Thread(
            target=self._housekeeping, args=(started_at,), name="housekeeping", daemon=True
        )
        thread.start()
        try:
            super().run()
        finally:
            self._stop.set()
            thread.join(timeout=self.tick * 2)
            with contextlib.suppress(DatabaseError):
                housekeeping.forget(self.worker_id)

    def _housekeeping(self, started_at: Any) -> None:
        try:
            while not self._stop.is_set():
                try:
                    housekeeping.beat(self.worker_id, started_at)
                    housekeeping.recover()
                    if self.schedule:
                        housekeeping.enqueue_due()
                except DatabaseError as error:
                    # SQLite: an import holds the write lock; try again next tick.
                    log.info("housekeeping skipped a tick: %s", error)
                self._stop.wait(self.tick)
        finally:
            connections.close_all()


class Command(db_worker.Command):
    help = "Run the background jobs and the schedule (imports, tallies, daily records)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="do not enqueue the periodic jobs from this worker",
        )
        parser.add_argument(
            "--tick", type=float, default=TICK_SECONDS, help="seconds between housekeeping"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schedule = options.pop("schedule")
        tick = options.pop("tick")
        original = db_worker.Worker

        def build(**worker_options: Any) -> Worker:
            return Worker(tick=tick, schedule=schedule, **worker_options)

        db_worker.Worker = build  # type: ignore[assignment,misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
