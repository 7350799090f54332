"""The two compact memories of an import: the source ids it has written (a filter that
may say "perhaps" of an id it never saw, never "no" of one it did), and the clients it
has written an audit row for (exact)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.common.bloom import StringFilter
from tyonjako.common.intset import BITMAP_LIMIT, IdSet, bits_of, bytemap, ids_of, pack, unpack


@given(st.lists(st.text(max_size=12), max_size=200), st.lists(st.text(max_size=12), max_size=50))
def test_the_filter_never_forgets_an_id_it_was_given(added: list[str], asked: list[str]) -> None:
    seen = StringFilter(bits=1 << 12)
    seen.add(added)
    assert seen.maybe(added) == added
    assert set(added) & set(asked) <= set(seen.maybe(asked))


def test_the_filter_says_perhaps_of_few_ids_it_never_saw() -> None:
    seen = StringFilter()
    seen.add(f"S{i}" for i in range(200_000))
    false = seen.maybe([f"T{i}" for i in range(100_000)])
    assert len(false) < 100  # about 0.03 % at this fill; 0.4 % after a million


def test_the_filter_needs_a_power_of_two() -> None:
    with pytest.raises(ValueError):
        StringFilter(bits=1000)


@given(st.lists(st.one_of(st.integers(0, 5000), st.integers(BITMAP_LIMIT, BITMAP_LIMIT + 9))))
def test_an_id_set_is_a_set(values: list[int]) -> None:
    ids, reference = IdSet(), set()
    for value in values:
        assert ids.add(value) == (value not in reference)
        reference.add(value)
    assert len(ids) == len(reference)
    assert list(ids) == sorted(reference)
    assert all(value in ids for value in reference)
    assert -1 not in ids and "x" not in ids and 5001 not in ids


def test_add_new_gives_the_ids_not_seen_before_once_each() -> None:
    ids = IdSet()
    assert ids.add_new([5, 3, 5]) == [5, 3]
    assert ids.add_new([3, 9]) == [9]
    with pytest.raises(ValueError):
        ids.add(-1)


# ------------------------------------------------ packed sets (the monthly client sets)

id_sets = st.sets(st.integers(0, 5000) | st.integers(1 << 20, (1 << 20) + 64), max_size=60)


@given(id_sets, id_sets)
def test_packed_sets_keep_their_ids_and_unite_by_or(first: set[int], second: set[int]) -> None:
    assert ids_of(unpack(pack(first))) == sorted(first)
    assert ids_of(unpack(pack([*first, *first]))) == sorted(first)  # repeats are one id
    union = bits_of(first) | bits_of(second)
    assert ids_of(union) == sorted(first | second)
    assert union.bit_count() == len(first | second)


@given(id_sets)
def test_the_byte_map_marks_exactly_the_ids(ids: set[int]) -> None:
    first, marks = bytemap(bits_of(ids))
    assert {first + i for i, mark in enumerate(marks) if mark} == ids
    assert set(marks) <= {0, 1} and first % 8 == 0
    assert not marks or marks[-1] == 1


def test_an_empty_set_packs_to_nothing_and_negative_ids_are_refused() -> None:
    assert pack([]) == b"" and unpack(b"") == 0 and bytemap(0) == (0, b"") and ids_of(0) == []
    with pytest.raises(ValueError):
        pack([3, -1])
