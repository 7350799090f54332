"""From the database to the plain facts the caseload rules read.

A few set-based queries per team, never one per client, so that a compliance
run over 100 000 clients stays within seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q

from tyonjako.assessments.models import Assessment, AssessmentStatus
from tyonjako.clients.models import Client, ClientStatus
from tyonjako.organisation.choices import Licence
from tyonjako.organisation.models import Worker

from .models import Assignment, AssignmentKind, SegmentWeight
from .rules.facts import CaseloadWeights, ClientFacts, WorkerFacts

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
        )
        for worker in workers
    }


def all_worker_facts(day: dt.date, team_ids: Iterable[int] | None = None) -> dict[int, WorkerFacts]:
    workers = Worker.objects.select_related("user").prefetch_related("memberships__team")
    if team_ids is not None:
        workers = workers.filter(memberships__team_id__in=list(team_ids)).distinct()
    return worker_facts(workers, day)


def weights_from_db() -> CaseloadWeights:
    stored = {row.segment: float(row.weight) for row in SegmentWeight.objects.all()}
    default = CaseloadWeights.default()
    segment: dict[str | None, float] = dict(default.segment)
    for name, weight in stored.items():
        segment[None if name == "none" else name] = weight
    return CaseloadWeights(segment=segment, pair_factor=default.pair_factor)


def _latest_assessments(
    client_ids: list[int],
) -> tuple[dict[int, dict[str, Any]], dict[int, dt.date]]:
    """The newest assessment of each client, and the day each client's first one was started."""
    latest: dict[int, dict[str, Any]] = {}
    started: dict[int, dt.date] = {}
    rows = (
        Assessment.objects.filter(client_id__in=client_ids)
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
            "result",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        started.setdefault(row["client_id"], row["created_at"].date())
        latest[row["client_id"]] = dict(row)
    return latest, started


def _open_assignments(client_ids: list[int], day: dt.date) -> dict[int, list[dict[str, Any]]]:
    by_client: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(client_id__in=client_ids, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .values("client_id", "worker_id", "kind", "start", "health_care_justification")
    )
    for row in rows.iterator(chunk_size=5000):
        by_client[row["client_id"]].append(dict(row))
    return by_client


def _earlier_workers(client_ids: list[int]) -> dict[int, set[int]]:
    earlier: dict[int, set[int]] = defaultdict(set)
    for client_id, worker_id in (
        Assignment.objects.filter(client_id__in=client_ids)
        .values_list("client_id", "worker_id")
        .iterator(chunk_size=5000)
    ):
        earlier[client_id].add(worker_id)
    return earlier


def client_facts(
    clients: Iterable[Client], day: dt.date, workers: dict[int, WorkerFacts]
) -> Iterator[ClientFacts]:
    """Facts for the given clients (`select_related("team")`), in chunks."""
    chunk: list[Client] = []
    for client in clients:
        chunk.append(client)
        if len(chunk) >= 5000:
            yield from _chunk_facts(chunk, day, workers)
            chunk = []
    if chunk:
        yield from _chunk_facts(chunk, day, workers)


def _chunk_facts(
    chunk: list[Client], day: dt.date, workers: dict[int, WorkerFacts]
) -> Iterator[ClientFacts]:
    ids = [client.pk for client in chunk]
    latest, started = _latest_assessments(ids)
    assignments = _open_assignments(ids, day)
    earlier = _earlier_workers(ids)
    for client in chunk:
        yield _facts_of(
            client,
            latest.get(client.pk),
            started.get(client.pk),
            assignments.get(client.pk, []),
            earlier.get(client.pk, set()),
            workers,
        )


def _facts_of(
    client: Client,
    assessment: dict[str, Any] | None,
    started_on: dt.date | None,
    assignments: list[dict[str, Any]],
    earlier: set[int],
    workers: dict[int, WorkerFacts],
) -> ClientFacts:
    personal = next((a for a in assignments if a["kind"] == AssignmentKind.PERSONAL_WORKER), None)
    pairs = tuple(
        workers[a["worker_id"]]
        for a in assignments
        if a["kind"] == AssignmentKind.PAIR and a["worker_id"] in workers
    )
    decided = assessment is not None and assessment["status"] in DECIDED
    state = "none" if assessment is None else ("decided" if decided else str(assessment["status"]))
    if state not in ("none", "draft", "recommended", "decided"):
        state = "recommended"
    return ClientFacts(
        id=client.pk,
        key=client.key,
        team_code=client.team.code,
        language=client.language,
        pending_since=client.pending_since,
        special_support=assessment["special_support"] if decided and assessment else None,
        segment=(assessment["segment"] or None) if decided and assessment else None,
        required_professional=(assessment["personal_worker"] or None)
        if decided and assessment
        else None,
        pair_required=assessment["pair_required"] if decided and assessment else None,
        assessment_state=state,
        assessment_started_on=started_on,
        assessment_decided_on=assessment["decided_at"].date()
        if decided and assessment and assessment["decided_at"]
        else None,
        assessment_start_deadline=client.assessment_start_by,
        personal_worker=workers.get(personal["worker_id"]) if personal else None,
        personal_worker_since=personal["start"] if personal else None,
        health_care_justification=bool(personal and personal["health_care_justification"]),
        pairs=pairs,
        earlier_worker_ids=frozenset(earlier),
        # A self-service client gets advice, not a personal worker (§42 "clearly unnecessary").
        needs_personal_worker=not (
            decided and assessment and assessment["segment"] == "self_service"
        ),
    )


def active_clients(team_ids: Iterable[int] | None = None) -> Any:
    clients = (
        Client.objects.filter(status=ClientStatus.ACTIVE).select_related("team").order_by("pk")
    )
    if team_ids is not None:
        clients = clients.filter(team_id__in=list(team_ids))
    return clients


def load_rows(
    day: dt.date, worker_ids: Iterable[int] | None = None
) -> list[tuple[int, str | None, str]]:
    """(worker id, client's decided segment, kind) of every open assignment: input of the loads."""
    assignments = Assignment.objects.active_on(day).filter(client__status=ClientStatus.ACTIVE)
    if worker_ids is not None:
        assignments = assignments.filter(worker_id__in=list(worker_ids))
    segments = _decided_segments(assignments.values_list("client_id", flat=True))
    return [
        (worker_id, segments.get(client_id), kind)
        for worker_id, client_id, kind in assignments.values_list("worker_id", "client_id", "kind")
    ]


def _decided_segments(client_ids: Any) -> dict[int, str]:
    segments: dict[int, str] = {}
    rows = (
        Assessment.objects.filter(client_id__in=client_ids, status__in=DECIDED)
        .order_by("client_id", "created_at", "id")
        .values_list("client_id", "segment")
    )
    for client_id, segment in rows.iterator(chunk_size=5000):
        segments[client_id] = segment
    return segments
