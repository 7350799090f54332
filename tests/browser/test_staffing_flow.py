"""A director opens /staffing/, builds "convert two vacancies" for seed 003's unit,
sees cost and capacity with the assumptions, and saves the scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_roles import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)

SEED = Path(__file__).resolve().parents[2] / "tyonjako" / "staffing" / "data"


@pytest.fixture
def seed003(transactional_db: Any) -> None:
    from tests.factories import UserFactory, WorkerFactory
    from tyonjako.organisation.loader import load_organisation
    from tyonjako.organisation.models import Unit

    load_organisation(SEED / "seed003-seinajoki.yaml")
    user = UserFactory(username="johtaja")
    user.set_password(DEMO_PASSWORD)
    user.save()
    WorkerFactory(
        user=user,
        role="director",
        job_title="unit_director",
        home_unit=Unit.objects.get(code="EP-TSTO"),
    )


def test_a_director_builds_convert_two_vacancies(
    seed003: None, live_server: Any, page: Any
) -> None:
    from tyonjako.staffing.models import Scenario

    base = live_server.url
    log_in(page, base, "johtaja")
    page.get_by_test_id("nav-development").click()  # the drop-down of the navigation bar
    page.get_by_role("link", name="Henkilöstö").click()
    page.wait_for_load_state()
    page.get_by_label("Muutetaan avoimia sosiaalityöntekijän vakansseja").fill("2")
    page.get_by_test_id("calculate").click()
    page.wait_for_load_state()
    table = page.get_by_test_id("scenario-table")
    assert "823\xa0140 €" in table.inner_text() or "823 140 €" in table.inner_text()
    assert "24\xa0480 €" in table.inner_text() or "24 480 €" in table.inner_text()
    assert page.get_by_test_id("assumptions").locator(".badge").count() == 4
    assert axe_violations(page) == []
    screenshot(page, "staffing-scenario")
    page.get_by_label("Tunnus").fill("ep-kaksi-vakanssia")
    page.get_by_label("Nimi").fill("Kaksi vakanssia ohjaajille")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_load_state()
    assert Scenario.objects.get(key="ep-kaksi-vakanssia").changes[0]["count"] == 2
    assert "Kaksi vakanssia ohjaajille" in page.get_by_test_id("scenario-table").inner_text()
