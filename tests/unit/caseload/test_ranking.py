"""Eligibility, caseload, ranking order and explanation texts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tyonjako.caseload.rules import (
    CONTINUITY_BONUS,
    LANGUAGE_BONUS,
    CaseloadWeights,
    Reason,
    Suggestions,
    WorkerFacts,
    exclusion,
    explain,
    explain_all,
    format_number,
    suggest_workers,
    team_median,
    weighted_loads,
)

from .helpers import HC, OTHER, SO, SW, client, decided, worker

# --- weighted loads ------------------------------------------------------------


def test_weighted_loads_default_weights() -> None:
    workers = {1: worker(1), 2: worker(2, fte=0.5), 3: worker(3)}
    rows = [
        (1, "care", "personal_worker"),  # 3
        (1, "cooperation", "personal_worker"),  # 2
        (1, "guidance", "personal_worker"),  # 1
        (1, "self_service", "personal_worker"),  # 0.5
        (1, None, "personal_worker"),  # 1 (not assessed)
        (1, "care", "pair"),  # 1.5
        (2, "cooperation", "personal_worker"),  # 2 / 0.5 FTE
        (2, "guidance", "pair"),  # 0.5 / 0.5 FTE
        (99, "care", "personal_worker"),  # unknown worker: ignored
    ]
    assert weighted_loads(rows, workers, CaseloadWeights.default()) == {1: 9.0, 2: 5.0, 3: 0.0}


def test_weighted_loads_custom_weights_and_unknown_segment() -> None:
    weights = CaseloadWeights(segment={"care": 4.0, None: 1.5}, pair_factor=1.0)
    rows = [(1, "care", "personal_worker"), (1, "mystery", "pair"), (1, "guidance", "pair")]
    assert weighted_loads(rows, {1: worker(1)}, weights) == {1: 7.0}


def test_weighted_loads_zero_fte() -> None:
    workers = {1: worker(1, fte=0.0), 2: worker(2, fte=0.0)}
    loads = weighted_loads([(1, "care", "personal_worker")], workers, CaseloadWeights())
    assert loads == {1: math.inf, 2: 0.0}


def test_weighted_loads_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError):
        weighted_loads([(1, "care", "boss")], {1: worker(1)}, CaseloadWeights())


def test_caseload_weights_validation() -> None:
    weights = CaseloadWeights.default()
    assert dict(weights.segment) == {
        "care": 3.0,
        "cooperation": 2.0,
        "guidance": 1.0,
        "self_service": 0.5,
        None: 1.0,
    }
    assert weights.pair_factor == 0.5
    assert weights.weight_of("care", "pair") == 1.5
    assert weights.weight_of("unknown") == 1.0
    with pytest.raises(ValueError):
        CaseloadWeights(segment={"care": 3.0})
    with pytest.raises(ValueError):
        CaseloadWeights(segment={None: -1.0})
    with pytest.raises(ValueError):
        CaseloadWeights(pair_factor=-0.5)


@pytest.mark.parametrize(
    ("loads", "ids", "expected"),
    [
        ({}, [], 0.0),
        ({1: 4.0}, [1], 4.0),
        ({1: 4.0, 2: 10.0}, [1, 2], 7.0),
        ({1: 4.0, 2: 10.0, 3: 1.0}, [1, 2, 3], 4.0),
        ({1: 4.0, 2: 10.0, 3: 1.0}, [1, 2], 7.0),
        ({1: 4.0}, [1, 2, 3], 0.0),  # missing workers count 0
    ],
)
def test_team_median(loads: dict[int, float], ids: list[int], expected: float) -> None:
    assert team_median(loads, ids) == expected


# --- eligibility -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidate", "required", "role", "expected"),
    [
        (SW, "social_worker", "personal_worker", None),
        (SO, "social_worker", "personal_worker", "profession_not_allowed"),
        (SW, "counsellor", "personal_worker", "profession_not_allowed"),
        (SO, "counsellor", "personal_worker", None),
        (SW, "either", "personal_worker", None),
        (SO, "either", "personal_worker", None),
        (SW, None, "personal_worker", None),
        (SO, None, "personal_worker", None),
        (HC, None, "personal_worker", "profession_not_allowed"),
        (HC, "either", "personal_worker", "profession_not_allowed"),
        (OTHER, None, "personal_worker", "profession_not_allowed"),
        (SW, "counsellor", "pair", None),  # a pair is always a social worker
        (SO, None, "pair", "profession_not_allowed"),
        (SO, "counsellor", "pair", "profession_not_allowed"),
        (HC, None, "pair", "profession_not_allowed"),
        (worker(7, active=False), None, "personal_worker", "inactive"),
        (worker(7, teams=("B",)), None, "personal_worker", "other_team"),
        (worker(7, teams=("B", "A")), None, "personal_worker", None),
        (worker(7, fte=0.0), None, "personal_worker", "no_capacity"),
        # the first failing check wins
        (worker(7, active=False, teams=("B",), profession="other"), None, "pair", "inactive"),
        (worker(7, teams=("B",), profession="other"), None, "pair", "other_team"),
    ],
)
def test_exclusion(
    candidate: WorkerFacts, required: str | None, role: str, expected: str | None
) -> None:
    c = client(required_professional=required)
    assert exclusion(candidate, c, role) == expected


def test_current_workers_are_excluded() -> None:
    c = decided(personal_worker=SO, pairs=(SW,))
    assert exclusion(SO, c, "personal_worker") == "current_personal_worker"
    assert exclusion(SW, c, "personal_worker") is None  # the pair may become personal worker
    assert exclusion(SW, c, "pair") == "already_pair"
    current_sw = decided(personal_worker=SW)
    assert exclusion(SW, current_sw, "pair") == "current_personal_worker"


def test_unknown_role_is_rejected() -> None:
    with pytest.raises(ValueError):
        exclusion(SW, client(), "boss")
    with pytest.raises(ValueError):
        suggest_workers(client(), [SW], {}, role="boss")
    with pytest.raises(ValueError):
        suggest_workers(client(), [SW], {}, limit=-1)


# --- ranking -----------------------------------------------------------------------


def names(result: Suggestions) -> list[str]:
    return [s.name for s in result.eligible]


def test_lower_load_first() -> None:
    team = [worker(1, name="A"), worker(2, name="B"), worker(3, name="C")]
    result = suggest_workers(client(), team, {1: 10.0, 2: 5.0, 3: 7.5})
    assert names(result) == ["B", "C", "A"]
    assert [s.load for s in result.eligible] == [5.0, 7.5, 10.0]
    assert [s.score for s in result.eligible] == [0.0, 2.5, 5.0]  # all speak Finnish: -5


def test_the_clients_language_is_a_hard_requirement_whatever_the_load() -> None:
    assert LANGUAGE_BONUS == 5.0
    sv = client(language="sv")
    finn = worker(1, name="Finn", languages=("fi",))
    swede = worker(2, name="Swede", languages=("sv", "fi"))
    for load in (0.0, 14.9, 15.1, 40.0):
        assert names(suggest_workers(sv, [finn, swede], {1: 0.0, 2: load})) == ["Swede", "Finn"]


def test_continuity_bonus_is_worth_three_weighted_clients() -> None:
    assert CONTINUITY_BONUS == 3.0
    c = client(earlier_worker_ids=frozenset({2}))
    new, known = worker(1, name="New"), worker(2, name="Known")
    assert names(suggest_workers(c, [new, known], {1: 10.0, 2: 12.9})) == ["Known", "New"]
    assert names(suggest_workers(c, [new, known], {1: 10.0, 2: 13.1})) == ["New", "Known"]


def test_current_pair_counts_as_continuity_for_personal_worker() -> None:
    c = decided(pairs=(worker(2, name="Pair"),))
    team = [worker(1, name="Other"), worker(2, name="Pair")]
    result = suggest_workers(c, team, {1: 10.0, 2: 12.0})
    assert names(result) == ["Pair", "Other"]
    assert Reason("continuity", {}) in result.eligible[0].reasons


def test_ties_broken_by_name_then_id() -> None:
    team = [
        worker(3, name="Bea"),
        worker(2, name="anna"),
        worker(4, name="Anna"),
        worker(1, name="Bea"),
    ]
    result = suggest_workers(client(), team, {})
    assert [(s.name, s.worker_id) for s in result.eligible] == [
        ("Anna", 4),
        ("anna", 2),
        ("Bea", 1),
        ("Bea", 3),
    ]


def test_limit_and_exclusions() -> None:
    team = [worker(i, name=f"W{i:02d}") for i in range(1, 11)]
    team += [
        worker(20, active=False),
        worker(21, teams=("B",)),
        worker(22, profession="health_care"),
    ]
    c = decided(personal_worker=team[0])
    result = suggest_workers(c, team, {i: float(i) for i in range(1, 11)}, limit=3)
    assert [s.worker_id for s in result.eligible] == [2, 3, 4]
    assert result.excluded == (
        (1, "current_personal_worker"),
        (20, "inactive"),
        (21, "other_team"),
        (22, "profession_not_allowed"),
    )
    assert suggest_workers(c, team, {}, limit=0).eligible == ()


def test_pair_role_suggests_social_workers_only() -> None:
    c = decided(personal_worker=SO, special_support=True)
    team = [SW, SO, HC, OTHER, worker(6, name="Another STT")]
    result = suggest_workers(c, team, {}, role="pair")
    assert {s.profession for s in result.eligible} == {"social_worker"}
    assert {s.worker_id for s in result.eligible} == {1, 6}


def test_missing_load_counts_zero() -> None:
    result = suggest_workers(client(), [worker(1)], {})
    assert result.eligible[0].load == 0.0


def test_reasons_of_a_suggestion() -> None:
    c = client(language="sv", earlier_worker_ids=frozenset({5}))
    team = [
        worker(5, name="Sara", languages=("sv",)),
        worker(6, name="Pekka", profession="counsellor", languages=("fi",)),
        worker(7, name="Inactive", active=False),  # not in the team median
        worker(8, name="Other team", teams=("B",)),  # not in the team median
    ]
    loads = {5: 14.54, 6: 21.46, 7: 100.0, 8: 100.0}
    result = suggest_workers(c, team, loads)
    sara, pekka = result.eligible
    assert sara.reasons == (
        Reason("speaks_language", {"language": "sv"}),
        Reason("continuity", {}),
        Reason("load", {"load": 14.5, "median": 18.0}),
        Reason("profession", {"profession": "social_worker"}),
    )
    assert sara.score == pytest.approx(14.54 - 5 - 3)
    assert pekka.reasons == (
        Reason("does_not_speak_language", {"language": "sv"}),
        Reason("load", {"load": 21.5, "median": 18.0}),
        Reason("profession", {"profession": "counsellor"}),
    )


def test_other_language_gives_no_language_reason() -> None:
    result = suggest_workers(client(language="other"), [worker(1)], {1: 2.0})
    assert [r.code for r in result.eligible[0].reasons] == ["load", "profession"]
    assert result.eligible[0].score == 2.0


# --- explanations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "language", "text"),
    [
        (Reason("speaks_language", {"language": "sv"}), "fi", "puhuu ruotsia"),
        (Reason("speaks_language", {"language": "sv"}), "sv", "talar svenska"),
        (Reason("speaks_language", {"language": "sv"}), "en", "speaks Swedish"),
        (Reason("speaks_language", {"language": "fi"}), "fi", "puhuu suomea"),
        (Reason("speaks_language", {"language": "fi"}), "sv", "talar finska"),
        (Reason("does_not_speak_language", {"language": "fi"}), "fi", "ei puhu suomea"),
        (Reason("does_not_speak_language", {"language": "fi"}), "sv", "talar inte finska"),
        (Reason("does_not_speak_language", {"language": "fi"}), "en", "does not speak Finnish"),
        (
            Reason("load", {"load": 14.5, "median": 18.0}),
            "fi",
            "14,5 painotettua asiakasta henkilötyövuotta kohden, tiimin mediaani 18",
        ),
        (
            Reason("load", {"load": 14.5, "median": 18.0}),
            "sv",
            "14,5 viktade klienter per årsverke, teamets median 18",
        ),
        (
            Reason("load", {"load": 14.5, "median": 18.0}),
            "en",
            "14.5 weighted clients per FTE, team median 18",
        ),
        (Reason("continuity", {}), "fi", "on työskennellyt asiakkaan kanssa aiemmin"),
        (Reason("continuity", {}), "sv", "har arbetat med klienten tidigare"),
        (Reason("continuity", {}), "en", "has worked with the client before"),
        (Reason("profession", {"profession": "social_worker"}), "fi", "sosiaalityöntekijä"),
        (Reason("profession", {"profession": "counsellor"}), "sv", "socialhandledare"),
        (Reason("profession", {"profession": "counsellor"}), "en", "social counsellor"),
        (Reason("other_team", {}), "fi", "ei kuulu asiakkaan tiimiin"),
        (Reason("inactive", {}), "en", "not currently working"),
    ],
)
def test_explain(reason: Reason, language: str, text: str) -> None:
    assert explain(reason, language) == text


def test_explain_all_matches_the_example() -> None:
    reasons = (
        Reason("speaks_language", {"language": "sv"}),
        Reason("load", {"load": 14.5, "median": 18.0}),
    )
    assert (
        explain_all(reasons, "en")
        == "speaks Swedish; 14.5 weighted clients per FTE, team median 18"
    )
    assert explain_all(reasons, "sv") == (
        "talar svenska; 14,5 viktade klienter per årsverke, teamets median 18"
    )


def test_every_code_is_explained_in_every_language() -> None:
    from tyonjako.caseload.rules.ranking import EXCLUSION_CODES, REASON_CODES

    params: dict[str, dict[str, object]] = {
        "outside_team": {"area": "county"},
        "overloaded": {"multiple": 1.5},
        "speaks_language": {"language": "fi"},
        "does_not_speak_language": {"language": "sv"},
        "load": {"load": 1.0, "median": 2.0},
        "profession": {"profession": "social_worker"},
    }
    for code in REASON_CODES + EXCLUSION_CODES:
        for language in ("fi", "sv", "en"):
            text = explain(Reason(code, params.get(code, {})), language)
            assert text and "{" not in text


def test_explain_rejects_unknown_code_and_language() -> None:
    with pytest.raises(ValueError):
        explain(Reason("nonsense", {}), "fi")
    with pytest.raises(ValueError):
        explain(Reason("continuity", {}), "de")


@pytest.mark.parametrize(
    ("value", "language", "text"),
    [
        (18.0, "fi", "18"),
        (14.5, "fi", "14,5"),
        (14.5, "sv", "14,5"),
        (14.5, "en", "14.5"),
        (14.46, "fi", "14,5"),
        (0.0, "fi", "0"),
        (-0.01, "en", "0"),
        (1234.56, "en", "1234.6"),
        (math.inf, "fi", "∞"),
    ],
)
def test_format_number(value: float, language: str, text: str) -> None:
    assert format_number(value, language) == text


def test_a_social_worker_in_public_office_from_another_team_may_be_the_pair() -> None:
    special = client(special_support=True, area_code="NORTH")
    own = worker(1, name="Own", teams=("A",), areas=("NORTH",))
    near = worker(2, name="Near", teams=("B",), areas=("NORTH",))
    far = worker(3, name="Far", teams=("C",), areas=("SOUTH",))
    temp = worker(4, name="Temp", teams=("B",), areas=("NORTH",), public_office=False)
    staff = [far, near, own, temp]
    result = suggest_workers(special, staff, {1: 30.0}, role="pair")
    assert names(result) == ["Own", "Near", "Far"]
    assert (4, "other_team") in result.excluded
    assert result.eligible[2].reasons[0].code == "outside_team"
    assert names(suggest_workers(special, staff, {}, role="personal_worker")) == ["Own"]


def test_a_worker_without_client_work_is_never_suggested() -> None:
    from dataclasses import replace

    lead = replace(worker(1, name="Lead"), does_client_work=False)
    result = suggest_workers(client(), [lead, worker(2, name="Worker")], {})
    assert names(result) == ["Worker"] and (1, "no_client_work") in result.excluded


def test_a_worker_above_the_multiple_of_the_median_is_marked_overloaded() -> None:
    staff = [worker(1, name="A"), worker(2, name="B"), worker(3, name="C")]
    result = suggest_workers(client(), staff, {1: 10.0, 2: 10.0, 3: 16.0}, overload_multiple=1.5)
    marked = {s.name for s in result.eligible if any(r.code == "overloaded" for r in s.reasons)}
    assert marked == {"C"}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["fi", "sv"]),
    st.lists(
        st.tuples(
            st.frozensets(st.sampled_from(["fi", "sv", "en"]), min_size=1),
            st.floats(min_value=0, max_value=80, allow_nan=False),
            st.sampled_from(["social_worker", "counsellor"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    ),
    st.frozensets(st.integers(1, 12)),
)
def test_no_worker_without_the_clients_language_ranks_above_one_with_it(
    language: str,
    team: list[tuple[frozenset[str], float, str, bool]],
    earlier: frozenset[int],
) -> None:
    """Whatever the loads, professions, continuity and pair roles, a worker who speaks the
    client's language (Finnish/Swedish) always comes before one who does not."""
    workers = [
        worker(i, languages=langs, profession=profession)
        for i, (langs, _load, profession, _pair) in enumerate(team, start=1)
    ]
    loads = {i: load for i, (_l, load, _p, _pair) in enumerate(team, start=1)}
    for role in ("personal_worker", "pair"):
        c = client(language=language, earlier_worker_ids=earlier)
        result = suggest_workers(c, workers, loads, role=role, limit=len(workers))
        by_id = {w.id: w for w in workers}
        speaks = [language in by_id[s.worker_id].languages for s in result.eligible]
        assert speaks == sorted(speaks, reverse=True), [s.name for s in result.eligible]
