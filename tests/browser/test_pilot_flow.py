"""Seed 000's pilot end to end: an evaluator freezes the final checkpoint, downloads the
report as a Finnish PDF and exports the Innokylä description."""

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


def test_an_evaluator_freezes_reports_and_exports_the_model_description(
    demo: None, live_server: Any, page: Any, tmp_path: Any
) -> None:
    from tyonjako.pilots.models import Checkpoint

    base = live_server.url
    log_in(page, base, "arvioija")
    page.get_by_test_id("nav-development").click()  # the drop-down of the navigation bar
    page.get_by_role("link", name="Pilotit").click()
    page.get_by_role("link", name="Sosiaaliohjaus terveyssosiaalityössä").click()
    assert page.get_by_test_id("checkpoint-interim-2").is_visible()
    assert axe_violations(page) == []
    page.wait_for_timeout(300)  # the chart sizes itself to the page
    screenshot(page, "pilot-dashboard-fi")
    page.get_by_test_id("checkpoint-final").get_by_role("button", name="Jäädytä nyt").click()
    page.wait_for_load_state()
    assert "jäädytetty" in page.get_by_test_id("checkpoint-final").inner_text()
    assert Checkpoint.objects.get(key="final").is_frozen
    page.get_by_test_id("checkpoint-final").get_by_role("link").first.click()
    assert page.get_by_test_id("report-indicators").is_visible()
    assert page.get_by_test_id("report-surveys").is_visible()  # the survey rounds of the period
    assert axe_violations(page) == []
    screenshot(page, "pilot-report-fi")
    with page.expect_download() as download:
        page.get_by_test_id("pdf-fi").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name=page.locator(".breadcrumb-item a").nth(1).inner_text()).click()
    page.get_by_role("link", name="Toimintamallin kuvaus (Innokylä)").click()
    assert page.get_by_test_id("section-what_is_it").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "pilot-description-fi")
    with page.expect_download() as download:
        page.get_by_test_id("docx-fi").click()
    docx = tmp_path / "description.docx"
    download.value.save_as(docx)
    assert docx.read_bytes().startswith(b"PK")
    page.get_by_role("button", name="SV").first.click()
    page.wait_for_load_state()
    page.goto(f"{base}/pilots/")
    page.get_by_role("link", name="Social handledning i hälsosocialt arbete").click()
    assert page.get_by_role("heading", name="Kontrollpunkter").is_visible()
    page.wait_for_timeout(300)
    screenshot(page, "pilot-dashboard-sv")
    page.goto(page.url + "checkpoints/final/")
    assert page.get_by_role("heading", name="Indikatorer").is_visible()
    screenshot(page, "pilot-report-sv")
    assert page.console_errors == []
