"""Task report arithmetic against figures worked out by hand."""

from __future__ import annotations

import pytest

from tyonjako.tasks.catalogue import TaskRow, task_report

from .helpers import catalogue, task

CAT = catalogue(
    task("assess", "social_worker_only", minutes=90),
    task("guide", "counsellor", minutes=45),
    task("discharge", "either"),  # no typical minutes
    task("book", "service_secretary", minutes=10),
)

SW, SO = "social_worker", "counsellor"

ROWS = [
    TaskRow("assess", SW, 60),
    TaskRow("assess", SW, None),  # 90 typical
    TaskRow("guide", SW, 30),
    TaskRow("guide", SW, None),  # 45 typical
    TaskRow("discharge", SW, None),  # no typical: 0
    TaskRow("discharge", SW, 15),
    TaskRow("guide", SO, 40),
    TaskRow("guide", SO, 20),
    TaskRow("book", "service_secretary", None),  # 10 typical
    TaskRow(None, SW, 25),  # unlinked, but social-worker time
    TaskRow(None, SO, None),
    TaskRow(None, SO, 5),
]


def test_report_by_task_and_profession() -> None:
    report = task_report(ROWS, CAT)
    assert report["tasks"] == {
        "assess": {SW: {"count": 2, "hours": 2.5}},  # 150 min
        "guide": {
            SO: {"count": 2, "hours": 1.0},  # 60 min
            SW: {"count": 2, "hours": 1.3},  # 75 min = 1.25 h, rounded half up
        },
        "discharge": {SW: {"count": 2, "hours": 0.3}},  # 15 min = 0.25 h
        "book": {"service_secretary": {"count": 1, "hours": 0.2}},  # 10 min = 0.1666 h
    }
    assert report["unlinked"] == {SO: 2, SW: 1}


def test_the_share_of_social_worker_time_on_counsellor_tasks() -> None:
    report = task_report(ROWS, CAT)
    # social worker: assess 150 + guide 75 + discharge 15 + unlinked 25 = 265 min;
    # on counsellor or either tasks: guide 75 + discharge 15 = 90 min; 90 / 265 = 0.3396
    assert report["social_worker_hours"] == 4.4
    assert report["social_worker_hours_on_counsellor_tasks"] == 1.5
    assert report["social_worker_share_on_counsellor_tasks"] == 0.340


def test_no_social_worker_hours_gives_no_share() -> None:
    assert task_report([], CAT)["social_worker_share_on_counsellor_tasks"] is None
    rows = [TaskRow("guide", SO, 30), TaskRow("discharge", SW, None)]
    report = task_report(rows, CAT)
    assert report["social_worker_share_on_counsellor_tasks"] is None
    assert report["tasks"]["discharge"] == {SW: {"count": 1, "hours": 0.0}}


def test_all_social_worker_time_on_counsellor_tasks_is_one() -> None:
    rows = [TaskRow("guide", SW, 30), TaskRow("discharge", SW, 30)]
    assert task_report(rows, CAT)["social_worker_share_on_counsellor_tasks"] == 1.0


def test_tasks_follow_the_catalogue_and_unknown_codes_come_last() -> None:
    rows = [TaskRow("zz", SW, 60), TaskRow("book", SO, 6), TaskRow("assess", SW, 6)]
    report = task_report(rows, CAT)
    assert list(report["tasks"]) == ["assess", "book", "zz"]
    assert report["tasks"]["zz"] == {SW: {"count": 1, "hours": 1.0}}
    assert report["social_worker_share_on_counsellor_tasks"] == 0.0  # 0 / 66


def test_zero_minutes_is_not_missing() -> None:
    report = task_report([TaskRow("assess", SW, 0)], CAT)
    assert report["tasks"]["assess"][SW]["hours"] == 0.0


def test_negative_minutes_are_an_error() -> None:
    with pytest.raises(ValueError, match="negative minutes"):
        task_report([TaskRow("assess", SW, -1)], CAT)
