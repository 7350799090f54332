"""Builders for worker and client facts with sensible defaults."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from tyonjako.caseload.rules import ClientFacts, WorkerFacts

TEAM = "A"
PENDING = date(2026, 3, 2)  # a Monday


def worker(
    id: int = 1,
    *,
    name: str | None = None,
    profession: str = "social_worker",
    languages: Iterable[str] = ("fi",),
    fte: float = 1.0,
    teams: Iterable[str] = (TEAM,),
    active: bool = True,
    public_office: bool = True,
    areas: Iterable[str] = (),
) -> WorkerFacts:
    return WorkerFacts(
        id=id,
        name=name if name is not None else f"Worker {id:03d}",
        profession=profession,
        languages=frozenset(languages),
        fte=fte,
        team_codes=frozenset(teams),
        active=active,
        public_office=public_office,
        area_codes=frozenset(areas),
    )


def client(**changes: Any) -> ClientFacts:
    """A Finnish-speaking client of team A, not assessed, without workers."""
    values: dict[str, Any] = {
        "id": 100,
        "key": "A-0100",
        "team_code": TEAM,
        "language": "fi",
        "pending_since": PENDING,
        "special_support": None,
        "segment": None,
        "required_professional": None,
        "pair_required": None,
        "assessment_state": "none",
        "assessment_started_on": None,
        "assessment_decided_on": None,
        "assessment_start_deadline": None,
        "personal_worker": None,
        "personal_worker_since": None,
        "health_care_justification": False,
        "pairs": (),
        "earlier_worker_ids": frozenset(),
        "needs_personal_worker": True,
    }
    values.update(changes)
    return ClientFacts(**values)


def decided(**changes: Any) -> ClientFacts:
    """A client whose assessment was decided on 9.3.2026 and started on 3.3.2026."""
    values: dict[str, Any] = {
        "assessment_state": "decided",
        "assessment_started_on": date(2026, 3, 3),
        "assessment_decided_on": date(2026, 3, 9),
        "special_support": False,
        "segment": "cooperation",
        "required_professional": "either",
        "pair_required": False,
    }
    values.update(changes)
    return client(**values)


SW = worker(1, name="Saara Sosiaalityöntekijä", profession="social_worker")
SO = worker(2, name="Olli Ohjaaja", profession="counsellor")
HC = worker(3, name="Terhi Terveydenhoitaja", profession="health_care")
OTHER = worker(4, name="Matti Muu", profession="other")
SW_SV = worker(5, name="Sara Socialarbetare", profession="social_worker", languages=("sv",))
