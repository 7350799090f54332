"""Who must give a second factor: a pure rule (access/policy.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tyonjako.access.policy import POLICY, may_enrol_second_factor, needs_second_factor

ROLES = st.sampled_from([*POLICY, None])


@given(role=ROLES, is_staff=st.booleans(), single_sign_on=st.booleans())
def test_nobody_is_asked_when_it_is_not_required(
    role: str | None, is_staff: bool, single_sign_on: bool
) -> None:
    assert not needs_second_factor(
        role, is_staff=is_staff, single_sign_on=single_sign_on, required=False
    )


@given(role=ROLES, is_staff=st.booleans())
def test_every_local_log_in_is_asked_when_required(role: str | None, is_staff: bool) -> None:
    assert needs_second_factor(role, is_staff=is_staff, single_sign_on=False, required=True)


@given(single_sign_on=st.booleans(), is_staff=st.booleans())
def test_administrators_are_always_asked_when_required(
    single_sign_on: bool, is_staff: bool
) -> None:
    assert needs_second_factor(
        "admin", is_staff=is_staff, single_sign_on=single_sign_on, required=True
    )


def test_single_sign_on_spares_other_roles() -> None:
    for role in [r for r in POLICY if r != "admin"]:
        assert not needs_second_factor(role, is_staff=False, single_sign_on=True, required=True)
    assert needs_second_factor("lead", is_staff=True, single_sign_on=True, required=True)


@given(role=ROLES)
def test_only_ones_own_second_factor_is_enrolled(role: str | None) -> None:
    assert may_enrol_second_factor(role, own_account=True)
    assert not may_enrol_second_factor(role, own_account=False)
