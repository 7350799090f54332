"""`tyonjako demo`: a reproducible demo wellbeing area in an empty database."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from tyonjako.caseload.compliance_db import record_snapshot, team_findings
from tyonjako.caseload.models import Assignment, AssignmentKind
from tyonjako.clients.models import Client, ClientStatus, Employment, Gender
from tyonjako.common.clock import today
from tyonjako.organisation.loader import load_records
from tyonjako.organisation.models import Team, Worker

from .assessments import DemoDecision, create_assessments
from .encounters import create_encounters
from .organisation import (
    DEMO_PASSWORD,
    DEMO_USERS,
    HOSPITAL_WARDS,
    SERVICE_AREAS,
    organisation_records,
)
from .pilots import create_pilot
from .staffing import create_staffing
from .surveys import create_surveys

SEED = 2023
CLIENTS_PER_ADULT_TEAM = 300
CLIENTS_PER_WARD = 100


@dataclass(frozen=True)
class DemoSummary:
    workers: int
    clients: int
    assignments: int
    encounters: int


class DemoRefused(RuntimeError):
    pass


def build_demo(*, day: dt.date | None = None) -> DemoSummary:
    if Client.objects.exists() or Team.objects.exists():
        raise DemoRefused("the database is not empty; the demo fills only an empty database")
    day = day or today()
    rng = random.Random(SEED)
    with transaction.atomic():
        load_records(organisation_records(rng, (day - dt.timedelta(days=3 * 365)).isoformat()))
        _set_demo_passwords()
        clients = _clients(rng, day)
        staff = _client_workers_by_team()
        decisions = create_assessments(rng, clients, staff, day)
        assignments = _assignments(rng, clients, staff, decisions, day)
        encounters = create_encounters(rng, day)
        teams = list(Team.objects.all())
        record_snapshot(team_findings([team.pk for team in teams], day), teams, day)
        create_surveys(rng, day)  # before the pilot, whose checkpoints freeze survey results
        create_pilot(day)
        create_staffing(day)
        _precounted_tables()
    return DemoSummary(Worker.objects.count(), len(clients), assignments, encounters)


def _precounted_tables() -> None:
    """Seed 001's published site tables, for the comparison (aggregates only)."""
    from tyonjako.encounters.actions import load_precounted_tables
    from tyonjako.encounters.precounted import parse_tables

    path = Path(__file__).resolve().parent / "data" / "precounted-seed-001.yaml"
    load_precounted_tables(parse_tables(path.read_text(encoding="utf-8")), by=None)


def _set_demo_passwords() -> None:
    user_model = get_user_model()
    for demo_user in DEMO_USERS:
        user = user_model.objects.get(username=demo_user.username)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = demo_user.role == "admin"
        user.is_superuser = demo_user.role == "admin"
        user.save()


def _team_profile(team: Team) -> tuple[float, tuple[str, ...]]:
    """Share of Swedish speakers and municipalities for a team's clients."""
    for code, _fi, _sv, _en, share, municipalities in SERVICE_AREAS:
        if team.code.startswith(code):
            return share, municipalities
    return 0.25, ("905", "499", "475")


def _clients(rng: random.Random, day: dt.date) -> list[Client]:
    ward_codes = {code for code, *_ in HOSPITAL_WARDS}
    clients: list[Client] = []
    serial = 100000
    for team in Team.objects.order_by("code"):
        share, municipalities = _team_profile(team)
        count = CLIENTS_PER_WARD if team.code in ward_codes else CLIENTS_PER_ADULT_TEAM
        low, high = team.age_min or 18, team.age_max or 90
        for _ in range(count):
            serial += 1
            age = rng.randint(low, high)
            pending = day - dt.timedelta(days=int(rng.triangular(0, 720, 30)))
            closed = rng.random() < 0.12
            clients.append(
                Client(
                    key=f"AS-{serial}",
                    birth_year=day.year - age,
                    gender=rng.choices(
                        [Gender.FEMALE, Gender.MALE, Gender.OTHER, Gender.UNKNOWN], [47, 49, 1, 3]
                    )[0],
                    language="sv"
                    if rng.random() < share
                    else ("other" if rng.random() < 0.04 else "fi"),
                    municipality=rng.choice(municipalities),
                    employment=_employment(rng, age),
                    team=team,
                    status=ClientStatus.CLOSED if closed else ClientStatus.ACTIVE,
                    pending_since=pending,
                    closed_on=min(day, pending + dt.timedelta(days=rng.randint(20, 300)))
                    if closed
                    else None,
                )
            )
    return Client.objects.bulk_create(clients, batch_size=500)


