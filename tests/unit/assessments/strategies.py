"""Hypothesis strategies for answer sets of the default instrument."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

GROUPS = [
    "stuck_at_home",
    "challenging_substance_mental",
    "challenging_behaviour",
    "eviction",
    "hoarding",
    "housing_service",
    "typ",
    "rehabilitative_work",
    "neuropsychiatric",
    "criminal_sanctions",
    "homeless",
]
BOOLS = [
    "cognitive_or_mental",
    "substance_or_addiction",
    "multiple_needs",
    "other_comparable",
    "difficulty_seeking_services",
    "need_due_to_old_age_only",
    "coordination_need",
    "commits_to_services",
    "uses_digital_services",
    "urgent",
    "over_75",
    "highest_care_allowance",
]


@st.composite
def answers(draw: st.DrawFn, **fixed: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "coping": draw(st.integers(1, 4)),
        "functional_capacity": draw(st.sampled_from(["good", "moderate", "poor"])),
        "client_groups": draw(st.lists(st.sampled_from(GROUPS), unique=True, max_size=4)),
        "pending_since": draw(st.none() | st.dates(date(2025, 1, 1), date(2027, 12, 31))),
    }
    for key in BOOLS:
        result[key] = draw(st.booleans())
    result.update(fixed)
    return result
