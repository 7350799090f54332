"""Record an encounter by keyboard, upload a CSV with a bad row and see the
error, open the statistics and export XLSX."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_roles import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db: Any) -> None:
    from tyonjako.demo.build import build_demo

    build_demo()


def test_record_by_keyboard_upload_and_statistics(
    demo: None, live_server: Any, page: Any, tmp_path: Any
) -> None:
    from tyonjako.clients.models import Client
    from tyonjako.encounters.models import Encounter

    base = live_server.url
    key = (
        Client.objects.filter(team__code="KESKI-3064", status="active")
        .order_by("key")
        .values_list("key", flat=True)[0]
    )
    log_in(page, base, "ohjaaja")
    page.goto(f"{base}/encounters/")
    assert axe_violations(page) == []
    before = Encounter.objects.count()
    keyboard = page.keyboard
    keyboard.type(key)  # the client field has the focus
    keyboard.press("Tab")  # date: today
    keyboard.press("Tab")
    keyboard.press("ArrowDown")  # team: the first of mine
    keyboard.press("Tab")  # contact type: visit
    keyboard.press("Tab")
    keyboard.type("30")
    keyboard.press("Tab")
    keyboard.type("toimeentulo")
    with page.expect_navigation():
        keyboard.press("Enter")
    screenshot(page, "encounters-record-first")
    assert Encounter.objects.count() == before + 1
    # The second entry keeps the team, type, duration and reason: the key and Enter are enough.
    page.locator("#id_client").fill(key)
    with page.expect_navigation():
        keyboard.press("Enter")
    assert Encounter.objects.count() == before + 2
    latest = Encounter.objects.order_by("-id").first()
    assert latest is not None and latest.reason is not None and latest.duration_min == 30
    screenshot(page, "encounters-record")

    page.context.clear_cookies()
    log_in(page, base, "sihteeri")
    page.goto(f"{base}/encounters/import/")
    assert axe_violations(page) == []
    bad = tmp_path / "vienti.csv"
    bad.write_text(
        "source_id;date;unit;client;contact_type;duration_min\n"
        f"V1;1.3.2026;KESKI-3064;{key};käynti;20\nV2;2.3.2026;KESKI-3064;{key};lentokone;20\n",
        encoding="utf-8",
    )
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_test_id("upload").click()
    page.get_by_test_id("import-errors").wait_for(timeout=20000)
    errors = page.get_by_test_id("import-errors").inner_text()
    assert "contact_type" in errors and "tuntematon yhteydenottotapa 'lentokone'" in errors
    assert axe_violations(page) == []
    screenshot(page, "encounters-import-error")
    # The same batch in Swedish: the stored error is worded where it is shown.
    page.context.add_cookies([{"name": "django_language", "value": "sv", "url": base}])
    page.reload()
    errors = page.get_by_test_id("import-errors").inner_text()
    assert "okänt värde för kontaktsätt: 'lentokone'" in errors
    screenshot(page, "encounters-import-error-sv")
    page.context.add_cookies([{"name": "django_language", "value": "fi", "url": base}])

    page.goto(f"{base}/encounters/statistics/?units=KESKI-3064&units=KESKI-1829")
    assert page.locator("#contacts-chart").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "encounters-statistics")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    from openpyxl import load_workbook

    path = download_info.value.path()
    # The download has no file name extension, which openpyxl insists on: read the bytes.
    assert len(load_workbook(io.BytesIO(Path(path).read_bytes())).sheetnames) > 3
    assert page.console_errors == []
