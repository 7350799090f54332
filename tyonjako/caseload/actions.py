"""Assigning personal workers and work pairs. Each action runs in one
transaction, checks the rules first, writes nothing when it refuses, and
leaves an audit row (django-auditlog, with the acting user)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action
from tyonjako.clients.access import require_in_scope
from tyonjako.clients.models import Client
from tyonjako.common.clock import today
from tyonjako.organisation.models import Worker

from .facts_db import client_facts, worker_facts
from .models import Assignment, AssignmentKind
from .rules import WorkerFacts, exclusion

if TYPE_CHECKING:
    from django.contrib.auth.models import User

UNCHANGED = -1
"""`expected_personal_worker` when the caller does not care what it was before."""


class AssignmentError(ValueError):
    """A refused assignment; `field` names what to fix, `message` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class AssignmentConflict(AssignmentError):
    """Someone else changed the client's workers between reading and writing."""


def _exclusion_message(code: str) -> str:
    messages = {
        "inactive": _("The worker is not active."),
        "other_team": _(
            "The worker is not a member of the client's team. From another team only a "
            "social worker in public office can be a work pair (Social Welfare Act §42)."
        ),
        "profession_not_allowed": _(
            "The routing result does not allow this profession for this role. A work pair "
            "is a social worker: a client who needs special support has a social worker "
            "as personal worker or as work pair (Social Welfare Act 1301/2014 §42)."
        ),
        "current_personal_worker": _("The worker is already the client's personal worker."),
        "already_pair": _("The worker is already the client's work pair."),
        "no_capacity": _("The worker has no working time (FTE 0)."),
    }
    return messages.get(code, code)


def _current_personal_worker(client: Client, day: dt.date) -> Assignment | None:
    return (
        Assignment.objects.active_on(day)
        .filter(client=client, kind=AssignmentKind.PERSONAL_WORKER)
        .select_for_update()
        .first()
    )


def assign(
    client: Client,
    worker: Worker,
    *,
    kind: str,
    by: User,
    start: dt.date | None = None,
    reason: str = "",
    justification: str = "",
    expected_personal_worker: int | None = UNCHANGED,
    replace: bool = False,
) -> Assignment:
    """Name a personal worker (ending the previous one) or add a work pair.

    `expected_personal_worker` is the personal worker's id the lead saw (None:
    none); if someone else changed it meanwhile, the assignment is refused.
    Replacing a current personal worker with another needs `replace=True` (the
    lead's confirmation, on the page and in the API): it is counted as a change of
    worker, and seed 004 asks to keep those few.
    """
    require_in_scope(by, client, Action.ASSIGN_WORKER)
    day = start or today()
    if kind not in AssignmentKind.values:
        raise AssignmentError("kind", _("Unknown kind of assignment."))
    with transaction.atomic(), set_actor(by):
        # Lock the client row: a second lead waits here and then sees the first one's result.
        locked = Client.objects.select_for_update().select_related("team").get(pk=client.pk)
        current = _current_personal_worker(locked, day)
        seen = current.worker_id if current else None
        if kind == AssignmentKind.PERSONAL_WORKER and expected_personal_worker not in (
            UNCHANGED,
            seen,
        ):
            raise AssignmentConflict(
                "worker",
                _(
                    "Someone else changed the personal worker a moment ago. "
                    "Reload the page and check the situation."
                ),
            )
        _check_eligible(locked, worker, kind, day, justification, reason)
        replaces = (
            kind == AssignmentKind.PERSONAL_WORKER
            and current is not None
            and current.worker_id != worker.pk
        )
        if replaces and not replace:
            raise AssignmentError(
                "replace",
                _(
                    "%(current)s is the personal worker now. Confirm the replacement: it is "
                    "counted as a change of worker, and changes should be few."
                )
                % {"current": current.worker if current else ""},
            )
        if kind == AssignmentKind.PERSONAL_WORKER and current is not None:
            current.end = max(current.start, day - dt.timedelta(days=1))
            current.end_reason = _("replaced")
            current.save(update_fields=["end", "end_reason"])
        try:
            with transaction.atomic():
                return Assignment.objects.create(
                    client=locked,
                    worker=worker,
                    kind=kind,
                    start=day,
                    reason=reason[:200],
                    health_care_justification=justification[:300],
                    assigned_by=by,
                )
        except IntegrityError:
            raise AssignmentConflict(
                "worker",
                _(
                    "Someone else assigned this client a moment ago. "
                    "Reload the page and check the situation."
                ),
            ) from None


def _check_eligible(
    client: Client, worker: Worker, kind: str, day: dt.date, justification: str, reason: str = ""
) -> None:
    workers = worker_facts(
        Worker.objects.filter(pk=worker.pk).prefetch_related(
            "memberships__team__unit__service_area"
        ),
        day,
    )
    facts = next(client_facts([client], day, workers | _client_workers(client, day)))
    candidate = workers[worker.pk]
    if candidate.profession == "health_care" and kind == AssignmentKind.PERSONAL_WORKER:
        # §42: a health-care professional may be the personal worker when the
        # client's service package justifies it; the justification is recorded.
        if not justification.strip():
            raise AssignmentError(
                "justification",
                _(
                    "A health-care professional as personal worker needs a "
                    "recorded justification (Social Welfare Act §42)."
                ),
            )
        if facts.required_professional == "social_worker":
            raise AssignmentError("worker", _exclusion_message("profession_not_allowed"))
        code = exclusion(candidate, facts, kind)
        if code is not None and code != "profession_not_allowed":
            raise AssignmentError("worker", _exclusion_message(code))
        return
    code = exclusion(candidate, facts, kind)
    if code is not None:
        raise AssignmentError("worker", _exclusion_message(code))
    if facts.team_code not in candidate.team_codes and not reason.strip():
        raise AssignmentError(
            "reason",
            _(
                "A social worker from another team may be the work pair (Social Welfare Act "
                "1301/2014 §42 sets no team boundary), but write why, for example that the "
                "team has no social worker free."
            ),
        )


def _client_workers(client: Client, day: dt.date) -> dict[int, WorkerFacts]:
    ids = (
        Assignment.objects.active_on(day).filter(client=client).values_list("worker_id", flat=True)
    )
    return worker_facts(
        Worker.objects.filter(pk__in=list(ids)).prefetch_related(
            "memberships__team__unit__service_area"
        ),
        day,
    )


def end_assignment(
    assignment: Assignment, *, end: dt.date, by: User, reason: str = ""
) -> Assignment:
    """End a personal-worker or pair assignment; the history stays."""
    require_in_scope(by, assignment.client, Action.ASSIGN_WORKER)
    if end < assignment.start:
        raise AssignmentError("end", _("The end cannot be before the start."))
    with transaction.atomic(), set_actor(by):
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.end is not None and locked.end <= end:
            raise AssignmentError("end", _("The assignment has already ended."))
        locked.end, locked.end_reason = end, reason[:200]
        locked.save(update_fields=["end", "end_reason"])
    return locked


def worker_changes(client: Client) -> int:
    """How many times the personal worker has changed (fewer changes serve the client)."""
    count = Assignment.objects.filter(client=client, kind=AssignmentKind.PERSONAL_WORKER).count()
    return max(0, count - 1)
