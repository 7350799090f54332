"""Issue 14 §2, the rest of "no raw code reaches a user": the import's errors (page, API,
rejected-rows file, command) and the headers of every CSV, in Finnish and Swedish.

An error left in the parsing layer's English, or a CSV column still named by its key,
fails here: each error's English text (``RowError.message``, stored beside its code)
must not show, and each header cell must be the table's word for the language."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.conftest import Org
from tests.db.test_assessment_reports import decide_many
from tests.db.test_encounter_stats import encounter, small_unit  # noqa: F401 - a fixture
from tests.db.test_no_raw_codes import visible_text
from tyonjako.common.csv_headers import HEADERS, header
from tyonjako.encounters.importing.errors import MESSAGES
from tyonjako.encounters.models import ImportBatch
from tyonjako.jobs.models import Job

pytestmark = pytest.mark.django_db

# A header error would stop the file, so the header is good and the rows are bad in as
# many ways as a row can be: each line below makes at least one different error.
CSV = "\n".join(
    [
        "source_id,date,unit,client,hetu,contact_type,duration_min,client_birth_year,consent",
        "A1,1.3.2023,KESKI-3064,AS-1,,visit,30,1980,kyllä",  # good
        "A2,1.3.2023,KESKI-3064,AS-1,,visit,abc,1980,kyllä",  # minutes
        "A3,32.13.2023,KESKI-3064,AS-1,,visit,30,1980,kyllä",  # date
        "A4,1.3.2023,NOPE,AS-1,,telepathy,30,1980,kyllä",  # unit, contact type
        "A5,1.3.2023,KESKI-3064,,,visit,30,soon,maybe",  # client, year, consent
        "A6,1.3.2023,KESKI-3064,AS-1,,visit,99999,1800,kyllä",  # ranges
        "A7,1.3.2023,KESKI-3064,AS-1,,visit,30,1980,kyllä,extra",  # extra cell
        "",
    ]
)


def _upload(client: Any) -> Job:
    response = client.post(
        "/encounters/import/",
        {
            "file": SimpleUploadedFile("kaynnit.csv", CSV.encode()),
            "profile": "canonical",
            "skip_invalid": "on",
        },
    )
    assert response.status_code == 302
    return Job.objects.get()


def _words(language: str) -> set[str]:
    return {texts[language] for texts in HEADERS.values()}


def _assert_translated_header(names: list[str], language: str) -> None:
    """Every column is the table's word in ``language``: a key left in English (or a
    column the table lacks) is not."""
    assert names, "no header"
    words = _words(language)
    assert [name for name in names if name not in words] == [], names


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_import_errors_reach_the_user_in_the_language(
    org: Org, login: Any, settings: Any, tmp_path: Any, language: str
) -> None:
    settings.DATA_DIR = tmp_path
    client = login(org.secretary)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    job = _upload(client)
    batch = ImportBatch.objects.get()
    stored = batch.errors
    assert batch.rows_rejected == 6 and len(stored) >= 9
    assert all(error["code"] in MESSAGES for error in stored), stored
    english = {error["message"] for error in stored}

    # The page.
    page = visible_text(client.get(f"/encounters/import/{job.pk}/").content.decode())
    assert [text for text in english if text in page] == []
    assert (
        "tuntematon yksikkö 'NOPE'" if language == "fi" else "okänt värde för enhet: 'NOPE'"
    ) in (page)

    # The API answers in the language of the request.
    status = client.get(f"/api/v1/encounters/imports/{job.pk}/").json()
    shown = [error["message"] for error in status["batch"]["errors"]]
    assert len(shown) == len(stored) and not english & set(shown)
    assert [error["code"] for error in status["batch"]["errors"]] == [e["code"] for e in stored]

    # The rejected rows: the two added columns and the errors in the language, the file's
    # own columns under their own names (so the fixed file imports again).
    response = client.get(f"/encounters/import/{job.pk}/rejected/")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    _assert_translated_header(rows[0][:2], language)
    assert rows[0][2:] == CSV.splitlines()[0].split(",")
    reasons = " ".join(row[1] for row in rows[1:])
    assert [text for text in english if text in reasons] == []
    assert len(rows) == 1 + 6


def test_a_batch_stored_with_english_errors_still_shows_them(
    org: Org, login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.DATA_DIR = tmp_path
    client = login(org.secretary)
    job = _upload(client)
    batch = ImportBatch.objects.get()
    batch.errors = [{"line": 3, "column": "date", "message": "an error of an older version"}]
    batch.save()
    page = client.get(f"/encounters/import/{job.pk}/").content.decode()
    assert "an error of an older version" in page
    status = client.get(f"/api/v1/encounters/imports/{job.pk}/").json()
    assert status["batch"]["errors"] == batch.errors


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_report_csv_names_its_columns_in_the_language(
    small_unit: Org,  # noqa: F811
    login: Any,
    capsys: Any,
    language: str,
) -> None:
    org = small_unit
    decide_many(org, org.team_a, 2, override=True)
    code = org.team_a.code

    # The statistics page's CSV and `report encounters --format csv`.
    client = login(org.lead)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client.get(
        "/encounters/statistics/",
        {"units": code, "start": "2023-03-01", "end": "2023-04-30", "export": "csv"},
    )
    assert response.status_code == 200
    page_header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    _assert_translated_header(page_header, language)

    def command(*args: str) -> list[str]:
        call_command(*args, "--language", language)
        out = capsys.readouterr().out.lstrip("\ufeff")
        delimiter = ";" if ";" in out.splitlines()[0] else ","
        return next(csv.reader(io.StringIO(out), delimiter=delimiter))

    encounters = command("report", "encounters", "--unit", code, "--format", "csv")
    assert encounters == page_header
    _assert_translated_header(
        command("report", "recording", "--unit", code, "--format", "csv"), language
    )
    _assert_translated_header(command("compliance", "--team", code, "--format", "csv"), language)

    # Overrides: the fixed columns from the table, each reason by its label.
    overrides = command("report", "overrides", "--team", code, "--format", "csv")
    fixed, reasons = overrides[:6], overrides[6:]
    _assert_translated_header(fixed, language)
    assert reasons and all(
        name.startswith(f"{header('reason', language)}: ") and ":" not in name.split(": ", 1)[1]
        for name in reasons
    ), reasons
    assert "more_complex" not in " ".join(reasons)


def test_english_keeps_the_keys_of_the_json(org: Org, capsys: Any) -> None:
    decide_many(org, org.team_a, 2, override=True)
    call_command("report", "overrides", "--format", "csv", "--language", "en")
    first = capsys.readouterr().out.splitlines()[0].split(",")
    assert first[:6] == ["team", "decided", "overrides", "override_rate", "heavier", "lighter"]
    assert "reason:more_complex" in first
    call_command("report", "overrides", "--format", "json")
    assert set(json.loads(capsys.readouterr().out)["total"]) >= {"decided", "overrides"}
