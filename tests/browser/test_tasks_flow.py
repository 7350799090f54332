"""A lead edits a job description, publishes a version effective from a future
date, and prints it in Swedish."""

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


def test_a_lead_publishes_a_future_version_and_prints_it_in_swedish(
    demo: None, live_server: Any, page: Any
) -> None:
    from tyonjako.tasks.models import JobDescriptionVersion

    base = live_server.url
    log_in(page, base, "johtava")
    page.goto(f"{base}/tasks/job-descriptions/")
    assert axe_violations(page) == []
    page.get_by_test_id("new-counsellor").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    boxes = page.locator("input[name=tasks]:checked")
    boxes.last.uncheck()
    page.locator("#effective_from").fill("1.3.2027")
    page.locator("#notes_sv").fill("Uppdaterad arbetsbeskrivning")
    screenshot(page, "tasks-edit")
    page.get_by_test_id("publish").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("changes").is_visible()
    version = (
        JobDescriptionVersion.objects.filter(profession="counsellor", unit__isnull=False)
        .order_by("-version")
        .first()
    )
    assert version.status == "published" and version.effective_from.isoformat() == "2027-03-01"
    page.goto(f"{base}/tasks/job-descriptions/{version.pk}/print/?language=sv")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "1.3.2027" in page.content()
    screenshot(page, "tasks-print-sv")
    assert page.console_errors == []
