from hypothesis import given
from hypothesis import strategies as st

from tyonjako.common.suppression import mark, suppress_row, suppress_value


def test_counts_under_five_are_hidden_and_zeros_shown() -> None:
    row = suppress_row({"a": 120, "b": 3, "c": 0, "d": 40})
    assert row.cells["b"] is None
    assert row.cells["c"] == 0
    assert row.label(row.cells["b"]) == "<5"


def test_a_single_hidden_cell_takes_a_second_one_with_it() -> None:
    row = suppress_row({"a": 120, "b": 3, "d": 40})
    assert row.hidden == {"b", "d"}
    assert row.total == 163


def test_two_ones_are_not_enough_to_hide_each_other() -> None:
    # Two hidden cells holding 2 people would both have to be 1.
    row = suppress_row({"a": 50, "b": 1, "c": 1, "d": 9})
    assert "d" in row.hidden


def test_a_small_total_hides_everything() -> None:
    row = suppress_row({"a": 3, "b": 1})
    assert row.total is None and row.hidden == {"a", "b"}


def test_nothing_small_nothing_hidden() -> None:
    row = suppress_row({"a": 5, "b": 0, "c": 17})
    assert row.hidden == frozenset() and row.total == 22


def test_a_lone_value_is_hidden_when_small() -> None:
    assert suppress_value(4) is None and suppress_value(0) == 0 and suppress_value(5) == 5


counts = st.dictionaries(
    st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=40), min_size=1
)


@given(counts)
def test_no_small_count_is_ever_shown(cells: dict[str, int]) -> None:
    row = suppress_row(cells)
    for key, value in row.cells.items():
        assert value is None or value == 0 or value >= 5
        assert value is None or value == cells[key]
    assert row.total is None or row.total == 0 or row.total >= 5


@given(counts)
def test_no_hidden_cell_can_be_recovered_from_the_total(cells: dict[str, int]) -> None:
    row = suppress_row(cells)
    if row.total is None or not row.hidden:
        return
    hidden_sum = row.total - sum(v for v in row.cells.values() if v is not None)
    # Each hidden cell is at least 1 (zeros are shown). With two or more hidden
    # cells and more people than cells, more than one split fits the total.
    assert len(row.hidden) >= 2
    assert hidden_sum > len(row.hidden)


def test_a_large_cell_hidden_to_protect_a_small_one_is_marked_apart() -> None:
    """Issue 14: a director saw "<5" where the value was 31."""
    row = suppress_row({"a": 120, "b": 3, "d": 31})
    assert row.shown == {"a": 120, "b": None, "d": "x"}
    assert mark(row.shown["b"]) == "<5" and mark(row.shown["d"]) == "x"
    assert row.shown_total == 154


def test_a_total_hidden_to_protect_its_cells_is_marked_apart() -> None:
    row = suppress_row({"a": 50, "b": 1})
    # b alone is hidden, a is widened to protect it, and 51 > 2 so the total stays.
    assert row.shown == {"a": "x", "b": None} and row.shown_total == 51
    small_total = suppress_row({"a": 3, "b": 1})
    assert small_total.shown_total is None and small_total.shown == {"a": None, "b": None}


@given(counts)
def test_less_than_five_is_said_only_of_a_count_under_five(cells: dict[str, int]) -> None:
    row = suppress_row(cells)
    for key, value in row.shown.items():
        if value is None:
            assert 0 < cells[key] < 5
        elif value == "x":
            assert cells[key] >= 5
        else:
            assert value == cells[key]
    total = sum(cells.values())
    assert row.shown_total in (total, "x") or (row.shown_total is None and 0 < total < 5)
