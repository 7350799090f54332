from hypothesis import given
from hypothesis import strategies as st

from tyonjako.assessments.rules import (
    PROFESSIONAL_ORDER,
    SEGMENT_ORDER,
    Decision,
    decision_breaks_section_42,
    differs,
    may_confirm_special_support,
    override_direction,
)

decisions = st.builds(
    Decision,
    st.booleans(),
    st.sampled_from(SEGMENT_ORDER),
    st.sampled_from(PROFESSIONAL_ORDER),
    st.booleans(),
)


def test_a_social_worker_instead_of_a_counsellor_is_heavier() -> None:
    recommended = Decision(False, "guidance", "counsellor", False)
    assert (
        override_direction(recommended, Decision(False, "guidance", "social_worker", False))
        == "heavier"
    )


def test_a_lighter_segment_with_the_same_professional_is_lighter() -> None:
    recommended = Decision(False, "cooperation", "either", True)
    assert override_direction(recommended, Decision(False, "guidance", "either", True)) == "lighter"


def test_adding_a_pair_alone_is_heavier() -> None:
    recommended = Decision(False, "guidance", "counsellor", False)
    assert (
        override_direction(recommended, Decision(False, "guidance", "counsellor", True))
        == "heavier"
    )


def test_only_a_licensed_social_worker_in_public_office_confirms() -> None:
    assert may_confirm_special_support("social_worker", True)
    assert not may_confirm_special_support("social_worker", False)
    assert not may_confirm_special_support("sosionomi", True)


def test_special_support_with_a_lone_counsellor_breaks_section_42() -> None:
    assert decision_breaks_section_42(Decision(True, "care", "counsellor", False))
    assert not decision_breaks_section_42(Decision(True, "cooperation", "counsellor", True))
    assert not decision_breaks_section_42(Decision(False, "guidance", "counsellor", False))


@given(decisions, decisions)
def test_the_direction_is_antisymmetric(a: Decision, b: Decision) -> None:
    forward, backward = override_direction(a, b), override_direction(b, a)
    assert {forward, backward} in ({"same"}, {"heavier", "lighter"})
    assert (forward == "same") == (not differs(a, b))


@given(decisions)
def test_no_change_is_no_override(decision: Decision) -> None:
    assert not differs(decision, decision) and override_direction(decision, decision) == "same"
