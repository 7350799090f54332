"""Indicator arithmetic and suppression, without the database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.pilots.rules import (
    IndicatorValue,
    compute,
    difference,
    median,
    percentile,
    suppress,
)


def test_a_rate_is_a_percentage_with_one_decimal():
    value = compute("rate", 2, 3)
    assert (value.value, value.numerator, value.denominator, value.n) == (66.7, 2, 3, 3)


def test_a_rate_over_nothing_has_no_value():
    assert compute("rate", 0, 0).value is None


def test_a_ratio_sums_per_case_lists():
    value = compute("ratio", 3, [0.5, 0.25, 0.25])
    assert value.value == 3.0
    assert value.n == 3


def test_a_count_sums_a_list_and_counts_a_number():
    assert compute("count", [1.5, 2.5]).value == 4.0
    assert compute("count", 7).n == 7


def test_median_and_90th_percentile_of_days():
    days = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert compute("median", days).value == 5.5
    assert compute("p90", days).value == 9.0
    assert compute("median", []).value is None


def test_an_unknown_statistic_is_refused():
    with pytest.raises(ValueError):
        compute("mean", 1)
    with pytest.raises(ValueError):
        compute("rate", 1)


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1))
def test_the_90th_percentile_is_a_value_of_the_list_and_not_below_the_lower_median(days):
    values = [float(day) for day in days]
    p90 = percentile(values, 0.9)
    assert p90 in values
    assert p90 >= sorted(values)[(len(values) - 1) // 2]
    assert min(values) <= median(values) <= max(values)


def test_a_rate_resting_on_fewer_than_five_cases_is_hidden():
    hidden = suppress(compute("rate", 2, 4), 5)
    assert hidden.suppressed
    assert (hidden.value, hidden.numerator, hidden.denominator) == (None, None, None)


def test_a_rate_whose_part_or_rest_is_small_is_hidden():
    assert suppress(compute("rate", 3, 40), 5).suppressed
    assert suppress(compute("rate", 38, 40), 5).suppressed
    assert not suppress(compute("rate", 20, 40), 5).suppressed


def test_zero_hides_no_one():
    assert not suppress(compute("count", 0), 5).suppressed
    assert not suppress(compute("rate", 0, 0), 5).suppressed


def test_a_small_count_and_a_median_of_few_cases_are_hidden():
    assert suppress(compute("count", 4), 5).suppressed
    assert not suppress(compute("count", 5), 5).suppressed
    assert suppress(compute("median", [3.0, 4.0]), 5).suppressed


@given(
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=2, max_value=10),
)
def test_a_shown_rate_never_rests_on_a_small_part(top, extra, threshold):
    value = suppress(compute("rate", top, top + extra), threshold)
    if not value.suppressed and value.denominator:
        assert value.n >= threshold
        assert top == 0 or top >= threshold
        assert extra == 0 or extra >= threshold


def test_values_survive_a_round_trip_through_json_data():
    value = compute("rate", 5, 8)
    assert IndicatorValue.from_dict(value.as_dict()) == value


def test_the_difference_needs_both_values():
    assert difference(compute("rate", 5, 10), compute("rate", 4, 10)) == 10.0
    assert difference(compute("rate", 5, 10), IndicatorValue("rate", None)) is None
