"""Plain inputs of the caseload rules: what the rules know about workers and clients.

The Django layer builds these from the database; the rules never touch it.
Everything here is immutable, so one set of facts can be checked, ranked and
cached without copying.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

# The professions are defined once (common/professions.py).
from tyonjako.common.professions import COUNSELLOR as COUNSELLOR
from tyonjako.common.professions import OTHER as OTHER
from tyonjako.common.professions import SOCIAL_WORKER as SOCIAL_WORKER

Texts = dict[str, str]
"""Text per language code, e.g. ``{"fi": ..., "sv": ..., "en": ...}``."""

LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
"""Languages every text of this package exists in."""

# Professions (WorkerFacts.profession): common/professions.py's, and a health-care
# professional (a licence, not a job title) who may pair on a health social work ward.
HEALTH_CARE = "health_care"
PROFESSIONS: tuple[str, ...] = (SOCIAL_WORKER, COUNSELLOR, HEALTH_CARE, OTHER)

# Required professional from the decided assessment (ClientFacts.required_professional).
EITHER = "either"

# Segments (ClientFacts.segment); ``None`` means not yet assessed.
CARE = "care"
COOPERATION = "cooperation"
GUIDANCE = "guidance"
SELF_SERVICE = "self_service"
SEGMENTS: tuple[str, ...] = (CARE, COOPERATION, GUIDANCE, SELF_SERVICE)

# Assessment states (ClientFacts.assessment_state).
# "awaiting_confirmation": decided, but a social worker in public office has yet to
# confirm it (§36/§42); the decision's values already apply.
ASSESSMENT_STATES: tuple[str, ...] = (
    "none",
    "draft",
    "recommended",
    "awaiting_confirmation",
    "decided",
)
DECIDED = "decided"
AWAITING_CONFIRMATION = "awaiting_confirmation"
#: States whose decision applies to the client (the findings read it).
DECISION_APPLIES = (AWAITING_CONFIRMATION, DECIDED)
#: The decided personal worker when §42 lets it be left out ("clearly unnecessary").
NO_PERSONAL_WORKER = "unnecessary"

# Assignment kinds / suggestion roles.
PERSONAL_WORKER = "personal_worker"
PAIR = "pair"
ROLES: tuple[str, ...] = (PERSONAL_WORKER, PAIR)


@dataclass(frozen=True)
class WorkerFacts:
    """One worker as the rules see them."""

    id: int
    name: str
    profession: str  # "social_worker" | "counsellor" | "health_care" | "other"
    languages: frozenset[str]
    fte: float  # 1.0 = full time
    team_codes: frozenset[str]
    active: bool
    public_office: bool
    # Service areas of the worker's teams: a cross-team pair is suggested from the
    # client's service area before the rest of the county.
    area_codes: frozenset[str] = frozenset()
    # Set in the organisation file; a worker without client work is never suggested.
    does_client_work: bool = True

    @property
    def is_social_worker(self) -> bool:
        return self.profession == SOCIAL_WORKER


@dataclass(frozen=True)
class ClientFacts:
    """One client, their assessment state and their current workers."""

    id: int
    key: str
    team_code: str
    language: str  # "fi" | "sv" | "other"
    pending_since: date
    special_support: bool | None
    segment: str | None  # "care" | "cooperation" | "guidance" | "self_service" | None
    required_professional: str | None  # "social_worker" | "counsellor" | "either" | None
    pair_required: bool | None
    assessment_state: str  # one of ASSESSMENT_STATES
    assessment_started_on: date | None
    assessment_decided_on: date | None
    assessment_start_deadline: date | None
    personal_worker: WorkerFacts | None
    personal_worker_since: date | None
    health_care_justification: bool
    pairs: tuple[WorkerFacts, ...]
    earlier_worker_ids: frozenset[int]
    needs_personal_worker: bool = True
    area_code: str = ""  # the service area of the client's team
    birth_year: int | None = None
    team_age_min: int | None = None  # the age group of the client's team, if it has one
    team_age_max: int | None = None

    @property
    def has_social_worker(self) -> bool:
        """A social worker does client work: as the personal worker or as a pair."""
        if self.personal_worker is not None and self.personal_worker.is_social_worker:
            return True
        return any(pair.is_social_worker for pair in self.pairs)


def _default_segment_weights() -> Mapping[str | None, float]:
    return MappingProxyType(
        {CARE: 3.0, COOPERATION: 2.0, GUIDANCE: 1.0, SELF_SERVICE: 0.5, None: 1.0}
    )


@dataclass(frozen=True)
class CaseloadWeights:
    """How much one client weighs in a worker's caseload.

    These defaults are this project's assumption, not law: no statutory
    caseload ratio for adult social work was found (child welfare has 30
    children per social worker). Counties configure their own.

    ``segment[None]`` is the weight of a client not yet assessed, and also of
    a segment code this mapping does not know. A pair assignment counts
    ``pair_factor`` times the segment weight.
    """

    segment: Mapping[str | None, float] = field(default_factory=_default_segment_weights)
    pair_factor: float = 0.5

    def __post_init__(self) -> None:
        if None not in self.segment:
            raise ValueError("segment weights need a weight for None (not yet assessed)")
        if any(weight < 0 for weight in self.segment.values()) or self.pair_factor < 0:
            raise ValueError("caseload weights must not be negative")

    @classmethod
    def default(cls) -> CaseloadWeights:
        """Care 3, cooperation 2, guidance 1, self-service 0.5, not assessed 1; pair 0.5."""
        return cls()

    def weight_of(self, segment: str | None, kind: str = PERSONAL_WORKER) -> float:
        """Weight of one assignment of ``kind`` to a client in ``segment``."""
        weight = self.segment.get(segment)
        if weight is None:
            weight = self.segment[None]
        return weight * self.pair_factor if kind == PAIR else weight
