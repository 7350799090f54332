"""Who should take this client? Eligibility, caseload and a ranked, explained list.

Caseload is measured in *weighted clients per FTE*: every personal-worker
assignment counts its segment's weight, every pair assignment that weight
times ``pair_factor``, and the sum is divided by the worker's FTE
(:func:`weighted_loads`). The weights are this project's assumption, not law.

:func:`suggest_workers` drops ineligible workers (each with a reason code),
scores the rest and returns the best ``limit`` with their reasons. The score
is the worker's load minus bonuses, in the same unit (weighted clients per
FTE), so a bonus reads as "worth this many weighted clients":

* :data:`LANGUAGE_BONUS` (5) when the worker speaks the client's language
  (Finnish or Swedish; clients are served in the language they choose),
* :data:`CONTINUITY_BONUS` (3) when the worker has worked with the client
  before (fewer worker changes serve the client).

Two things come before the score, as hard requirements:

* the client's language (Finnish or Swedish): every worker who speaks it ranks
  above every worker who does not, and the latter are marked
  (:data:`DOES_NOT_SPEAK_LANGUAGE`);
* for a work pair, nearness: a social worker in public office from any team of
  the county may be the pair (§42 sets no team boundary), listed the client's
  team first, then the rest of the service area, then the county
  (:data:`OUTSIDE_TEAM`).

Lower scores rank first; ties are broken by name, then id, so the result
never depends on the order of the input.
"""

from __future__ import annotations

import heapq
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .facts import (
    COUNSELLOR,
    EITHER,
    PAIR,
    PERSONAL_WORKER,
    ROLES,
    SOCIAL_WORKER,
    CaseloadWeights,
    ClientFacts,
    WorkerFacts,
)

LANGUAGE_BONUS = 5.0
"""Score bonus for speaking the client's language, in weighted clients per FTE."""
CONTINUITY_BONUS = 3.0
"""Score bonus for having worked with the client before, in weighted clients per FTE."""
DEFAULT_LIMIT = 5
DEFAULT_OVERLOAD_MULTIPLE = 1.5
"""A worker whose load is above this multiple of the team median is marked overloaded."""

SERVICE_LANGUAGES: frozenset[str] = frozenset({"fi", "sv"})
"""Client languages the ranking looks at; "other" gives neither bonus nor reason."""

# Professions a suggestion may have, by role and the assessment's required professional.
_ALLOWED_PERSONAL_WORKER: dict[str | None, frozenset[str]] = {
    SOCIAL_WORKER: frozenset({SOCIAL_WORKER}),
    COUNSELLOR: frozenset({COUNSELLOR}),
    EITHER: frozenset({SOCIAL_WORKER, COUNSELLOR}),
    None: frozenset({SOCIAL_WORKER, COUNSELLOR}),
}
_ALLOWED_PAIR: frozenset[str] = frozenset({SOCIAL_WORKER})

# Reason codes for excluded workers, checked in this order.
INACTIVE = "inactive"
NO_CLIENT_WORK = "no_client_work"
OTHER_TEAM = "other_team"
PROFESSION_NOT_ALLOWED = "profession_not_allowed"
CURRENT_PERSONAL_WORKER = "current_personal_worker"
ALREADY_PAIR = "already_pair"
NO_CAPACITY = "no_capacity"
EXCLUSION_CODES: tuple[str, ...] = (
    INACTIVE,
    NO_CLIENT_WORK,
    OTHER_TEAM,
    PROFESSION_NOT_ALLOWED,
    CURRENT_PERSONAL_WORKER,
    ALREADY_PAIR,
    NO_CAPACITY,
)

# Reason codes for suggested workers.
OUTSIDE_TEAM = "outside_team"
OVERLOADED = "overloaded"
SPEAKS_LANGUAGE = "speaks_language"
DOES_NOT_SPEAK_LANGUAGE = "does_not_speak_language"
CONTINUITY = "continuity"
LOAD = "load"
PROFESSION = "profession"
REASON_CODES: tuple[str, ...] = (
    OUTSIDE_TEAM,
    OVERLOADED,
    SPEAKS_LANGUAGE,
    DOES_NOT_SPEAK_LANGUAGE,
    CONTINUITY,
    LOAD,
    PROFESSION,
)


@dataclass(frozen=True)
class Reason:
    """One machine-readable reason; :func:`explain` turns it into a sentence."""

    code: str
    params: dict[str, object]


