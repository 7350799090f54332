"""A worker's own clients (as personal worker or as pair), and who is whose personal worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from .models import Assignment, AssignmentKind


def my_client_ids(worker_id: int, kinds: Iterable[str], day: dt.date) -> QuerySet[Assignment, Any]:
    """The ids of the clients the worker serves on the day in any of these kinds (a subquery)."""
    return (
        Assignment.objects.active_on(day)
        .filter(worker_id=worker_id, kind__in=list(kinds))
        .values("client_id")
    )


def personal_worker_names(client_ids: Sequence[int], day: dt.date) -> dict[int, str]:
    """Client id → the current personal worker's name, for the rows shown on one page."""
    rows = (
        Assignment.objects.active_on(day)
        .filter(client_id__in=list(client_ids), kind=AssignmentKind.PERSONAL_WORKER)
        .select_related("worker__user")
    )
    return {row.client_id: str(row.worker) for row in rows}
