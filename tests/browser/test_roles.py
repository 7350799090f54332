"""Each demo role logs in, sees its home page, switches to Swedish and back,
with no console errors and no serious accessibility violations."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tyonjako.demo.organisation import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db: Any) -> None:
    from tyonjako.demo.build import build_demo

    build_demo()


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(f"{base}/")


EXPECTED = {
    "counsellor": "own-personal",
    "social_worker": "own-personal",
    "lead": "open-posts",
    "secretary": "new-last-7",
    "director": "clients-by-team",
    "evaluator": "clients-by-team",
    "admin": "clients-by-team",
}


def test_every_role_logs_in_and_switches_language(demo: None, live_server: Any, page: Any) -> None:
    base = live_server.url
    for user in DEMO_USERS:
        page.context.clear_cookies()
        log_in(page, base, user.username)
        assert page.get_by_test_id(EXPECTED[user.role]).is_visible(), user.username
        assert page.get_by_test_id("current-user").inner_text().startswith(user.username)
        assert axe_violations(page) == [], user.username
        screenshot(page, f"home-{user.role}-fi")
        page.get_by_test_id("lang-sv").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "sv"
        assert page.get_by_role("button", name="Logga ut").is_visible()
        assert axe_violations(page) == [], f"{user.username} (sv)"
        screenshot(page, f"home-{user.role}-sv")
        page.get_by_test_id("lang-fi").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "fi"
    assert page.console_errors == []


def test_client_pages_are_accessible_and_the_read_is_logged(
    demo: None, live_server: Any, page: Any
) -> None:
    from auditlog.models import LogEntry

    base = live_server.url
    log_in(page, base, "ohjaaja")
    page.get_by_role("link", name="Asiakkaat", exact=True).click()
    assert axe_violations(page) == []
    screenshot(page, "client-list")
    first = page.get_by_test_id("client-table").locator("tbody a").first
    key = first.inner_text()
    first.click()
    assert page.get_by_test_id("client-key").inner_text() == key
    assert axe_violations(page) == []
    assert LogEntry.objects.filter(
        object_repr=key, actor__username="ohjaaja", additional_data__purpose="client_page"
    ).exists()
    page.goto(f"{base}/clients/new/")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_admin_pages_are_accessible(demo: None, live_server: Any, page: Any) -> None:
    base = live_server.url
    log_in(page, base, "paakayttaja")
    for path in ("/organisation/", "/organisation/teams/KESKI-3064/", "/audit/"):
        page.goto(base + path)
        assert axe_violations(page) == [], path
        screenshot(page, path.strip("/").replace("/", "-"))
    assert page.console_errors == []