def _employment(rng: random.Random, age: int) -> str:
    if age < 25:
        options = [
            Employment.STUDENT,
            Employment.UNEMPLOYED,
            Employment.EMPLOYED,
            Employment.PARENTAL_LEAVE,
        ]
        return rng.choices(options, [30, 45, 15, 10])[0]
    if age >= 65:
        return Employment.RETIRED
    options = [
        Employment.UNEMPLOYED,
        Employment.EMPLOYED,
        Employment.SICK_LEAVE,
        Employment.RETIRED,
        Employment.OTHER,
        Employment.UNKNOWN,
    ]
    return rng.choices(options, [45, 20, 12, 8, 5, 10])[0]


def _client_workers_by_team() -> dict[int, list[Worker]]:
    by_team: dict[int, list[Worker]] = {}
    workers = Worker.objects.filter(role__in=["counsellor", "social_worker"]).select_related("user")
    for worker in workers.prefetch_related("memberships"):
        for membership in worker.memberships.all():
            by_team.setdefault(membership.team_id, []).append(worker)
    return by_team


def _main_role(rng: random.Random, decision: DemoDecision | None) -> str:
    """Mostly what the decision asks for; about one in twelve not, as in real life."""
    wanted = decision.personal_worker if decision else "either"
    if wanted == "either" or rng.random() < 0.08:
        return "social_worker" if rng.random() < 0.45 else "counsellor"
    return wanted


def _assignments(
    rng: random.Random,
    clients: list[Client],
    staff: dict[int, list[Worker]],
    decisions: dict[int, DemoDecision],
    day: dt.date,
) -> int:
    rows: list[Assignment] = []
    for client in clients:
        # Some recent contacts wait in the intake queue without a personal worker.
        recent = (day - client.pending_since).days < 60
        if client.status == ClientStatus.ACTIVE and recent and rng.random() < 0.5:
            continue
        team_staff = staff.get(client.team_id, [])
        start = client.pending_since + dt.timedelta(days=rng.randint(1, 14))
        if start > day or not team_staff:
            continue
        decision = decisions.get(client.pk)
        role = _main_role(rng, decision)
        social_workers = [w for w in team_staff if w.role == "social_worker"]
        candidates = [w for w in team_staff if w.role == role] or social_workers
        speakers = [w for w in candidates if client.language in w.languages]
        # Leads mostly match languages; a few mismatches remain, as in real life.
        main = rng.choice(speakers if speakers and rng.random() < 0.85 else candidates)
        rows.append(
            Assignment(
                client=client,
                worker=main,
                kind=AssignmentKind.PERSONAL_WORKER,
                start=start,
                end=client.closed_on,
                reason="demo",
            )
        )
        wants_pair = decision.pair_required if decision else rng.random() < 0.3
        if main.role == "counsellor" and wants_pair and rng.random() < 0.9:
            rows.append(
                Assignment(
                    client=client,
                    worker=rng.choice(social_workers),
                    kind=AssignmentKind.PAIR,
                    start=start,
                    end=client.closed_on,
                    reason="demo",
                )
            )
    Assignment.objects.bulk_create(rows, batch_size=500)
    return len(rows)
