"""The one rule of versioned definitions: a version in use cannot change."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.common.versions import Load, VersionInUse, decide_load


def test_a_new_version_is_stored_and_the_same_text_is_nothing_to_do() -> None:
    assert decide_load("k", 1, None, "a", in_use=True) == Load.NEW
    assert decide_load("k", 1, "a", "a", in_use=True) == Load.SAME


def test_a_changed_text_replaces_only_a_version_never_used() -> None:
    assert decide_load("k", 1, "a", "b", in_use=False) == Load.REPLACE
    with pytest.raises(VersionInUse, match="new version number"):
        decide_load("k", 1, "a", "b", in_use=True)


@given(st.text(), st.text(), st.booleans())
def test_a_version_in_use_never_ends_with_another_text(stored: str, new: str, used: bool) -> None:
    try:
        load = decide_load("k", 1, stored, new, in_use=used)
    except VersionInUse:
        assert used and stored != new
    else:
        assert load == Load.SAME or not used
