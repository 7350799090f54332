"""`/healthz`: whether the database answers and the queue moves. No login, no data: counts
of jobs and workers only, for the proxy, systemd and the monitoring."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tyonjako.common.clock import now

from .housekeeping import dead_workers
from .models import Job, JobState, WorkerBeat

# A job waiting longer than this with no live worker makes the queue "stalled".
STALLED_AFTER_SECONDS = 300


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "queue": queue_state()})


def queue_state() -> dict[str, Any]:
    workers = set(WorkerBeat.objects.values_list("worker_id", flat=True))
    alive = len(workers - dead_workers(workers))
    queued = Job.objects.filter(state=JobState.QUEUED)
    oldest = queued.order_by("created_at").values_list("created_at", flat=True).first()
    waiting = int((now() - oldest).total_seconds()) if oldest else 0
    return {
        "workers": alive,
        "queued": queued.count(),
        "running": Job.objects.filter(state=JobState.RUNNING).count(),
        "failed_last_day": Job.objects.filter(
            state=JobState.FAILED, finished_at__gte=now() - dt.timedelta(days=1)
        ).count(),
        "oldest_queued_seconds": waiting,
        "state": "stalled" if waiting > STALLED_AFTER_SECONDS and not alive else "ok",
    }
