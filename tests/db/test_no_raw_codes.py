"""Issue 14 §2: no raw code reaches a user. Every report page and the statistics exports
(CSV labels, XLSX) are rendered in Finnish and Swedish and searched, as whole words, for
the codes of the code tables and of the instrument outputs (built from those tables, not
typed here, so a new code is checked as soon as it exists)."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from tests.conftest import Org
from tests.db.test_encounter_stats import encounter, small_unit  # noqa: F401 - a fixture
from tyonjako.assessments.engine import load_default_instrument
from tyonjako.common import professions
from tyonjako.common.csv_headers import keys
from tyonjako.encounters.exports.labels import LABELS
from tyonjako.encounters.importing import values
from tyonjako.encounters.models import ContactType, Provider
from tyonjako.organisation.choices import JobTitle, Profession
from tyonjako.tasks.catalogue.model import RESERVED_VALUES, WHO_VALUES

pytestmark = pytest.mark.django_db


def _codes() -> frozenset[str]:
    instrument = load_default_instrument()
    found = {
        *(key for group in LABELS.values() for key in group),
        *ContactType.values,
        *Provider.values,
        *values.CONTACT_TYPES,
        *values.GENDERS,
        *values.EMPLOYMENTS,
        *values.PROVIDERS,
        *Profession.values,
        *JobTitle.values,
        *professions.ALL_PROFESSIONS,
        *WHO_VALUES,
        *RESERVED_VALUES,
        *(output.value for output in instrument.segments),
        *(output.value for output in instrument.professionals),
        "none",
        "other",
        "either",
    }
    # Language codes and the empty value are too short to be told from text; a code that
    # is also a word of the Finnish or Swedish texts ("period") is not a raw code there.
    words = {
        word.lower()
        for group in LABELS.values()
        for texts in group.values()
        for language in ("fi", "sv")
        for word in re.findall(r"\w+", texts.get(language, ""))
    }
    return frozenset(code for code in found if len(code) >= 3 and code not in words)


CODES = _codes()
RAW = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, CODES), key=len)[::-1]) + r")(?![\w-])"
)


class _Text(HTMLParser):
    """The text a person reads: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def raw_codes(text: str) -> list[str]:
    return sorted(set(RAW.findall(text)))


def test_the_code_list_is_built_from_the_tables() -> None:
    assert {"none", "other", "either", "counsellor", "social_worker", "no_show"} <= CODES
    assert {"care", "cooperation", "guidance", "self_service", "home_visit"} <= CODES
    assert raw_codes("Käynnit: 3, no_show 1, social_worker") == ["no_show", "social_worker"]
    assert raw_codes("counsellor-task other_thing sosiaaliohjaaja") == []


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_report_page_or_export_shows_a_raw_code(small_unit: Org, login, language: str) -> None:  # noqa: F811
    client = login(small_unit.admin)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    code = small_unit.team_a.code
    statistics = {"units": code, "start": "2023-03-01", "end": "2023-04-30"}
    pages = [
        ("/encounters/statistics/", statistics),
        ("/encounters/statistics/", {**statistics, "profession": professions.COUNSELLOR}),
        ("/encounters/statistics/", {**statistics, "recording": "1"}),
        ("/encounters/compare/", {"unit1": code, "unit2": small_unit.team_b.code}),
        ("/tasks/who-does-what/", {"unit": code}),
        ("/assessments/overrides/", {}),
        ("/reports/compliance/", {}),
    ]
    for url, params in pages:
        response = client.get(url, params)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert raw_codes(visible_text(html)) == [], (url, params)
        # the applied period is printed, never a placeholder that looks applied (§2)
        assert 'data-testid="applied-period"' in html, url
        assert "1.1.2026" not in html and "31.12.2026" not in html, url

    # The comparison labels each column with its unit and its own period (seed 001).
    compare = client.get(
        "/encounters/compare/",
        {
            "unit1": code,
            "from1": "1.3.2023",
            "to1": "31.3.2023",
            "unit2": small_unit.team_b.code,
            "from2": "1.4.2023",
            "to2": "30.4.2023",
        },
    )
    columns = [report["unit"] for report in compare.context["reports"]]
    assert columns == [code, small_unit.team_b.code]
    html = compare.content.decode()
    assert re.search(r'data-testid="period-1">1\.3\.2023–31\.3\.2023<', html)
    assert re.search(r'data-testid="period-2">1\.4\.2023–30\.4\.2023<', html)

    # The CSV: `section` and `key` are the documented machine keys (docs/reports.md);
    # everything a person reads (unit, label, count, period) is translated.
    response = client.get("/encounters/statistics/", {**statistics, "export": "csv"})
    assert response.status_code == 200
    lines = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    names = next(lines)  # in the language (test_no_raw_codes_in_imports_and_csv.py)
    rows = [dict(zip(keys(names, language), line, strict=True)) for line in lines]
    assert rows and {"female", "visit"} <= {row["key"] for row in rows}
    for row in rows:
        shown = " ".join(row[column] for column in ("unit", "label", "count", "period"))
        assert raw_codes(shown) == [], row

    # The XLSX: every cell is for a person.
    response = client.get("/encounters/statistics/", {**statistics, "export": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert any("2023" in cell for cell in cells)
    assert raw_codes("\n".join(cells)) == []
