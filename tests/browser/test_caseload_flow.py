"""A lead opens the intake queue, takes a suggestion, assigns a personal worker
and a pair, and the compliance finding disappears."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_roles import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def waiting_client(transactional_db: Any) -> str:
    """A demo client with a decided special-support assessment and no personal worker."""
    from django.contrib.auth.models import User

    from tyonjako.assessments import actions
    from tyonjako.assessments.rules import Decision
    from tyonjako.caseload.models import Assignment
    from tyonjako.clients.models import Client
    from tyonjako.demo.build import build_demo

    build_demo()
    with_worker = Assignment.objects.filter(end__isnull=True).values("client_id")
    client = (
        Client.objects.filter(team__code="KESKI-3064", status="active")
        .exclude(pk__in=with_worker)
        .order_by("key")
        .first()
    )
    assert client is not None
    worker = User.objects.get(username="sosiaalityontekija")
    answers = {
        "coping": 2,
        "functional_capacity": "moderate",
        "difficulty_seeking_services": True,
        "multiple_needs": True,
        "commits_to_services": True,
        "coordination_need": True,
    }
    assessment = actions.recommend(client, answers, by=worker)
    actions.decide(
        assessment, Decision(True, "cooperation", "either", True), by=worker, reason="more_complex"
    )
    return client.key


def test_a_lead_assigns_from_the_queue_and_the_finding_goes(
    waiting_client: str, live_server: Any, page: Any
) -> None:
    base = live_server.url
    log_in(page, base, "johtava")
    page.goto(f"{base}/caseload/KESKI-3064/compliance/")
    assert page.get_by_test_id(f"finding-no_personal_worker-{waiting_client}").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "caseload-compliance-before")

    page.goto(f"{base}/caseload/KESKI-3064/")
    assert axe_violations(page) == []
    screenshot(page, "caseload-queue")
    # The queue comes a page (50 rows) at a time: the lead pages on to the client.
    while not page.get_by_test_id(f"assign-{waiting_client}").count():
        page.get_by_role("link", name="Seuraava").click()
        page.wait_for_load_state()
    page.get_by_test_id(f"assign-{waiting_client}").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    screenshot(page, "caseload-assign")
    page.get_by_test_id("take-personal_worker-1").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("current-personal-worker").inner_text() != "–"
    page.get_by_test_id("take-pair-1").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("current-pairs").is_visible()
    screenshot(page, "caseload-assigned")

    page.goto(f"{base}/caseload/KESKI-3064/compliance/")
    assert page.locator(f"[data-testid$='-{waiting_client}']").count() == 0
    page.goto(f"{base}/caseload/KESKI-3064/workers/")
    assert page.locator("#load-chart").is_visible()
    assert axe_violations(page) == []
    assert page.get_by_test_id("worker-changes-per-client").is_visible()
    screenshot(page, "caseload-workers")

    # After the personal worker is named, the manual picker asks to confirm a replacement.
    page.goto(f"{base}/clients/{waiting_client}/assign/")
    assert page.get_by_test_id("manual-replace").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "caseload-assign-replace-fi")
    page.get_by_test_id("lang-sv").click()
    page.wait_for_load_state()
    assert "Ersätt" in page.get_by_test_id("manual-replace").inner_text()
    screenshot(page, "caseload-assign-replace-sv")
    page.goto(f"{base}/caseload/KESKI-3064/workers/")
    assert axe_violations(page) == []
    screenshot(page, "caseload-workers-sv")
    assert page.console_errors == []
