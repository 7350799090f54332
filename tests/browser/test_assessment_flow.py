"""A counsellor assesses one client in Finnish and another in Swedish, reads
the explanation and overrides the recommendation with a reason."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_roles import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db: Any) -> None:
    from tyonjako.demo.build import build_demo

    build_demo()


def team_clients(count: int) -> list[str]:
    from tyonjako.clients.models import Client

    return list(
        Client.objects.filter(team__code="KESKI-3064", status="active")
        .order_by("key")
        .values_list("key", flat=True)[:count]
    )


def answer_care_client(page: Any) -> None:
    page.check("input[name=coping][value='3']")
    page.check("input[name=functional_capacity][value='moderate']")
    page.check("input[name=difficulty_seeking_services]")
    page.check("input[name=cognitive_or_mental]")


def override(page: Any) -> None:
    form = page.get_by_test_id("decision-form")
    form.locator("select[name=segment]").select_option("cooperation")
    form.locator("select[name=personal_worker]").select_option("either")
    form.locator("input[name=pair_required][value='yes']").check()
    form.locator("select[name=reason]").select_option("continuity")
    form.get_by_test_id("decide").click()
    page.wait_for_load_state()


def test_a_counsellor_assesses_in_finnish_and_swedish_and_overrides(
    demo: None, live_server: Any, page: Any
) -> None:
    from tyonjako.assessments.models import Assessment

    base = live_server.url
    first, second = team_clients(2)
    earlier = set(Assessment.objects.values_list("pk", flat=True))
    log_in(page, base, "ohjaaja")

    page.goto(f"{base}/clients/{first}/")
    page.get_by_test_id("start-assessment").click()
    assert axe_violations(page) == []
    answer_care_client(page)
    page.get_by_test_id("recommend").click()
    page.wait_for_load_state()
    explanations = page.get_by_test_id("explanations").inner_text()
    assert "erityistä tukea" in explanations
    assert page.get_by_test_id("rec-worker").inner_text() == "Sosiaalityöntekijä"
    assert axe_violations(page) == []
    screenshot(page, "assessment-recommendation-fi")
    override(page)
    assert page.get_by_test_id("override-reason").is_visible()
    screenshot(page, "assessment-decision-fi")

    page.get_by_test_id("lang-sv").click()
    page.wait_for_load_state()
    page.goto(f"{base}/clients/{second}/assessment/")
    assert page.locator("html").get_attribute("lang") == "sv"
    answer_care_client(page)
    page.get_by_test_id("recommend").click()
    page.wait_for_load_state()
    assert "särskilt stöd" in page.get_by_test_id("explanations").inner_text()
    assert page.get_by_test_id("rec-worker").inner_text() == "Socialarbetare"
    screenshot(page, "assessment-recommendation-sv")
    override(page)
    assert axe_violations(page) == []

    decided = Assessment.objects.filter(client__key__in=[first, second]).exclude(pk__in=earlier)
    assert decided.count() == 2
    assert all(a.is_override and a.override_reason == "continuity" for a in decided)
    assert page.console_errors == []


def test_a_lead_sees_the_override_chart(demo: None, live_server: Any, page: Any) -> None:
    log_in(page, live_server.url, "johtava")
    page.goto(f"{live_server.url}/assessments/overrides/")
    assert page.locator("#override-chart").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "overrides")
    assert page.console_errors == []
