"""Hypothesis properties of the compliance checks and the ranking."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tyonjako.caseload.rules import (
    CaseloadWeights,
    ClientFacts,
    WorkCalendar,
    WorkerFacts,
    check_client,
    nearness,
    suggest_workers,
    weighted_loads,
)
from tyonjako.caseload.rules.facts import ASSESSMENT_STATES

FI = WorkCalendar()
TEAMS = ("A", "B", "C")
PROFESSIONS = ("social_worker", "counsellor", "health_care", "other")
SEGMENTS = (None, "care", "cooperation", "guidance", "self_service")
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
OPTIONAL_DAYS = st.none() | DAYS


@st.composite
def workers(draw: st.DrawFn, id: int | None = None, profession: str | None = None) -> WorkerFacts:
    return WorkerFacts(
        id=id if id is not None else draw(st.integers(1, 10_000)),
        name=draw(st.sampled_from(["Aino", "aino", "Bertil", "Chen", "Åsa", "Ölli", ""])),
        profession=profession or draw(st.sampled_from(PROFESSIONS)),
        languages=draw(st.frozensets(st.sampled_from(["fi", "sv", "en"]))),
        fte=draw(st.sampled_from([0.0, 0.2, 0.5, 0.8, 1.0])),
        team_codes=draw(st.frozensets(st.sampled_from(TEAMS), max_size=2)),
        active=draw(st.booleans()),
        public_office=draw(st.booleans()),
    )


@st.composite
def staff(draw: st.DrawFn, max_size: int = 25) -> list[WorkerFacts]:
    ids = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=max_size))
    return [draw(workers(id=worker_id)) for worker_id in ids]


@st.composite
def clients(
    draw: st.DrawFn,
    personal_worker: st.SearchStrategy[WorkerFacts | None] | None = None,
    pairs: st.SearchStrategy[tuple[WorkerFacts, ...]] | None = None,
    special_support: st.SearchStrategy[bool | None] | None = None,
) -> ClientFacts:
    return ClientFacts(
        id=draw(st.integers(1, 10_000)),
        key=draw(st.text(min_size=1, max_size=8)),
        team_code=draw(st.sampled_from(TEAMS)),
        language=draw(st.sampled_from(["fi", "sv", "other"])),
        pending_since=draw(DAYS),
        special_support=draw(
            st.none() | st.booleans() if special_support is None else special_support
        ),
        segment=draw(st.sampled_from(SEGMENTS)),
        required_professional=draw(
            st.sampled_from([None, "social_worker", "counsellor", "either"])
        ),
        pair_required=draw(st.none() | st.booleans()),
        assessment_state=draw(st.sampled_from(ASSESSMENT_STATES)),
        assessment_started_on=draw(OPTIONAL_DAYS),
        assessment_decided_on=draw(OPTIONAL_DAYS),
        assessment_start_deadline=draw(OPTIONAL_DAYS),
        personal_worker=draw(st.none() | workers() if personal_worker is None else personal_worker),
        personal_worker_since=draw(OPTIONAL_DAYS),
        health_care_justification=draw(st.booleans()),
        pairs=draw(st.lists(workers(), max_size=3).map(tuple) if pairs is None else pairs),
        earlier_worker_ids=draw(st.frozensets(st.integers(1, 10_000), max_size=5)),
        needs_personal_worker=draw(st.booleans()),
    )


def is_eligible(worker: WorkerFacts, client: ClientFacts, role: str) -> bool:
    """An independent statement of the eligibility rules."""
    if role == "pair":
        allowed = {"social_worker"}
    elif client.required_professional in ("social_worker", "counsellor"):
        allowed = {client.required_professional}
    else:
        allowed = {"social_worker", "counsellor"}
    current = client.personal_worker.id if client.personal_worker else None
    return (
        worker.active
        and (
            client.team_code in worker.team_codes
            # A social worker in public office from any team may be a work pair (§42).
            or (role == "pair" and worker.profession == "social_worker" and worker.public_office)
        )
        and worker.profession in allowed
        and worker.id != current
        and not (role == "pair" and worker.id in {p.id for p in client.pairs})
        and worker.fte > 0
    )


social_worker = workers(profession="social_worker")


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
@given(
    st.one_of(
        clients(personal_worker=social_worker, special_support=st.just(True)),
        clients(
            pairs=st.tuples(st.lists(workers(), max_size=2), social_worker).map(
                lambda drawn: (*drawn[0], drawn[1])
            ),
            special_support=st.just(True),
        ),
    ),
    DAYS,
)
def test_social_worker_satisfies_special_support_rule(client: ClientFacts, today: date) -> None:
    rules = {finding.rule for finding in check_client(client, today, FI)}
    assert "special_support_without_social_worker" not in rules


@given(clients(special_support=st.just(True)), DAYS)
def test_special_support_rule_iff_no_social_worker(client: ClientFacts, today: date) -> None:
    rules = {finding.rule for finding in check_client(client, today, FI)}
    involved = [client.personal_worker, *client.pairs]
    has_sw = any(w is not None and w.profession == "social_worker" for w in involved)
    assert ("special_support_without_social_worker" in rules) is not has_sw


@given(clients(), DAYS)
def test_findings_are_well_formed(client: ClientFacts, today: date) -> None:
    findings = check_client(client, today, FI)
    assert len({f.rule for f in findings}) == len(findings)
    assert not {"assessment_deadline_passed", "assessment_deadline_soon"} <= {
        f.rule for f in findings
    }
    for finding in findings:
        assert finding.client_key == client.key
        for texts in (finding.message, finding.fix, finding.legal_basis):
            assert set(texts) == {"fi", "sv", "en"}


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
@settings(max_examples=200)
@given(
    clients(),
    staff(),
    st.sampled_from(["personal_worker", "pair"]),
    st.integers(0, 30),
    st.data(),
)
def test_suggestions_are_eligible_and_complete(
    client: ClientFacts, team: list[WorkerFacts], role: str, limit: int, data: st.DataObject
) -> None:
    loads = {w.id: data.draw(st.floats(0, 50, allow_nan=False)) for w in team}
    result = suggest_workers(client, team, loads, role=role, limit=limit)
    suggested = {s.worker_id for s in result.eligible}
    by_id = {w.id: w for w in team}
    for worker_id in suggested:
        assert is_eligible(by_id[worker_id], client, role)
    for worker_id, _code in result.excluded:
        assert not is_eligible(by_id[worker_id], client, role)
    eligible_count = sum(is_eligible(w, client, role) for w in team)
    assert len(result.eligible) == min(limit, eligible_count)
    assert len(result.excluded) == len(team) - eligible_count
    # Language first (a hard requirement), then nearness of the team, then the score.
    language = client.language if client.language in ("fi", "sv") else None
    keys = [
        (
            language is not None and language not in by_id[s.worker_id].languages,
            nearness(by_id[s.worker_id], client),
            s.score,
        )
        for s in result.eligible
    ]
    assert keys == sorted(keys)
    if role == "pair":
        assert all(s.profession == "social_worker" for s in result.eligible)
    assert not {"health_care", "other"} & {s.profession for s in result.eligible}


@given(clients(), staff(max_size=15))
def test_pair_suggestions_are_social_workers(client: ClientFacts, team: list[WorkerFacts]) -> None:
    result = suggest_workers(client, team, {}, role="pair", limit=50)
    assert all(s.profession == "social_worker" for s in result.eligible)
    assert all(s.worker_id != getattr(client.personal_worker, "id", None) for s in result.eligible)


@given(clients(), staff(), st.sampled_from(["personal_worker", "pair"]), st.data())
def test_ranking_is_deterministic_and_order_independent(
    client: ClientFacts, team: list[WorkerFacts], role: str, data: st.DataObject
) -> None:
    loads = {w.id: data.draw(st.sampled_from([0.0, 1.5, 4.0, 8.0])) for w in team}
    first = suggest_workers(client, team, loads, role=role, limit=10)
    again = suggest_workers(client, team, loads, role=role, limit=10)
    shuffled = data.draw(st.permutations(team))
    reordered = suggest_workers(client, shuffled, loads, role=role, limit=10)
    assert first == again == reordered


@given(
    st.lists(
        st.tuples(
            st.sampled_from((*SEGMENTS, "unknown")), st.sampled_from(["personal_worker", "pair"])
        ),
        max_size=40,
    ),
    st.sampled_from([0.1, 0.25, 0.5, 0.8, 1.0, 1.2]),
)
def test_weighted_load_scales_with_inverse_fte(
    rows: list[tuple[str | None, str]], fte: float
) -> None:
    full = WorkerFacts(1, "Full", "social_worker", frozenset(), 1.0, frozenset(), True, True)
    part = WorkerFacts(2, "Part", "social_worker", frozenset(), fte, frozenset(), True, True)
    assignments = [(w, segment, kind) for segment, kind in rows for w in (1, 2)]
    loads = weighted_loads(assignments, {1: full, 2: part}, CaseloadWeights.default())
    assert loads[2] * fte == pytest.approx(loads[1])
    assert loads[1] >= 0
