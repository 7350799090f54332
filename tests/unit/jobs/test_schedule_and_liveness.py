"""The schedule's slots and the workers' liveness: pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.jobs.liveness import Beat, dead, is_alive
from tyonjako.jobs.schedule import Periodic, due, due_slot

UTC = dt.UTC
DAILY = Periodic(name="daily", function=lambda: None, daily_at=dt.time(5, 30))
FIVE = Periodic(name="five", function=lambda: None, every=dt.timedelta(minutes=5))
moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(UTC)
)


def test_a_daily_job_is_due_from_its_helsinki_time() -> None:
    # 5.30 in Helsinki is 3.30 UTC in winter.
    assert due_slot(DAILY, dt.datetime(2026, 11, 25, 3, 29, tzinfo=UTC)) == "2026-11-24"
    assert due_slot(DAILY, dt.datetime(2026, 11, 25, 3, 30, tzinfo=UTC)) == "2026-11-25"


def test_a_slot_already_run_is_not_due_again() -> None:
    moment = dt.datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    done = {("daily", "2026-11-25")}
    assert [entry.name for entry, _slot in due([DAILY, FIVE], moment, lambda *k: k in done)] == [
        "five"
    ]


@given(moments, st.integers(min_value=0, max_value=10**6))
def test_slots_never_go_back_in_time(moment: dt.datetime, seconds: int) -> None:
    later = moment + dt.timedelta(seconds=seconds)
    assert due_slot(DAILY, later) >= due_slot(DAILY, moment)
    assert int(due_slot(FIVE, later)[1:]) >= int(due_slot(FIVE, moment)[1:])


@given(moments)
def test_a_periodic_job_has_one_slot_per_window(moment: dt.datetime) -> None:
    start = dt.datetime.fromtimestamp(int(due_slot(FIVE, moment)[1:]), tz=UTC)
    assert start <= moment < start + dt.timedelta(minutes=5)
    assert due_slot(FIVE, moment + dt.timedelta(minutes=5)) != due_slot(FIVE, moment)
    # 26 hours: a day longer than 24 hours (autumn) still ends within them.
    assert due_slot(DAILY, moment + dt.timedelta(hours=26)) != due_slot(DAILY, moment)


def test_register_wants_exactly_one_rhythm() -> None:
    from tyonjako.jobs.schedule import register

    with pytest.raises(ValueError):
        register("x", lambda: None)
    with pytest.raises(ValueError):
        register("x", lambda: None, every=dt.timedelta(seconds=5))


NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_a_worker_on_this_host_lives_as_long_as_its_process() -> None:
    beat = Beat("here:41:x", "here", 41, NOW - dt.timedelta(hours=1))  # an old beat
    assert is_alive(beat, now=NOW, host="here", process_exists=lambda pid: pid == 41)
    assert not is_alive(beat, now=NOW, host="here", process_exists=lambda pid: False)


def test_a_worker_elsewhere_lives_while_its_heartbeat_is_fresh() -> None:
    fresh = Beat("there:7:x", "there", 7, NOW - dt.timedelta(seconds=30))
    stale = Beat("there:8:y", "there", 8, NOW - dt.timedelta(minutes=5))
    beats = {b.worker_id: b for b in (fresh, stale)}
    found = dead(
        ["there:7:x", "there:8:y", "gone:1:z"],
        beats,
        now=NOW,
        host="here",
        process_exists=lambda pid: True,
    )
    assert found == {"there:8:y", "gone:1:z"}