@dataclass(frozen=True)
class Suggestion:
    worker_id: int
    name: str
    profession: str
    load: float  # weighted clients per FTE
    score: float  # load minus bonuses; lower is better
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Suggestions:
    eligible: tuple[Suggestion, ...]  # best first, at most ``limit``
    excluded: tuple[tuple[int, str], ...]  # (worker id, exclusion code), by worker id


# --- caseload ----------------------------------------------------------------


def weighted_loads(
    assignments: Iterable[tuple[int, str | None, str]],
    workers: Mapping[int, WorkerFacts],
    weights: CaseloadWeights,
) -> dict[int, float]:
    """Weighted clients per FTE for every worker in ``workers``.

    ``assignments`` are ``(worker_id, client_segment, kind)`` rows with kind
    ``"personal_worker"`` or ``"pair"``. Rows of workers not in ``workers`` are
    ignored. A worker without assignments has load 0; a worker with FTE 0 (or
    less) but with assignments has an infinite load.
    """
    segment_weights = weights.segment
    fallback, pair_factor = segment_weights[None], weights.pair_factor
    sums = dict.fromkeys(workers, 0.0)
    for worker_id, segment, kind in assignments:
        if worker_id not in sums:
            continue
        weight = segment_weights.get(segment, fallback)
        if kind == PAIR:
            weight *= pair_factor
        elif kind != PERSONAL_WORKER:
            raise ValueError(f"unknown assignment kind {kind!r}")
        sums[worker_id] += weight
    return {worker_id: _per_fte(total, workers[worker_id].fte) for worker_id, total in sums.items()}


def _per_fte(total: float, fte: float) -> float:
    if fte > 0:
        return total / fte
    return math.inf if total > 0 else 0.0


def team_median(loads: Mapping[int, float], worker_ids: Iterable[int]) -> float:
    """Median load of ``worker_ids`` (a worker missing from ``loads`` counts 0); 0.0 if none."""
    values = [loads.get(worker_id, 0.0) for worker_id in worker_ids]
    return float(statistics.median(values)) if values else 0.0


# --- eligibility ---------------------------------------------------------------


def allowed_professions(client: ClientFacts, role: str) -> frozenset[str]:
    """Professions that may take ``role`` for ``client``."""
    _check_role(role)
    if role == PAIR:
        return _ALLOWED_PAIR
    return _ALLOWED_PERSONAL_WORKER.get(
        client.required_professional, _ALLOWED_PERSONAL_WORKER[None]
    )


def exclusion(worker: WorkerFacts, client: ClientFacts, role: str) -> str | None:
    """Why ``worker`` cannot take ``role`` for ``client``, or ``None`` when eligible."""
    return _exclusion(worker, client, role, allowed_professions(client, role), _pair_ids(client))


def _exclusion(
    worker: WorkerFacts,
    client: ClientFacts,
    role: str,
    allowed: frozenset[str],
    pair_ids: frozenset[int],
) -> str | None:
    if not worker.active:
        return INACTIVE
    if client.team_code not in worker.team_codes and not may_pair_across_teams(worker, role):
        return OTHER_TEAM
    if worker.profession not in allowed:
        return PROFESSION_NOT_ALLOWED
    current = client.personal_worker
    if current is not None and current.id == worker.id:
        return CURRENT_PERSONAL_WORKER
    if role == PAIR and worker.id in pair_ids:
        return ALREADY_PAIR
    if worker.fte <= 0:
        return NO_CAPACITY
    return None


def may_pair_across_teams(worker: WorkerFacts, role: str) -> bool:
    """A social worker in public office from any team may be a work pair (§42; seed 004:
    "asiakastyötä tekevä esimies tai tiimin jäsen" sets no team boundary)."""
    return role == PAIR and worker.is_social_worker and worker.public_office


def nearness(worker: WorkerFacts, client: ClientFacts) -> int:
    """0 the client's team, 1 another team of the service area, 2 elsewhere in the county."""
    if client.team_code in worker.team_codes:
        return 0
    if client.area_code and client.area_code in worker.area_codes:
        return 1
    return 2


def _pair_ids(client: ClientFacts) -> frozenset[int]:
    return frozenset(pair.id for pair in client.pairs)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")


# --- ranking -------------------------------------------------------------------


