"""Issue 14: the aggregate pages a director sees, in Finnish and Swedish, accessible."""

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


def test_a_director_reads_compliance_and_statistics_with_the_period_and_legend(
    demo: None, live_server: Any, page: Any
) -> None:
    log_in(page, live_server.url, "johtaja")
    for language in ("fi", "sv"):
        page.get_by_test_id(f"lang-{language}").click()
        page.goto(f"{live_server.url}/reports/compliance/")
        assert page.get_by_test_id("compliance-table").is_visible()
        assert page.get_by_test_id("applied-period").is_visible()
        assert page.get_by_test_id("suppression-legend").is_visible()
        assert axe_violations(page) == []
        screenshot(page, f"reports-compliance-{language}")
        page.goto(
            f"{live_server.url}/encounters/statistics/?units=KESKI-3064&profession=counsellor"
        )
        page.get_by_test_id("recording-link").click()
        assert page.get_by_test_id("applied-period").is_visible()
        # how encounters are recorded: the monthly chart and the completeness table
        assert page.locator("#months-chart").is_visible()
        assert page.get_by_test_id("completeness-KESKI-3064").is_visible()
        assert axe_violations(page) == []
        screenshot(page, f"encounters-statistics-{language}")
    assert page.console_errors == []
