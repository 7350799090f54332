"""From the database to the plain facts the caseload rules read.

A few set-based queries per team, never one per client, so that a compliance
run over 100 000 clients stays within seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count

from tyonjako.assessments.models import Assessment, AssessmentStatus
from tyonjako.clients.models import Client, ClientStatus
from tyonjako.organisation.choices import Licence
from tyonjako.organisation.models import Worker

from .models import Assignment, AssignmentKind, SegmentWeight
from .rules.facts import (
    ASSESSMENT_STATES,
    NO_PERSONAL_WORKER,
    CaseloadWeights,
    ClientFacts,
    WorkerFacts,
)

DECIDED = {AssessmentStatus.AWAITING_CONFIRMATION, AssessmentStatus.COMPLETED}


def _rule_profession(worker: Worker) -> str:
    profession = worker.profession
    if profession in ("social_worker", "counsellor"):
        return str(profession)
    return "health_care" if worker.licence == Licence.HEALTH_CARE else "other"


def worker_facts(workers: Iterable[Worker], day: dt.date) -> dict[int, WorkerFacts]:
    """Facts of workers whose memberships are prefetched (`memberships__team`)."""
    return {
        worker.pk: WorkerFacts(
            id=worker.pk,
            name=str(worker),
            profession=_rule_profession(worker),
            languages=frozenset(worker.languages),
            fte=float(worker.fte),
            team_codes=frozenset(
                m.team.code for m in worker.memberships.all() if m.is_active_on(day)
            ),
            active=worker.is_active,
            public_office=worker.public_office,
            does_client_work=worker.does_client_work,
            area_codes=frozenset(
                m.team.unit.service_area.code
                for m in worker.memberships.all()
                if m.is_active_on(day)
            ),
        )
        for worker in workers
    }


def all_worker_facts(
    day: dt.date, team_ids: Iterable[int] | None = None, *, worker_ids: Iterable[int] | None = None
) -> dict[int, WorkerFacts]:
    workers = Worker.objects.select_related("user").prefetch_related(
        "memberships__team__unit__service_area"
    )
    if team_ids is not None:
        workers = workers.filter(memberships__team_id__in=list(team_ids)).distinct()
    if worker_ids is not None:
        workers = workers.filter(pk__in=list(worker_ids))
    return worker_facts(workers, day)


def weights_from_db() -> CaseloadWeights:
    stored = {row.segment: float(row.weight) for row in SegmentWeight.objects.all()}
    default = CaseloadWeights.default()
    segment: dict[str | None, float] = dict(default.segment)
    for name, weight in stored.items():
        segment[None if name == "none" else name] = weight
    return CaseloadWeights(segment=segment, pair_factor=default.pair_factor)


def _id_range(client_ids: list[int]) -> dict[str, Any]:
    """The chunk's clients as a filter. A dense chunk (a county-wide run) becomes an
    id range: thousands of IN parameters cost more to build and send than the few
    rows of other clients a range also brings (they are skipped). A sparse chunk
    (one team's clients among many) stays an IN list."""
    low, high = min(client_ids), max(client_ids)
    if high - low + 1 <= 3 * len(client_ids):
        return {"client_id__gte": low, "client_id__lte": high}
    return {"client_id__in": client_ids}


def _latest_assessments(
    client_ids: list[int],
) -> tuple[dict[int, dict[str, Any]], dict[int, dt.date]]:
    """The newest assessment of each client, and the day each client's first one was started."""
    latest: dict[int, dict[str, Any]] = {}
    started: dict[int, dt.date] = {}
    rows = (
        Assessment.objects.filter(**_id_range(client_ids))
        .order_by("client_id", "created_at", "id")
        .values(
            "client_id",
            "status",
            "special_support",
            "segment",
            "personal_worker",
            "pair_required",
            "created_at",
            "decided_at",
        )
    )
    # Plain evaluation, not .iterator(): a chunk is small, and PostgreSQL's
    # server-side cursors cost more than they save here.
    wanted = set(client_ids)
    for row in rows:
        if row["client_id"] not in wanted:
            continue
        started.setdefault(row["client_id"], row["created_at"].date())
        latest[row["client_id"]] = dict(row)
    return latest, started


def _assignments(
    client_ids: list[int],
) -> dict[int, list[tuple[int, str, dt.date, dt.date | None, str]]]:
    """Every assignment of the clients, open or ended: (worker, kind, start, end, justification)."""
    by_client: dict[int, list[tuple[int, str, dt.date, dt.date | None, str]]] = defaultdict(list)
    wanted = set(client_ids)
    rows = Assignment.objects.filter(**_id_range(client_ids)).values_list(
        "client_id", "worker_id", "kind", "start", "end", "health_care_justification"
    )
    for client_id, *rest in rows:
        if client_id in wanted:
            by_client[client_id].append(tuple(rest))  # type: ignore[arg-type]
    return by_client


CLIENT_FIELDS = (
    "id",
    "key",
    "team__code",
    "team__unit__service_area__code",
    "team__age_min",
    "team__age_max",
    "birth_year",
    "language",
    "pending_since",
    "assessment_start_by",
)


def _row_of(client: Client) -> dict[str, Any]:
    return {
        "id": client.pk,
        "key": client.key,
        "team__code": client.team.code,
        "team__unit__service_area__code": client.team.unit.service_area.code,
        "team__age_min": client.team.age_min,
        "team__age_max": client.team.age_max,
        "birth_year": client.birth_year,
        "language": client.language,
        "pending_since": client.pending_since,
        "assessment_start_by": client.assessment_start_by,
    }


def client_facts(
    clients: Iterable[Client], day: dt.date, workers: dict[int, WorkerFacts]
) -> Iterator[ClientFacts]:
    """Facts for the given clients (`select_related("team")`)."""
    return facts_for_rows((_row_of(client) for client in clients), day, workers)


def facts_for_rows(
    rows: Iterable[dict[str, Any]], day: dt.date, workers: dict[int, WorkerFacts]
) -> Iterator[ClientFacts]:
    """Facts for client rows (as `active_client_rows` gives them), a chunk of queries at a time."""
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from _chunk_facts(chunk, day, workers)
            chunk = []
    if chunk:
        yield from _chunk_facts(chunk, day, workers)


CHUNK = 5000


def _chunk_facts(
    chunk: list[dict[str, Any]], day: dt.date, workers: dict[int, WorkerFacts]
) -> Iterator[ClientFacts]:
    ids = [row["id"] for row in chunk]
    latest, started = _latest_assessments(ids)
    assignments = _assignments(ids)
    for row in chunk:
        yield _facts_of(
            row,
            latest.get(row["id"]),
            started.get(row["id"]),
            assignments.get(row["id"], []),
            workers,
            day,
        )


def _facts_of(
    client: dict[str, Any],
    assessment: dict[str, Any] | None,
    started_on: dt.date | None,
    assignments: list[tuple[int, str, dt.date, dt.date | None, str]],
    workers: dict[int, WorkerFacts],
    day: dt.date,
) -> ClientFacts:
    open_ones = [a for a in assignments if a[2] <= day and (a[3] is None or a[3] >= day)]
    personal = next((a for a in open_ones if a[1] == AssignmentKind.PERSONAL_WORKER), None)
    pairs = tuple(
        workers[a[0]] for a in open_ones if a[1] == AssignmentKind.PAIR and a[0] in workers
    )
    decided = assessment is not None and assessment["status"] in DECIDED
    state = "none" if assessment is None else str(assessment["status"])
    if state == AssessmentStatus.COMPLETED:
        state = "decided"
    if state not in ASSESSMENT_STATES:
        state = "recommended"
    use = assessment if decided else None
    unnecessary = bool(use and use["personal_worker"] == NO_PERSONAL_WORKER)
    return ClientFacts(
        id=client["id"],
        key=client["key"],
        team_code=client["team__code"],
        area_code=client.get("team__unit__service_area__code") or "",
        birth_year=client.get("birth_year"),
        team_age_min=client.get("team__age_min"),
        team_age_max=client.get("team__age_max"),
        language=client["language"],
        pending_since=client["pending_since"],
        special_support=use["special_support"] if use else None,
        segment=(use["segment"] or None) if use else None,
        required_professional=(use["personal_worker"] or None) if use and not unnecessary else None,
        pair_required=use["pair_required"] if use else None,
        assessment_state=state,
        assessment_started_on=started_on,
        assessment_decided_on=use["decided_at"].date() if use and use["decided_at"] else None,
        assessment_start_deadline=client["assessment_start_by"],
        personal_worker=workers.get(personal[0]) if personal else None,
        personal_worker_since=personal[2] if personal else None,
        health_care_justification=bool(personal and personal[4]),
        pairs=pairs,
        earlier_worker_ids=frozenset(a[0] for a in assignments),
        # A self-service client gets advice, not a personal worker; and §42 lets a
        # decision say a personal worker is clearly unnecessary (with a reason).
        needs_personal_worker=not (use and (use["segment"] == "self_service" or unnecessary)),
    )


def active_client_rows(team_ids: Iterable[int] | None = None) -> Any:
    clients = Client.objects.filter(status=ClientStatus.ACTIVE).order_by("pk")
    if team_ids is not None:
        clients = clients.filter(team_id__in=list(team_ids))
    return clients.values(*CLIENT_FIELDS)


def load_rows(
    day: dt.date, worker_ids: Iterable[int] | None = None
) -> list[tuple[int, str | None, str]]:
    """(worker id, client's decided segment, kind) of every open assignment: input of the loads."""
    assignments = Assignment.objects.active_on(day).filter(client__status=ClientStatus.ACTIVE)
    if worker_ids is not None:
        assignments = assignments.filter(worker_id__in=list(worker_ids))
    # Counted in the database: a team of 50 has some 10 000 open assignments,
    # but only a few hundred (worker, segment, kind) groups.
    groups = (
        assignments.values_list("worker_id", "client__segment", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        (worker_id, segment or None, kind)
        for worker_id, segment, kind, n in groups
        for _ in range(n)
    ]
