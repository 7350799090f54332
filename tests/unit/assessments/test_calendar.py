"""Weekday arithmetic with Finnish public holidays."""

from __future__ import annotations

from datetime import date

import pytest

from tyonjako.assessments.engine import WorkCalendar, evaluate, load_instrument
from tyonjako.assessments.engine.calendar import add_months

from .helpers import default_text

FI = WorkCalendar()


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 3, 2), 0, date(2026, 3, 2)),  # 0 weekdays: the same day
        (date(2026, 3, 2), 1, date(2026, 3, 3)),
        (date(2026, 3, 2), 7, date(2026, 3, 11)),
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday -> Monday
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # pending on a Saturday
        (date(2026, 12, 22), 7, date(2027, 1, 5)),  # Christmas, New Year
        (date(2026, 4, 1), 7, date(2026, 4, 14)),  # Good Friday, Easter Monday
        (date(2026, 6, 16), 7, date(2026, 6, 26)),  # Midsummer Eve
        (date(2026, 5, 13), 7, date(2026, 5, 25)),  # Ascension Day
        (date(2026, 4, 30), 7, date(2026, 5, 12)),  # May Day
        (date(2026, 1, 5), 7, date(2026, 1, 15)),  # Epiphany
        (date(2025, 12, 3), 3, date(2025, 12, 8)),  # Independence Day on a Saturday
    ],
)
def test_add_working_days(start: date, count: int, expected: date) -> None:
    assert FI.add_working_days(start, count) == expected


def test_holidays_are_not_working_days() -> None:
    for day in (
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 14),
        date(2026, 6, 19),
    ):
        assert not FI.is_working_day(day), day
    assert FI.is_working_day(date(2026, 12, 23))
    assert not FI.is_working_day(date(2026, 3, 7))


def test_calendar_is_configurable() -> None:
    with_saturdays = WorkCalendar(working_days=frozenset(range(6)))
    assert with_saturdays.add_working_days(date(2026, 3, 2), 7) == date(2026, 3, 10)
    no_holidays = WorkCalendar(public_holidays=None)
    assert no_holidays.add_working_days(date(2026, 12, 22), 7) == date(2026, 12, 31)
    extra = WorkCalendar(
        extra_days_off=frozenset({date(2026, 3, 3)}),
        extra_working_days=frozenset({date(2026, 12, 24)}),
    )
    assert extra.add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 4)
    assert extra.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)
    with pytest.raises(ValueError):
        FI.add_working_days(date(2026, 1, 1), -1)


def test_instrument_calendar_and_amount_are_data() -> None:
    text = default_text().replace(
        "working_days: [mon, tue, wed, thu, fri]", "working_days: [mon, tue, wed, thu, fri, sat]"
    )
    text = text.replace(
        "deadline: {from: pending_since, weekdays: 7}",
        "deadline: {from: pending_since, weekdays: 5}",
    )
    variant = load_instrument(text)
    answers = {
        "coping": 1,
        "functional_capacity": "good",
        "over_75": True,
        "pending_since": "2026-03-02",
    }
    assert evaluate(variant, answers).deadlines["assessment_start_by"] == date(2026, 3, 7)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 22), 3) == date(2027, 3, 22)
