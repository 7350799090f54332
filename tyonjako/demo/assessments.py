"""Demo assessments: realistic answers routed by the shipped instrument, decided
by the team's workers, a minority overridden with a reason."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from tyonjako.assessments.actions import ensure_default_instrument
from tyonjako.assessments.engine import evaluate
from tyonjako.assessments.models import Assessment, AssessmentStatus, OverrideReason
from tyonjako.assessments.rules import Decision, may_confirm_special_support, override_direction
from tyonjako.clients.models import Client
from tyonjako.common.clock import HELSINKI
from tyonjako.organisation.models import Worker

GROUPS = (
    "stuck_at_home",
    "challenging_substance_mental",
    "challenging_behaviour",
    "eviction",
    "hoarding",
    "housing_service",
    "typ",
    "rehabilitative_work",
    "neuropsychiatric",
    "criminal_sanctions",
    "homeless",
)
OVERRIDE_SHARE = 0.12


@dataclass(frozen=True)
class DemoDecision:
    segment: str
    personal_worker: str
    pair_required: bool


def _answers(rng: random.Random, pending: dt.date) -> dict[str, Any]:
    heavy = rng.random() < 0.35
    return {
        "coping": rng.choices([1, 2, 3, 4], [15, 40, 30, 15] if heavy else [40, 40, 15, 5])[0],
        "functional_capacity": rng.choices(
            ["good", "moderate", "poor"], [20, 45, 35] if heavy else [55, 35, 10]
        )[0],
        "cognitive_or_mental": rng.random() < (0.45 if heavy else 0.1),
        "substance_or_addiction": rng.random() < (0.4 if heavy else 0.08),
        "multiple_needs": rng.random() < 0.4,
        "difficulty_seeking_services": rng.random() < (0.7 if heavy else 0.15),
        "coordination_need": rng.random() < 0.35,
        "commits_to_services": rng.random() < 0.65,
        "uses_digital_services": rng.random() < 0.5,
        "client_groups": rng.sample(GROUPS, rng.choices([0, 1, 2], [55, 35, 10])[0]),
        "pending_since": pending.isoformat(),
    }


def _override(rng: random.Random, recommended: Decision) -> tuple[Decision, str]:
    if recommended.personal_worker == "counsellor":
        return Decision(
            recommended.special_support, "cooperation", "either", True
        ), OverrideReason.MORE_COMPLEX
    if recommended.personal_worker == "either":
        return (
            Decision(
                recommended.special_support,
                recommended.segment,
                "social_worker",
                recommended.pair_required,
            ),
            rng.choice([OverrideReason.CONTINUITY, OverrideReason.MORE_COMPLEX]),
        )
    if recommended.special_support:
        return (
            Decision(True, "cooperation", "either", True),
            rng.choice(
                [OverrideReason.STAFFING, OverrideReason.CLIENT_WISH, OverrideReason.LANGUAGE]
            ),
        )
    return Decision(False, "guidance", "counsellor", False), OverrideReason.LIGHTER


def create_assessments(
    rng: random.Random, clients: list[Client], staff_by_team: dict[int, list[Worker]], day: dt.date
) -> dict[int, DemoDecision]:
    """Assess most clients pending for more than two weeks; returns the decision per client id."""
    version = ensure_default_instrument()
    instrument = version.instrument()
    rows: list[Assessment] = []
    decisions: dict[int, DemoDecision] = {}
    for client in clients:
        staff = staff_by_team.get(client.team_id)
        if not staff or (day - client.pending_since).days < 14 or rng.random() < 0.25:
            continue
        started = client.pending_since + dt.timedelta(days=rng.randint(1, 10))
        decided_on = min(day, started + dt.timedelta(days=rng.randint(0, 20)))
        answers = _answers(rng, client.pending_since)
        result = evaluate(instrument, answers, today=started)
        recommended = Decision(
            result.special_support, result.segment, result.personal_worker, result.pair_required
        )
        decided, reason = recommended, ""
        if rng.random() < OVERRIDE_SHARE:
            decided, reason = _override(rng, recommended)
        assessor = rng.choice(staff)
        confirmers = [w for w in staff if may_confirm_special_support(w.licence, w.public_office)]
        moment = dt.datetime.combine(decided_on, dt.time(10, 0), tzinfo=HELSINKI)
        rows.append(
            Assessment(
                client=client,
                version=version,
                status=AssessmentStatus.COMPLETED,
                answers=answers,
                result=result.to_dict(),
                rec_special_support=recommended.special_support,
                rec_segment=recommended.segment,
                rec_personal_worker=recommended.personal_worker,
                rec_pair_required=recommended.pair_required,
                special_support=decided.special_support,
                segment=decided.segment,
                personal_worker=decided.personal_worker,
                pair_required=decided.pair_required,
                is_override=decided != recommended,
                override_direction=override_direction(recommended, decided)
                if decided != recommended
                else "",
                override_reason=reason,
                assessed_by=assessor.user,
                decided_by=assessor.user,
                evaluated_at=moment,
                decided_at=moment,
                confirmed_by=rng.choice(confirmers)
                if decided.special_support and confirmers
                else None,
                confirmed_at=moment if decided.special_support and confirmers else None,
                created_at=dt.datetime.combine(started, dt.time(9, 0), tzinfo=HELSINKI),
            )
        )
        decisions[client.pk] = DemoDecision(
            decided.segment, decided.personal_worker, decided.pair_required
        )
    made = Assessment.objects.bulk_create(rows, batch_size=500)
    # auto_now_add stamped "now" on insert; the demo wants the historical start days.
    Assessment.objects.bulk_update(made, ["created_at"], batch_size=500)
    for segment in {d.segment for d in decisions.values()}:
        ids = [pk for pk, d in decisions.items() if d.segment == segment]
        Client.objects.filter(pk__in=ids).update(segment=segment)
    return decisions