def suggest_workers(
    client: ClientFacts,
    workers: Sequence[WorkerFacts],
    loads: Mapping[int, float],
    *,
    role: str = PERSONAL_WORKER,
    limit: int = DEFAULT_LIMIT,
    overload_multiple: float = DEFAULT_OVERLOAD_MULTIPLE,
) -> Suggestions:
    """The best ``limit`` eligible workers for ``role``, and every excluded worker.

    ``loads`` are weighted clients per FTE (see :func:`weighted_loads`); a
    worker missing from it counts 0. The team median in the reasons is taken
    over the active members of the client's team.
    """
    allowed = allowed_professions(client, role)
    if limit < 0:
        raise ValueError("limit must be >= 0")
    pair_ids = _pair_ids(client)
    language = client.language if client.language in SERVICE_LANGUAGES else None
    # Continuity: earlier workers, and for a new personal worker also the current pairs.
    known = (
        client.earlier_worker_ids | pair_ids
        if role == PERSONAL_WORKER
        else client.earlier_worker_ids
    )
    team = client.team_code

    candidates: list[tuple[int, int, float, str, str, int, WorkerFacts]] = []
    excluded: list[tuple[int, str]] = []
    team_loads: list[float] = []
    for worker in workers:
        if worker.active and team in worker.team_codes:
            team_loads.append(loads.get(worker.id, 0.0))
        code = _exclusion(worker, client, role, allowed, pair_ids)
        if code is None and not worker.does_client_work:
            code = NO_CLIENT_WORK
        if code is not None:
            excluded.append((worker.id, code))
            continue
        score = loads.get(worker.id, 0.0)
        lacks_language = language is not None and language not in worker.languages
        if not lacks_language and language is not None:
            score -= LANGUAGE_BONUS
        if worker.id in known:
            score -= CONTINUITY_BONUS
        candidates.append(
            (
                int(lacks_language),
                nearness(worker, client),
                score,
                worker.name.casefold(),
                worker.name,
                worker.id,
                worker,
            )
        )

    median = float(statistics.median(team_loads)) if team_loads else 0.0
    best = heapq.nsmallest(limit, candidates, key=lambda row: row[:6])
    eligible = tuple(
        _suggestion(
            worker,
            score,
            loads.get(worker.id, 0.0),
            median,
            language,
            known,
            near,
            overloaded=median > 0 and loads.get(worker.id, 0.0) > overload_multiple * median,
            multiple=overload_multiple,
        )
        for _, near, score, _, _, _, worker in best
    )
    excluded.sort()
    return Suggestions(eligible=eligible, excluded=tuple(excluded))


def _suggestion(
    worker: WorkerFacts,
    score: float,
    load: float,
    median: float,
    language: str | None,
    known: frozenset[int],
    near: int = 0,
    *,
    overloaded: bool = False,
    multiple: float = DEFAULT_OVERLOAD_MULTIPLE,
) -> Suggestion:
    reasons: list[Reason] = []
    if overloaded:
        reasons.append(Reason(OVERLOADED, {"multiple": multiple}))
    if near:
        reasons.append(Reason(OUTSIDE_TEAM, {"area": "service_area" if near == 1 else "county"}))
    if language is not None:
        code = SPEAKS_LANGUAGE if language in worker.languages else DOES_NOT_SPEAK_LANGUAGE
        reasons.append(Reason(code, {"language": language}))
    if worker.id in known:
        reasons.append(Reason(CONTINUITY, {}))
    reasons.append(Reason(LOAD, {"load": _round(load), "median": _round(median)}))
    reasons.append(Reason(PROFESSION, {"profession": worker.profession}))
    return Suggestion(
        worker_id=worker.id,
        name=worker.name,
        profession=worker.profession,
        load=load,
        score=score,
        reasons=tuple(reasons),
    )


def _round(value: float) -> float:
    return round(value, 1) if math.isfinite(value) else value


# --- explanations --------------------------------------------------------------

_LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    # Finnish needs the partitive after "puhuu".
    "fi": {"fi": "suomea", "sv": "finska", "en": "Finnish"},
    "sv": {"fi": "ruotsia", "sv": "svenska", "en": "Swedish"},
}
_PROFESSION_NAMES: dict[str, dict[str, str]] = {
    "social_worker": {"fi": "sosiaalityöntekijä", "sv": "socialarbetare", "en": "social worker"},
    "counsellor": {"fi": "sosiaaliohjaaja", "sv": "socialhandledare", "en": "social counsellor"},
    "health_care": {
        "fi": "terveydenhuollon ammattihenkilö",
        "sv": "yrkesutbildad person inom hälso- och sjukvården",
        "en": "health-care professional",
    },
    "other": {"fi": "muu ammattiryhmä", "sv": "annan yrkesgrupp", "en": "other profession"},
}
_AREA_NAMES: dict[str, dict[str, str]] = {
    "service_area": {
        "fi": "saman palvelualueen",
        "sv": "samma serviceområdes",
        "en": "the same service area's",
    },
    "county": {
        "fi": "toisen palvelualueen",
        "sv": "ett annat serviceområdes",
        "en": "another service area's",
    },
}
_TEMPLATES: dict[str, dict[str, str]] = {
    OVERLOADED: {
        "fi": "ylikuormitettu: kuormitus yli {multiple}-kertainen tiimin mediaaniin nähden",
        "sv": "överbelastad: belastningen är över {multiple} gånger teamets median",
        "en": "overloaded: load above {multiple} times the team median",
    },
    NO_CLIENT_WORK: {
        "fi": "ei tee asiakastyötä",
        "sv": "gör inte klientarbete",
        "en": "does no client work",
    },
    OUTSIDE_TEAM: {
        "fi": "{area} tiimistä (työpari voi olla toisesta tiimistä, SHL 42 §; kirjaa syy)",
        "sv": "från {area} team (arbetsparet kan vara från ett annat team, 42 § SVL; ange skälet)",
        "en": "from {area} team (a work pair may come from another team, s. 42; record why)",
    },
    SPEAKS_LANGUAGE: {
        "fi": "puhuu {language}",
        "sv": "talar {language}",
        "en": "speaks {language}",
    },
    DOES_NOT_SPEAK_LANGUAGE: {
        "fi": "ei puhu {language}",
        "sv": "talar inte {language}",
        "en": "does not speak {language}",
    },
    CONTINUITY: {
        "fi": "on työskennellyt asiakkaan kanssa aiemmin",
        "sv": "har arbetat med klienten tidigare",
        "en": "has worked with the client before",
    },
    LOAD: {
        "fi": "{load} painotettua asiakasta henkilötyövuotta kohden, tiimin mediaani {median}",
        "sv": "{load} viktade klienter per årsverke, teamets median {median}",
        "en": "{load} weighted clients per FTE, team median {median}",
    },
    PROFESSION: {"fi": "{profession}", "sv": "{profession}", "en": "{profession}"},
    INACTIVE: {
        "fi": "ei ole työssä",
        "sv": "är inte i tjänst",
        "en": "not currently working",
    },
    OTHER_TEAM: {
        "fi": "ei kuulu asiakkaan tiimiin",
        "sv": "hör inte till klientens team",
        "en": "not a member of the client's team",
    },
    PROFESSION_NOT_ALLOWED: {
        "fi": "ammattiryhmä ei sovi tähän tehtävään",
        "sv": "yrkesgruppen passar inte för uppgiften",
        "en": "profession not allowed for this role",
    },
    CURRENT_PERSONAL_WORKER: {
        "fi": "on jo asiakkaan omatyöntekijä",
        "sv": "är redan klientens egen kontaktperson",
        "en": "already the client's personal worker",
    },
    ALREADY_PAIR: {
        "fi": "on jo asiakkaan työpari",
        "sv": "är redan arbetspar för klienten",
        "en": "already a work pair for the client",
    },
    NO_CAPACITY: {
        "fi": "työaika 0 henkilötyövuotta",
        "sv": "arbetstid 0 årsverken",
        "en": "no working time (0 FTE)",
    },
}


def explain(reason: Reason, language: str) -> str:
    """``reason`` (or an exclusion code wrapped in a Reason) as text in fi, sv or en.

    Numbers use a decimal comma in Finnish and Swedish: "14,5 viktade klienter
    per årsverke, teamets median 18".
    """
    templates = _TEMPLATES.get(reason.code)
    if templates is None:
        raise ValueError(f"unknown reason code {reason.code!r}")
    if language not in templates:
        raise ValueError(f"unknown language {language!r}")
    values: dict[str, str] = {}
    for key, value in reason.params.items():
        if key == "area":
            values[key] = _AREA_NAMES.get(str(value), {}).get(language, str(value))
        elif key == "language":
            names = _LANGUAGE_NAMES.get(str(value))
            values[key] = names[language] if names else str(value)
        elif key == "profession":
            professions = _PROFESSION_NAMES.get(str(value))
            values[key] = professions[language] if professions else str(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            values[key] = format_number(float(value), language)
        else:
            values[key] = str(value)
    return templates[language].format(**values)


def explain_all(reasons: Iterable[Reason], language: str) -> str:
    """All reasons as one line, separated by semicolons."""
    return "; ".join(explain(reason, language) for reason in reasons)


def format_number(value: float, language: str) -> str:
    """One decimal at most, no trailing ",0"; decimal comma in fi and sv."""
    if not math.isfinite(value):
        return "∞"
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if language in {"fi", "sv"} else text
