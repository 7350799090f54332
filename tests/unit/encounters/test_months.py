"""The split of a statistics period into whole months (tallies) and edge days."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tyonjako.encounters.months import PeriodSplit, month_end, month_of, split_period

D = dt.date
LOW, HIGH = D(2022, 11, 1), D(2024, 3, 31)  # the days a test period can cover
days = st.dates(min_value=LOW, max_value=HIGH)


def covered(split: PeriodSplit) -> list[dt.date]:
    """Every day of the split, each as often as a part covers it (bounded by LOW..HIGH)."""
    out: list[dt.date] = []
    if split.whole is not None:
        first, last = split.whole
        month = first or month_of(LOW)
        while month <= (last or month_of(HIGH)):
            assert month.day == 1
            out += _days(month, month_end(month))
            month = month_end(month) + dt.timedelta(days=1)
    for start, end in split.edges:
        out += _days(start or LOW, end or HIGH)
    return sorted(out)


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


@given(start=st.none() | days, end=st.none() | days)
def test_every_day_of_the_period_is_in_exactly_one_part(
    start: dt.date | None, end: dt.date | None
) -> None:
    expected = _days(start or LOW, end or HIGH)
    assert covered(split_period(start, end)) == expected


@given(start=st.none() | days, end=st.none() | days)
def test_edges_stay_inside_one_month_each(start: dt.date | None, end: dt.date | None) -> None:
    split = split_period(start, end)
    assert len(split.edges) <= 2
    for edge_start, edge_end in split.edges:
        assert edge_start is not None and edge_end is not None
        assert month_of(edge_start) == month_of(edge_end)


def test_a_calendar_year_is_twelve_whole_months_and_no_edges() -> None:
    assert split_period(D(2023, 1, 1), D(2023, 12, 31)) == PeriodSplit(
        (D(2023, 1, 1), D(2023, 12, 1)), ()
    )


def test_a_cut_off_date_reads_every_month_before_it_and_counts_its_own_month() -> None:
    assert split_period(None, D(2023, 6, 15)) == PeriodSplit(
        (None, D(2023, 5, 1)), ((D(2023, 6, 1), D(2023, 6, 15)),)
    )


def test_a_period_inside_one_month_is_counted_directly() -> None:
    assert split_period(D(2023, 2, 3), D(2023, 2, 20)) == PeriodSplit(
        None, ((D(2023, 2, 3), D(2023, 2, 20)),)
    )
    assert split_period(D(2023, 2, 1), D(2023, 2, 27)) == PeriodSplit(
        None, ((D(2023, 2, 1), D(2023, 2, 27)),)
    )


def test_a_period_across_a_month_boundary_has_two_edges_and_no_whole_month() -> None:
    assert split_period(D(2023, 1, 20), D(2023, 2, 10)) == PeriodSplit(
        None, ((D(2023, 1, 20), D(2023, 1, 31)), (D(2023, 2, 1), D(2023, 2, 10)))
    )


def test_an_empty_period_has_no_parts() -> None:
    assert split_period(D(2023, 3, 2), D(2023, 3, 1)) == PeriodSplit(None, ())


def test_month_of_accepts_iso_text_from_a_raw_cursor() -> None:
    assert month_of("2024-02-29") == D(2024, 2, 1)
    assert month_end(D(2024, 2, 1)) == D(2024, 2, 29)
    assert month_end(D(2023, 12, 1)) == D(2023, 12, 31)
