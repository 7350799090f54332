"""A counsellor's decision against a recommendation of special support waits; a social
worker in public office finds it in "awaiting my confirmation" and confirms it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_assessment_flow import answer_care_client, team_clients
from tests.browser.test_roles import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db: Any) -> None:
    from tyonjako.demo.build import build_demo

    build_demo()


def test_an_override_waits_for_confirmation_and_is_confirmed(
    demo: None, live_server: Any, page: Any
) -> None:
    from tyonjako.assessments.models import Assessment

    base = live_server.url
    (key,) = team_clients(1)
    log_in(page, base, "ohjaaja")
    page.goto(f"{base}/clients/{key}/assessment/")
    answer_care_client(page)
    page.get_by_test_id("recommend").click()
    page.wait_for_load_state()
    form = page.get_by_test_id("decision-form")
    form.locator("input[name=special_support][value='no']").check()
    form.locator("select[name=segment]").select_option("guidance")
    form.locator("select[name=personal_worker]").select_option("counsellor")
    form.locator("input[name=pair_required][value='no']").check()
    form.locator("select[name=reason]").select_option("lighter")
    form.get_by_test_id("decide").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("awaiting-note").is_visible()
    screenshot(page, "decision-awaiting-confirmation-fi")

    page.context.clear_cookies()
    log_in(page, base, "sosiaalityontekija")
    assert page.get_by_test_id("awaiting-my-confirmation").inner_text() == "1"
    page.get_by_role("link", name="Odottaa vahvistustani").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    screenshot(page, "awaiting-my-confirmation-fi")
    page.get_by_test_id("awaiting-confirmation").get_by_role("link", name=key).click()
    page.wait_for_load_state()
    page.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    assessment = Assessment.objects.filter(client__key=key).latest("created_at")
    assert assessment.status == "completed" and assessment.confirmed_by is not None
    assert page.console_errors == []


def test_the_navigation_bar_is_one_row_at_1366_px_for_every_role(
    demo: None, live_server: Any, browser: Any
) -> None:
    from tyonjako.demo.organisation import DEMO_USERS

    context = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    for user in DEMO_USERS:
        for language in ("fi", "sv"):
            page.context.clear_cookies()
            log_in(page, live_server.url, user.username)
            if language == "sv":
                page.get_by_test_id("lang-sv").click()
                page.wait_for_load_state()
            height = page.evaluate("document.querySelector('nav.navbar').offsetHeight")
            assert height < 70, f"{user.username} ({language}): {height} px"
    context.close()


def _counsellor_override(page: Any, base: str, key: str) -> None:
    log_in(page, base, "ohjaaja")
    page.goto(f"{base}/clients/{key}/assessment/")
    answer_care_client(page)
    page.get_by_test_id("recommend").click()
    page.wait_for_load_state()
    form = page.get_by_test_id("decision-form")
    form.locator("input[name=special_support][value='no']").check()
    form.locator("select[name=segment]").select_option("guidance")
    form.locator("select[name=personal_worker]").select_option("counsellor")
    form.locator("input[name=pair_required][value='no']").check()
    form.locator("select[name=reason]").select_option("lighter")
    form.get_by_test_id("decide").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("awaiting-note").is_visible()
    page.context.clear_cookies()


def test_the_confirmer_changes_the_decision_on_the_page(
    demo: None, live_server: Any, page: Any
) -> None:
    """A §42-breaking change is refused in the open form; a lawful one with a reason is
    confirmed (fi), and the same page works in Swedish."""
    from tyonjako.assessments.models import Assessment

    base = live_server.url
    first, second = team_clients(2)
    for key, language in ((first, "fi"), (second, "sv")):
        _counsellor_override(page, base, key)
        log_in(page, base, "sosiaalityontekija")
        if language == "sv":
            page.get_by_test_id("lang-sv").click()
            page.wait_for_load_state()
        assessment = Assessment.objects.get(client__key=key, status="awaiting_confirmation")
        page.goto(f"{base}/clients/{key}/assessment/{assessment.pk}/")
        page.get_by_test_id("change-decision").locator("summary").click()
        change = page.get_by_test_id("change-form")
        change.locator("input[name='confirm-special_support'][value='yes']").check()
        change.locator("select[name='confirm-segment']").select_option("cooperation")
        change.locator("select[name='confirm-personal_worker']").select_option("counsellor")
        change.locator("input[name='confirm-pair_required'][value='no']").check()
        change.locator("select[name='confirm-reason']").select_option("continuity")
        change.get_by_test_id("change-and-confirm").click()
        page.wait_for_load_state()
        assert "42" in page.get_by_test_id("change-form").inner_text()
        assert page.get_by_test_id("completion").is_visible()
        assert axe_violations(page) == []
        screenshot(page, f"confirm-change-refused-{language}")
        change = page.get_by_test_id("change-form")
        change.locator("input[name='confirm-pair_required'][value='yes']").check()
        change.get_by_test_id("change-and-confirm").click()
        page.wait_for_load_state()
        screenshot(page, f"confirm-change-done-{language}")
        assessment.refresh_from_db()
        assert assessment.status == "completed" and assessment.special_support
        assert (assessment.personal_worker, assessment.pair_required) == ("counsellor", True)
        page.context.clear_cookies()
    # The refused change answers 400 by design (the form with its errors); nothing else.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
