"""The October staff survey end to end: answered by a single-use link in Swedish on a
phone-size screen with the keyboard, results shown only past the minimum, and compared
with a baseline round."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
LIBRARY = Path(__file__).resolve().parents[2] / "tyonjako" / "surveys" / "library"
SHOTS = Path(os.environ.get("TYONJAKO_SHOTS", "/tmp/shots/i15"))

ANSWER = {
    "respondent_role": "nurse",
    "cooperation": ["consultation"],
    "reachable": "4",
    "clear_roles": "4",
    "clients_helped": "5",
    "fits_health_care": "4",
    "overall": "8",
}


def _shot(page: Any, name: str) -> None:
    screenshot(page, name)
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill("salasana")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(f"{base}/")


def test_answer_by_link_in_swedish_on_a_phone_then_results_and_comparison(
    transactional_db: Any, org: Any, live_server: Any, browser: Any
) -> None:
    from tyonjako.surveys import actions
    from tyonjako.surveys.models import Response, Round

    path = LIBRARY / "october-staff-survey.yaml"
    version = actions.load_survey(path.read_bytes(), path.name, by=None)
    unit = org.team_a.unit
    baseline = actions.create_round(
        version,
        actions.RoundPlan("Lähtötaso 2025", dt.date(2025, 10, 1), dt.date(2025, 10, 15), unit),
        by=None,
    )
    Round.objects.filter(pk=baseline.pk).update(
        opens_on=dt.date(2025, 10, 1), closes_on=dt.date(2025, 10, 16)
    )
    Response.objects.bulk_create(
        Response(
            round=baseline,
            received_on=dt.date(2025, 10, 10),
            answers={**ANSWER, "clear_roles": "2"},
        )
        for _ in range(8)
    )
    follow_up = actions.open_round(
        actions.create_round(
            version,
            actions.RoundPlan("Seuranta 2026", dt.date(2026, 11, 20), dt.date(2026, 11, 30), unit),
            by=None,
        ),
        by=None,
    )
    token = actions.issue_tokens(follow_up, 1, team_code=org.team_a.code, by=None)[0]

    base = live_server.url
    phone = browser.new_context(
        locale="sv-FI", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/s/{token}/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_text("Din yrkesgrupp").is_visible()
    assert axe_violations(page) == []
    _shot(page, "survey-answer-sv-phone")
    # Keyboard only: tab to the first option of the first question and choose with the space bar.
    page.locator("#respondent_role-doctor").focus()
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    page.locator("#cooperation-consultation").focus()
    page.keyboard.press("Space")
    page.get_by_test_id("next").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Socialhandledaren är lätt att nå.").is_visible()
    assert axe_violations(page) == []
    _shot(page, "survey-matrix-sv-phone")
    for name in ("reachable", "clear_roles", "clients_helped", "fits_health_care"):
        page.locator(f"#{name}-4").check()
    with page.expect_navigation():
        page.get_by_test_id("next").click()
    page.locator("#q-overall").fill("9")
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    assert page.get_by_test_id("thanks").is_visible()
    answers = Response.objects.get(round=follow_up).answers
    assert answers["respondent_role"] == "nurse" and answers["cooperation"] == ["consultation"]
    assert errors == []
    phone.close()

    desk = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    _log_in(page, base, "arvioija")
    url = f"{base}/surveys/rounds/{follow_up.pk}/results/"
    page.goto(url)
    assert page.get_by_test_id("below-minimum").is_visible()
    for _ in range(5):
        actions.submit_open(follow_up, ANSWER, "self")
    page.goto(f"{url}?baseline={baseline.pk}")
    assert page.get_by_test_id("responses").is_visible()
    assert page.get_by_test_id("comparison").is_visible()
    assert "Mann–Whitney U" in page.content()
    assert axe_violations(page) == []
    _shot(page, "survey-results-fi")
    page.goto(f"{base}/surveys/")
    assert axe_violations(page) == []
    _shot(page, "survey-index-fi")
    desk.close()
