"""The hash chain of the access log, as pure functions."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tyonjako.common.hashchain import (
    Link,
    canonical,
    first_break,
    link_digest,
    years_before,
)

GENESIS = "0" * 64


def chain(texts: list[str], anchor: str = GENESIS) -> tuple[list[Link], dict[int, str], str]:
    links, rows, previous = [], {}, anchor
    for number, text in enumerate(texts, start=1):
        previous = link_digest(previous, text)
        links.append(Link(number, number * 10, previous))
        rows[number * 10] = text
    return links, rows, previous


texts = st.lists(st.text(max_size=20), min_size=1, max_size=12)


@given(texts)
def test_an_untouched_chain_holds(values: list[str]) -> None:
    links, rows, last = chain(values)
    assert first_break(GENESIS, links, rows, last) is None


@given(texts, st.data())
def test_changing_any_row_breaks_the_chain_at_that_row(values: list[str], data) -> None:
    links, rows, last = chain(values)
    victim = data.draw(st.sampled_from(links))
    rows[victim.entry_id] += "!"
    broken = first_break(GENESIS, links, rows, last)
    assert broken is not None and broken.seq == victim.seq and broken.reason == "altered"


@given(texts, st.data())
def test_removing_any_row_is_named(values: list[str], data) -> None:
    links, rows, last = chain(values)
    victim = data.draw(st.sampled_from(links))
    del rows[victim.entry_id]
    broken = first_break(GENESIS, links, rows, last)
    assert broken is not None and broken.seq == victim.seq and broken.reason == "missing"


def test_removing_the_last_row_with_its_link_is_caught_at_the_end() -> None:
    links, rows, last = chain(["a", "b", "c"])
    broken = first_break(GENESIS, links[:-1], rows, last)
    assert broken is not None and broken.reason == "end" and broken.seq == 2


def test_a_chain_cut_at_its_front_holds_from_its_new_anchor() -> None:
    links, rows, last = chain(["a", "b", "c", "d"])
    assert first_break(links[1].digest, links[2:], rows, last) is None
    assert first_break(GENESIS, links[2:], rows, last) is not None


def test_the_canonical_form_ignores_key_order_and_time_zone() -> None:
    helsinki = dt.timezone(dt.timedelta(hours=2))
    a = {"b": 1, "a": dt.datetime(2026, 1, 1, 14, 0, tzinfo=helsinki)}
    b = {"a": dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC), "b": 1}
    assert canonical(a) == canonical(b)


def test_years_before_keeps_the_moment_and_handles_a_leap_day() -> None:
    moment = dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC)
    assert years_before(moment, 12) == dt.datetime(2016, 2, 29, 12, tzinfo=dt.UTC)
    assert years_before(moment, 1) == dt.datetime(2027, 2, 28, 12, tzinfo=dt.UTC)
