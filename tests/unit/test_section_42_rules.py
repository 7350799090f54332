"""§42 and the confirmation rule over every combination of decision values."""

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.assessments.strategies import answers
from tyonjako.assessments.engine import SHIPPED_PATHS, Instrument, evaluate, load_instrument
from tyonjako.assessments.rules import (
    NO_PERSONAL_WORKER,
    PROFESSIONAL_ORDER,
    SEGMENT_ORDER,
    SOCIAL_WORKER,
    Decision,
    decision_breaks_section_42,
    needs_confirmation,
    section_42_problem,
    status_after_decision,
)

WORKERS = (*PROFESSIONAL_ORDER, NO_PERSONAL_WORKER)
decisions = st.builds(
    Decision,
    st.booleans(),
    st.sampled_from(SEGMENT_ORDER),
    st.sampled_from(WORKERS),
    st.booleans(),
)
notes = st.sampled_from(["", "  ", "short contacts in health social work"])


@given(decisions, notes)
def test_a_lawful_special_support_decision_always_involves_a_social_worker(
    decided: Decision, note: str
) -> None:
    if decided.special_support and not section_42_problem(decided, note):
        assert decided.personal_worker == SOCIAL_WORKER or decided.pair_required
        assert decided.personal_worker != NO_PERSONAL_WORKER


@given(decisions, notes)
def test_without_special_support_only_an_unexplained_unnecessary_worker_is_refused(
    decided: Decision, note: str
) -> None:
    if not decided.special_support:
        refused = bool(section_42_problem(decided, note))
        assert refused == (decided.personal_worker == NO_PERSONAL_WORKER and not note.strip())


def test_either_without_a_pair_breaks_section_42_as_a_counsellor_does() -> None:
    assert decision_breaks_section_42(Decision(True, "cooperation", "either", False))
    assert decision_breaks_section_42(Decision(True, "care", "counsellor", False))
    assert not decision_breaks_section_42(Decision(True, "care", "social_worker", False))
    assert section_42_problem(Decision(True, "care", "either", False), "") == (
        "special_support_without_social_worker"
    )


def test_special_support_never_has_an_unnecessary_personal_worker() -> None:
    decided = Decision(True, "guidance", NO_PERSONAL_WORKER, True)
    assert section_42_problem(decided, "reason") == "special_support_needs_personal_worker"


@given(st.one_of(st.none(), decisions), decisions)
def test_a_confirming_social_worker_completes_at_once(
    recommended: Decision | None, decided: Decision
) -> None:
    assert not needs_confirmation(recommended, decided, decider_may_confirm=True)
    assert status_after_decision(recommended, decided, True) == "completed"


@given(decisions, decisions)
def test_others_wait_whenever_special_support_is_recommended_or_decided(
    recommended: Decision, decided: Decision
) -> None:
    waits = recommended.special_support or decided.special_support
    assert needs_confirmation(recommended, decided, decider_may_confirm=False) == waits
    expected = "awaiting_confirmation" if waits else "completed"
    assert status_after_decision(recommended, decided, False) == expected


def test_a_counsellor_closing_no_special_support_against_the_recommendation_waits() -> None:
    recommended = Decision(True, "care", "social_worker", False)
    decided = Decision(False, "guidance", "counsellor", False)
    assert status_after_decision(recommended, decided, False) == "awaiting_confirmation"


# Every combination over each shipped instrument's own outputs (not only the constants).
def _instrument_decisions(instrument: Instrument) -> st.SearchStrategy[Decision]:
    return st.builds(
        Decision,
        st.booleans(),
        st.sampled_from([o.value for o in instrument.segments]),
        st.sampled_from([*(o.value for o in instrument.professionals), NO_PERSONAL_WORKER]),
        st.booleans(),
    )


SHIPPED = [load_instrument(path) for path in SHIPPED_PATHS]


@pytest.mark.parametrize("instrument", SHIPPED, ids=lambda i: i.rule_version)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_decision_over_the_instruments_outputs_keeps_section_42(
    instrument: Instrument, data: st.DataObject
) -> None:
    decided = data.draw(_instrument_decisions(instrument))
    recommended = data.draw(_instrument_decisions(instrument))
    note = data.draw(notes)
    problem = section_42_problem(decided, note)
    lawful = not problem
    if decided.special_support:
        assert lawful == (
            decided.personal_worker != NO_PERSONAL_WORKER
            and (decided.personal_worker == SOCIAL_WORKER or decided.pair_required)
        )
    else:
        assert lawful == (decided.personal_worker != NO_PERSONAL_WORKER or bool(note.strip()))
    for confirmer in (True, False):
        status = status_after_decision(recommended, decided, confirmer)
        special = decided.special_support or recommended.special_support
        assert status == ("awaiting_confirmation" if special and not confirmer else "completed")


@pytest.mark.parametrize("instrument", SHIPPED, ids=lambda i: i.rule_version)
@settings(max_examples=300, deadline=None)
@given(raw=answers())
def test_the_recommendation_itself_is_never_refused(
    instrument: Instrument, raw: dict[str, Any]
) -> None:
    """A professional confirming the routing as it stands is always lawful under §42."""
    result = evaluate(instrument, raw, today=dt.date(2026, 6, 1))
    recommended = Decision(
        result.special_support, result.segment, result.personal_worker, result.pair_required
    )
    assert section_42_problem(recommended, "") == ""
