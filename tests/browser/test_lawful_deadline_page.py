"""An assessment made with erityisen-tuen-tarve@1 for an adult over 75 shows completion
"without undue delay" with the days elapsed (§36), not @1's three months (fi, sv)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_assessment_flow import team_clients
from tests.browser.test_roles import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db: Any) -> None:
    from tyonjako.demo.build import build_demo

    build_demo()


def test_a_version_1_three_month_deadline_of_an_adult_is_not_shown(
    demo: None, live_server: Any, page: Any
) -> None:
    from django.contrib.auth import get_user_model

    from tyonjako.assessments import actions
    from tyonjako.assessments.models import InstrumentVersion
    from tyonjako.clients.models import Client

    (key,) = team_clients(1)
    client = Client.objects.get(key=key)
    actions.activate_instrument(
        InstrumentVersion.objects.get(key="erityisen-tuen-tarve", version=1), team=client.team
    )
    answers = {
        "coping": 3,
        "functional_capacity": "moderate",
        "over_75": True,
        "pending_since": client.pending_since.isoformat(),
    }
    user = get_user_model().objects.get(username="ohjaaja")
    assessment = actions.recommend(client, answers, by=user, day=dt.date(2026, 11, 25))
    assert "assessment_complete_by" in assessment.result["deadlines"]

    base = live_server.url
    log_in(page, base, "ohjaaja")
    page.goto(f"{base}/clients/{key}/assessment/{assessment.pk}/")
    completion = page.get_by_test_id("completion").inner_text()
    assert "ilman aiheetonta viivytystä" in completion and "päivää" in completion
    assert page.get_by_test_id("not-applied").is_visible()
    assert "assessment_start_by" not in page.locator("main").inner_text()  # no raw code
    assert "(seed" not in page.locator("main").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "lawful-completion-v1-adult-fi")
    page.get_by_test_id("lang-sv").click()
    page.wait_for_load_state()
    assert "utan ogrundat dröjsmål" in page.get_by_test_id("completion").inner_text()
    screenshot(page, "lawful-completion-v1-adult-sv")
    assert page.console_errors == []
