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


MONTHLY = {
    "month": "1.11.2026",
    "task_guidance": "4",
    "task_benefits": "4",
    "task_assessment": "3",
    "task_network": "4",
    "task_documentation": "3",
    "coping_clients": "4",
    "needed_consultation": "no",
}


def test_the_monthly_self_assessment_end_to_end_in_swedish_on_a_phone(
    transactional_db: Any, org: Any, live_server: Any, browser: Any
) -> None:
    """Defined (the shipped template), scheduled (the job opens it), answered by a counsellor
    in Swedish on a phone, results only past the minimum, compared with a baseline month."""
    from tests.conftest import _worker
    from tyonjako.surveys import actions
    from tyonjako.surveys.models import NamedResponse, Round

    path = LIBRARY / "monthly-self-assessment.yaml"
    version = actions.load_survey(path.read_bytes(), path.name, by=None)
    unit, team = org.team_a.unit, org.team_a
    colleagues = [
        _worker(f"ohjaaja{i}", "counsellor", "counsellor", [team], home_unit=unit) for i in range(5)
    ]
    baseline = actions.create_round(
        version,
        actions.RoundPlan("10/2026", dt.date(2026, 10, 1), dt.date(2026, 10, 31), unit, [team]),
        by=None,
    )
    Round.objects.filter(pk=baseline.pk).update(
        opens_on=dt.date(2026, 10, 1), closes_on=dt.date(2026, 11, 1)
    )
    NamedResponse.objects.bulk_create(
        NamedResponse(
            round=baseline,
            respondent=worker,
            submitted=True,
            received_on=dt.date(2026, 10, 31),
            team_code=team.code,
            answers={**MONTHLY, "month": "1.10.2026", "coping_clients": "2"},
        )
        for worker in colleagues
    )
    plan = actions.RoundPlan("11/2026", dt.date(2026, 11, 1), dt.date(2026, 11, 30), unit, [team])
    month = actions.create_round(version, plan, by=org.lead.user)
    actions.set_schedule(month, scheduled=True, remind_every_days=0, reminders_max=0, by=None)
    from tyonjako.common.clock import today

    assert actions.run_schedule(today(), lambda t: f"/s/{t}/")["opened"] == [month.pk]
    month.refresh_from_db()

    base = live_server.url
    phone = browser.new_context(
        locale="fi-FI", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _log_in(page, base, org.counsellor.user.username)
    page.goto(f"{base}/surveys/")
    toggler = page.locator(".navbar-toggler")
    if toggler.count() and toggler.is_visible():
        toggler.click()
    with page.expect_navigation():
        page.get_by_test_id("lang-sv").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    with page.expect_navigation():
        page.get_by_test_id("mine").get_by_role("link").first.click()
    assert axe_violations(page) == []
    _shot(page, "self-assessment-sv-phone")
    page.locator("#q-month").fill(MONTHLY["month"])
    with page.expect_navigation():
        page.get_by_test_id("next").click()
    for name in ("task_guidance", "task_benefits", "task_assessment", "task_network"):
        page.locator(f"#{name}-4").check()
    page.locator("#task_documentation-3").check()
    assert axe_violations(page) == []
    _shot(page, "self-assessment-matrix-sv-phone")
    with page.expect_navigation():
        page.get_by_test_id("next").click()
    page.locator("#coping_clients-4").check()
    page.locator("#needed_consultation-no").check()
    while page.get_by_test_id("next").count():
        with page.expect_navigation():
            page.get_by_test_id("next").click()
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    own = NamedResponse.objects.get(round=month, respondent=org.counsellor)
    assert own.submitted and own.answers["coping_clients"] == "4"
    assert page.get_by_test_id("own-answers").is_visible()
    assert errors == []
    phone.close()

    desk = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    _log_in(page, base, "arvioija")
    url = f"{base}/surveys/rounds/{month.pk}/results/?baseline={baseline.pk}"
    page.goto(url)
    assert page.get_by_test_id("below-minimum").is_visible()  # one answer: nothing shown
    for worker in colleagues[:4]:
        actions.save_named(month, MONTHLY, 3, submit=True, by=worker.user)
    page.goto(url)
    assert page.get_by_test_id("responses").is_visible()
    assert page.get_by_test_id("comparison").is_visible()
    assert "Mann–Whitney U" in page.content()
    assert axe_violations(page) == []
    _shot(page, "self-assessment-results-fi")
    desk.close()

    # The lead names a viewer of the named answers and sets the round's reminders (phone).
    lead = browser.new_context(
        locale="fi-FI", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = lead.new_page()
    _log_in(page, base, org.lead.user.username)
    page.goto(f"{base}/surveys/rounds/{month.pk}/")
    page.locator("#remind_every_days").fill("7")
    with page.expect_navigation():
        page.get_by_test_id("schedule").get_by_role("button").click()
    month.refresh_from_db()
    assert month.scheduled and month.remind_every_days == 7
    assert axe_violations(page) == []
    _shot(page, "survey-round-fi-phone")
    with page.expect_navigation():
        page.get_by_test_id("viewers-link").click()
    page.locator("#add").select_option(str(org.social_worker.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Lisää").click()
    assert page.get_by_test_id("viewers").is_visible()
    assert list(month.version.survey.viewers.all()) == [org.social_worker]
    assert axe_violations(page) == []
    _shot(page, "survey-viewers-fi-phone")
    toggler = page.locator(".navbar-toggler")
    if toggler.count() and toggler.is_visible():
        toggler.click()
    with page.expect_navigation():
        page.get_by_test_id("lang-sv").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert axe_violations(page) == []
    _shot(page, "survey-viewers-sv-phone")
    page.goto(f"{base}/surveys/rounds/{month.pk}/")
    _shot(page, "survey-round-sv-phone")
    lead.close()
