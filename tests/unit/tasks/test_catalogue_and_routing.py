"""The default task catalogue and the routing of every shipped instrument agree (seed 002):
whenever the routing lets a counsellor be the personal worker, the counsellor's job
description in force includes acting as personal worker; whenever it needs a social
worker as work pair (§42), the social worker's includes that reserved task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings

from tests.unit.assessments.strategies import answers
from tyonjako.assessments.engine import SHIPPED_PATHS, Instrument, evaluate, load_instrument
from tyonjako.tasks.catalogue import default_catalogue, effective_description, may_do

INSTRUMENTS: list[Instrument] = [load_instrument(path) for path in SHIPPED_PATHS]
CATALOGUE = default_catalogue()
TODAY = dt.date(2026, 6, 1)
PERSONAL_WORKER_TASK = "omatyontekijyys"
PAIR_TASK = "erityisen-tuen-tyopari"
# The routing's professional → the professions of the job descriptions who may be it.
MAY_BE = {
    "social_worker": ("social_worker",),
    "counsellor": ("counsellor",),
    "either": ("social_worker", "counsellor"),
}


def tasks_in_force(profession: str) -> frozenset[str]:
    job = effective_description(CATALOGUE.job_descriptions, profession, "", TODAY)
    assert job is not None, profession
    return job.task_codes


def agrees(instrument: Instrument, raw: dict[str, Any]) -> None:
    result = evaluate(instrument, raw, today=TODAY)
    task = CATALOGUE.tasks[PERSONAL_WORKER_TASK]
    for profession in MAY_BE.get(result.personal_worker, ()):
        assert PERSONAL_WORKER_TASK in tasks_in_force(profession), (
            instrument.rule_version,
            result.segment,
            profession,
        )
        assert may_do(task, profession).allowed
    if result.special_support and result.personal_worker != "social_worker":
        assert result.pair_required
        pair = CATALOGUE.tasks[PAIR_TASK]
        assert PAIR_TASK in tasks_in_force("social_worker")
        assert may_do(pair, "social_worker").allowed
        assert not may_do(pair, "counsellor").allowed and may_do(pair, "counsellor").refusal


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.rule_version)
@settings(max_examples=300, deadline=None)
@given(raw=answers())
def test_every_routing_result_has_a_job_description_that_allows_it(
    instrument: Instrument, raw: dict[str, Any]
) -> None:
    agrees(instrument, raw)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.rule_version)
def test_a_cooperation_client_may_have_a_counsellor_as_personal_worker(
    instrument: Instrument,
) -> None:
    """Seed 002: cooperation clients can be the counsellor's where the routing allows it."""
    cooperation = {"coping": 2, "functional_capacity": "good", "client_groups": ["typ"]}
    result = evaluate(instrument, cooperation, today=TODAY)
    assert result.segment == "cooperation"
    assert "counsellor" in MAY_BE[result.personal_worker]
    assert PERSONAL_WORKER_TASK in tasks_in_force("counsellor")
    agrees(instrument, cooperation)


def test_the_routing_can_name_every_professional_the_catalogue_gives_the_task() -> None:
    """The other direction: each profession whose job description in force has the personal
    worker task is one that some shipped routing can name."""
    named = {
        profession
        for instrument in INSTRUMENTS
        for table in instrument.tables
        if table.output == "personal_worker"
        for row in table.rows
        for profession in MAY_BE.get(str(row.value), ())
    }
    holders = {
        job.profession
        for job in CATALOGUE.job_descriptions
        if PERSONAL_WORKER_TASK in tasks_in_force(job.profession)
    }
    assert holders <= named and "counsellor" in holders
