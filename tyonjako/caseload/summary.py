"""The figures on each role's home page.

One function computes them; the home page, the API (`/api/v1/me/summary/`)
and the command line (`tyonjako summary USERNAME`) all show its result, so
the numbers agree everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum

from tyonjako.access.policy import Action, sees_clients
from tyonjako.access.subject import Subject
from tyonjako.clients.models import Client, ClientStatus
from tyonjako.common.clock import today
from tyonjako.common.suppression import suppress_row
from tyonjako.organisation.models import Post, Worker
from tyonjako.organisation.scope import teams_in_scope

from .models import Assignment, AssignmentKind


def summary_for(subject: Subject, day: dt.date | None = None) -> dict[str, Any]:
    """Figures for the subject's role, as plain JSON-ready values."""
    day = day or today()
    figures: dict[str, Any] = {"role": subject.role, "date": day.isoformat()}
    if subject.role in {"counsellor", "social_worker"}:
        figures.update(_own_caseload(subject, day))
    if subject.can(Action.VIEW_CLIENT):
        figures.update(_clients_in_scope(subject, day))
    if subject.can(Action.ASSESS) and subject.user_id is not None:
        figures.update(_own_assessments(subject.user_id))
    if subject.role in {"lead", "director", "evaluator", "admin"}:
        figures["staff"] = _staff(subject, day)
    if subject.can(Action.VIEW_AGGREGATES) and not sees_clients(subject.role):
        figures["clients_by_team"] = _suppressed_clients_by_team(subject)
    return figures


def _active_clients() -> Any:
    return Client.objects.filter(status=ClientStatus.ACTIVE)


def _own_caseload(subject: Subject, day: dt.date) -> dict[str, int]:
    if subject.worker_id is None:
        return {"own_personal_worker_clients": 0, "own_pair_clients": 0}
    mine = Assignment.objects.active_on(day).filter(
        worker_id=subject.worker_id, client__status=ClientStatus.ACTIVE
    )
    return {
        "own_personal_worker_clients": mine.filter(kind=AssignmentKind.PERSONAL_WORKER).count(),
        "own_pair_clients": mine.filter(kind=AssignmentKind.PAIR).count(),
    }


def _own_assessments(user_id: int) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from tyonjako.assessments import worklists

    user = get_user_model().objects.get(pk=user_id)
    figures = {"my_drafts": worklists.my_drafts(user).count()}
    if worklists.confirms(user):
        figures["awaiting_my_confirmation"] = worklists.awaiting_my_confirmation(user).count()
    return figures


def _clients_in_scope(subject: Subject, day: dt.date) -> dict[str, int]:
    from tyonjako.clients.access import scope_q

    condition = scope_q(subject, Action.VIEW_CLIENT)
    clients = (
        _active_clients().filter(condition) if condition is not None else _active_clients().none()
    )
    # Correlated (NOT EXISTS), so that each client in scope is looked up by its own
    # assignments: `NOT IN (subquery)` read every assignment of the county each time.
    with_worker = Assignment.objects.active_on(day).filter(
        kind=AssignmentKind.PERSONAL_WORKER, client_id=OuterRef("pk")
    )
    week_ago = day - dt.timedelta(days=7)
    return {
        "clients_in_scope": clients.count(),
        "without_personal_worker": clients.exclude(Exists(with_worker)).count(),
        "new_last_7_days": clients.filter(pending_since__gt=week_ago).count(),
    }


def _staff(subject: Subject, day: dt.date) -> dict[str, Any]:
    teams = teams_in_scope(subject)
    workers = (
        Worker.objects.filter(
            is_active=True,
            memberships__team__in=teams,
            memberships__start__lte=day,
        )
        .filter(Q(memberships__end__isnull=True) | Q(memberships__end__gte=day))
        .distinct()
    )
    fte: dict[str, Decimal] = defaultdict(Decimal)
    heads: Counter[str] = Counter()
    for worker in workers:
        fte[worker.profession] += worker.fte
        heads[worker.profession] += 1
    posts = Post.objects.filter(
        Q(team__in=teams) | Q(team__isnull=True, unit__teams__in=teams)
    ).distinct()
    open_posts = posts.filter(holder__isnull=True)
    return {
        "workers": sum(heads.values()),
        "fte_by_profession": {
            key: str(value.quantize(Decimal("0.01"))) for key, value in sorted(fte.items())
        },
        "workers_by_profession": dict(sorted(heads.items())),
        "open_posts": open_posts.count(),
        "open_fte": str(
            (open_posts.aggregate(total=Sum("fte"))["total"] or Decimal(0)).quantize(
                Decimal("0.01")
            )
        ),
    }


def _suppressed_clients_by_team(subject: Subject) -> dict[str, Any]:
    """Active clients per team in the subject's aggregate scope, small cells hidden."""
    teams = teams_in_scope(subject)
    counts = dict.fromkeys(teams.values_list("code", flat=True), 0)
    # From the (team, status) index: counting through a join read every client row.
    counts.update(
        Client.objects.filter(team__in=teams, status=ClientStatus.ACTIVE)
        .values_list("team__code")
        .annotate(n=Count("id"))
        .values_list("team__code", "n")
    )
    row = suppress_row(counts, settings.SMALL_CELL_THRESHOLD)
    return {"cells": row.shown, "total": row.shown_total, "threshold": row.threshold}
