"""The assessment form: intake facts carried in, every error listed at the top."""

import datetime as dt

import pytest

from tests.conftest import Org
from tests.factories import ClientFactory
from tyonjako.assessments.rules import intake_answers

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 25)
ITEMS = frozenset({"pending_since", "urgent", "over_75", "under_18"})


def test_intake_facts_become_answers() -> None:
    pending = dt.date(2026, 11, 20)
    known = intake_answers(
        ITEMS, pending_since=pending, birth_year=1940, assessment_start_by=pending, today=DAY
    )
    assert known == {"pending_since": pending, "urgent": True, "over_75": True, "under_18": False}


def test_only_the_instruments_items_are_filled() -> None:
    known = intake_answers(
        frozenset({"over_75"}),
        pending_since=DAY,
        birth_year=1990,
        assessment_start_by=None,
        today=DAY,
    )
    assert known == {"over_75": False}


def test_the_new_form_shows_what_intake_entered(org: Org, login) -> None:
    ClientFactory(
        key="AS-9",
        team=org.team_a,
        birth_year=1945,
        pending_since=dt.date(2026, 11, 20),
        assessment_start_by=dt.date(2026, 11, 20),
    )
    form = login(org.counsellor).get("/clients/AS-9/assessment/").context["form"]
    assert form.initial["over_75"] is True and form.initial["urgent"] is True
    assert form.initial["pending_since"] == dt.date(2026, 11, 20)


def test_every_error_is_listed_at_the_top_with_a_link(org: Org, login) -> None:
    response = login(org.counsellor).post("/clients/AS-1/assessment/", {"coping": "2"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html and 'href="#item-functional_capacity"' in html
    assert "error-summary.js" in html
