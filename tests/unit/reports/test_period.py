"""The door's period: parsed once, refused when swapped, printed as applied."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.reports.door import BadPeriod, Period


def test_finnish_and_iso_dates_are_read_and_empty_is_no_limit() -> None:
    period = Period.parse("1.3.2023", "2023-10-31")
    assert period == Period(dt.date(2023, 3, 1), dt.date(2023, 10, 31))
    assert Period.parse("", "  ") == Period() and Period.parse(None, None).is_open


def test_swapped_dates_are_refused() -> None:
    with pytest.raises(BadPeriod):
        Period.parse("31.12.2023", "1.1.2023")


def test_a_bad_date_is_refused_with_the_forms_it_takes() -> None:
    with translation.override("en"), pytest.raises(BadPeriod, match=r"31\.12\.2023"):
        Period.parse("31.2.2023", None)


def test_the_label_says_what_was_applied_never_a_placeholder() -> None:
    with translation.override("en"):
        assert Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).label() == "1.1.2026–31.12.2026"
        assert Period(None, dt.date(2026, 6, 30)).label() == "up to 30.6.2026"
        assert Period(dt.date(2026, 6, 1)).label() == "from 1.6.2026 on"
        assert "all time" in Period().label()


@given(st.dates(), st.dates())
def test_a_period_exists_only_in_order(a: dt.date, b: dt.date) -> None:
    if b < a:
        with pytest.raises(BadPeriod):
            Period(a, b)
    else:
        assert Period(a, b).as_dict() == {"from": a.isoformat(), "to": b.isoformat()}
