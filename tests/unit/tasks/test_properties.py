"""Properties that hold for any input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tyonjako.tasks.catalogue import TaskRow, default_catalogue, derive_task, task_report
from tyonjako.tasks.catalogue.model import PROFESSIONS

CATALOGUE = default_catalogue()
TASK_CODES = [*CATALOGUE.tasks, "unknown-task"]
INDICATED = sorted({i.value for t in CATALOGUE.tasks.values() for i in t.indicators})

rows = st.builds(
    TaskRow,
    task_code=st.none() | st.sampled_from(TASK_CODES),
    profession=st.sampled_from(PROFESSIONS),
    minutes=st.none() | st.integers(min_value=0, max_value=600),
)
codes = st.lists(st.sampled_from(INDICATED) | st.text(max_size=12), max_size=6)
reasons = st.none() | st.sampled_from(INDICATED) | st.text(max_size=12)


@given(st.lists(rows, max_size=40))
def test_the_share_is_between_zero_and_one(sample: list[TaskRow]) -> None:
    share = task_report(sample, CATALOGUE)["social_worker_share_on_counsellor_tasks"]
    assert share is None or 0.0 <= share <= 1.0


@given(st.lists(rows, max_size=40))
def test_counts_add_up_to_the_rows(sample: list[TaskRow]) -> None:
    report = task_report(sample, CATALOGUE)
    linked = sum(c["count"] for by in report["tasks"].values() for c in by.values())
    assert linked + sum(report["unlinked"].values()) == len(sample)


@given(codes, reasons, st.none() | st.sampled_from(PROFESSIONS))
def test_derive_task_is_deterministic(
    sample: list[str], reason: str | None, profession: str | None
) -> None:
    first = derive_task(sample, reason, CATALOGUE, profession=profession)
    again = derive_task(list(reversed(sample)), reason, CATALOGUE, profession=profession)
    assert first == again
    assert first is None or first in CATALOGUE.tasks


@given(codes, reasons)
def test_a_profession_changes_the_task_only_when_there_is_a_match(
    sample: list[str], reason: str | None
) -> None:
    plain = derive_task(sample, reason, CATALOGUE)
    for profession in PROFESSIONS:
        chosen = derive_task(sample, reason, CATALOGUE, profession=profession)
        assert (plain is None) == (chosen is None)
