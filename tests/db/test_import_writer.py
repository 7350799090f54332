"""The import's writer: batches written while the next is built, keys drawn before the
rows are written, clients remembered across batches, and a new source system's rows
told apart without looking each one up. Each test compares with what a plain,
unhurried import writes, or with the file itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.conftest import Org
from tests.db.test_encounter_import import GOOD, codes, write  # noqa: F401 — the fixture
from tests.db.test_import_pipeline import clients, many_rows, snapshot
from tyonjako.clients.models import Client
from tyonjako.common.bulk import KeyBlock
from tyonjako.encounters import importer
from tyonjako.encounters.importer import ImportOptions, run_import
from tyonjako.encounters.models import CodeValue, Encounter, EncounterLink, ImportStatus
from tyonjako.organisation.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("codes")]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 7 rows: a few dozen rows cross many batch boundaries."""
    monkeypatch.setattr(importer, "BATCH_SIZE", 7)


def _reference(tmp_path: Path, rows: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple:
    """What one batch, written at once in this thread, makes of these rows; then a clean slate."""
    with monkeypatch.context() as plain:
        plain.setattr(importer, "BATCH_SIZE", 10**6)
        plain.setattr(importer, "_write_in_thread", lambda db: False)
        result = run_import(write(tmp_path, rows, "reference.csv"), ImportOptions())
    assert result.batch.status == ImportStatus.DONE, result.errors
    found = (snapshot(), clients())
    _clean_slate()
    return found


def _clean_slate() -> None:
    """No encounters, and only the clients the organisation fixture made."""
    EncounterLink.objects.all().delete()
    Encounter.objects.all().delete()
    Client.objects.filter(key__startswith="C").delete()  # many_rows' clients


@pytest.mark.parametrize("threaded", [False, True])
def test_batches_written_while_the_next_is_built_write_what_one_batch_does(
    org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None, threaded: bool
) -> None:
    rows = many_rows(60)
    expected = _reference(tmp_path, rows, monkeypatch)
    monkeypatch.setattr(importer, "_write_in_thread", lambda db: threaded)
    result = run_import(write(tmp_path, rows), ImportOptions())
    assert result.batch.rows_created == 60
    assert (snapshot(), clients()) == expected


@pytest.mark.parametrize("threaded", [False, True])
def test_a_source_id_repeated_in_the_next_batch_is_one_encounter_with_the_last_content(
    org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None, threaded: bool
) -> None:
    monkeypatch.setattr(importer, "_write_in_thread", lambda db: threaded)
    rows = many_rows(20)
    # Row 8 (the next batch) repeats row 5's source id with other content; row 15
    # repeats row 2's exactly.
    rows[8] = rows[5].replace(",käynti,", ",kotikäynti,").replace(",puhelu,", ",kotikäynti,")
    rows[15] = rows[2]
    result = run_import(write(tmp_path, rows), ImportOptions())
    assert result.batch.status == ImportStatus.DONE
    assert Encounter.objects.count() == 18
    assert Encounter.objects.get(source_id="M5").contact_type == "home_visit"
    batch = result.batch
    assert (batch.rows_created, batch.rows_updated, batch.rows_unchanged) == (18, 1, 1)
    # The repeated row's links were replaced, not doubled.
    assert EncounterLink.objects.filter(encounter__source_id="M5").count() == len(
        set(EncounterLink.objects.filter(encounter__source_id="M5").values_list("role", "value"))
    )


def test_a_second_import_of_a_source_looks_its_rows_up(org: Org, tmp_path: Path) -> None:
    path = write(tmp_path, many_rows(30))
    run_import(path, ImportOptions())
    again = run_import(path, ImportOptions())
    assert (again.batch.rows_created, again.batch.rows_unchanged) == (0, 30)
    changed = many_rows(30)
    changed[3] = changed[3].replace(",R2,T1,", ",R1,T1,")
    changed[4] = changed[4].replace(",5.2.2023,", ",6.2.2023,")
    third = run_import(write(tmp_path, changed, "changed.csv"), ImportOptions())
    assert (third.batch.rows_created, third.batch.rows_updated) == (0, 2)
    assert Encounter.objects.get(source_id="M3").reason.code == "R1"
    assert str(Encounter.objects.get(source_id="M4").date) == "2023-02-06"


def test_clients_forgotten_when_memory_is_full_are_found_again(
    org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None
) -> None:
    # Nine clients over and over: each batch meets clients the batch before it made,
    # whose writes are still waiting when the memory is emptied.
    rows = [row.replace(f",C{i % 37},", f",C{i % 9},", 1) for i, row in enumerate(many_rows(80))]
    expected = _reference(tmp_path, rows, monkeypatch)
    monkeypatch.setattr(importer, "CLIENT_CACHE_LIMIT", 5)
    for threaded in (False, True):
        monkeypatch.setattr(importer, "_write_in_thread", lambda db, threaded=threaded: threaded)
        run_import(write(tmp_path, rows, f"export-{threaded}.csv"), ImportOptions())
        assert (snapshot(), clients()) == expected
        assert Client.objects.count() == len(expected[1])
        _clean_slate()


def test_a_failure_in_the_writing_thread_fails_the_import_and_leaves_nothing(
    org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None
) -> None:
    monkeypatch.setattr(importer, "_write_in_thread", lambda db: True)
    calls = {"n": 0}
    original = importer._Job.run

    def fails_third_time(self: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        original(self)

    monkeypatch.setattr(importer._Job, "run", fails_third_time)
    with pytest.raises(RuntimeError, match="disk full"):
        run_import(write(tmp_path, many_rows(40)), ImportOptions())
    assert not Encounter.objects.exists() and not EncounterLink.objects.exists()
    assert not Client.objects.filter(key__startswith="C").exists()


def test_a_bad_row_stops_the_writing_but_every_bad_row_is_reported(
    org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None
) -> None:
    written: list[int] = []
    original = importer._Job.run

    def counting(self: Any) -> None:
        written.append(len(self.new_encounters))
        original(self)

    monkeypatch.setattr(importer._Job, "run", counting)
    rows = many_rows(60)
    for i in (10, 45):
        rows[i] = rows[i].replace(",käynti,", ",lentokone,").replace(",puhelu,", ",lentokone,")
    result = run_import(write(tmp_path, rows), ImportOptions())
    assert [e.line for e in result.errors] == [12, 47]
    assert not Encounter.objects.exists()
    assert sum(written) < 20  # the batches after the first bad row were not written


def test_rows_that_name_new_values_are_planned_by_the_writer_which_creates_them(
    org: Org, tmp_path: Path, settings
) -> None:
    settings.IMPORT_PARSE_PROCESS_BYTES = 0  # parsed and planned in the second process
    rows = many_rows(30)
    rows[7] = rows[7].replace(",R1,", ",R77,").replace(",R2,", ",R77,")
    rows[20] = rows[20].replace("KESKI-3064", "UUSI-1")
    result = run_import(write(tmp_path, rows), ImportOptions(create_missing=True))
    assert result.batch.status == ImportStatus.DONE and result.batch.rows_created == 30
    assert result.batch.created_values == {"reason": ["R77"], "unit": ["UUSI-1"]}
    assert Encounter.objects.get(source_id="M7").reason == CodeValue.objects.get(code="R77")
    new_unit = Unit.objects.get(code="UUSI-1")
    assert new_unit.needs_review
    assert Encounter.objects.get(source_id="M20").unit == new_unit


@pytest.mark.parametrize("model", [Encounter, Client])
def test_keys_drawn_ahead_are_new_and_never_drawn_twice(org: Org, model: Any) -> None:
    existing = max(model.objects.values_list("pk", flat=True), default=0)
    keys = KeyBlock(model)
    first, second = keys.take(3), keys.take(40_000)
    drawn = first + second
    assert len(set(drawn)) == len(drawn) == 40_003
    assert min(drawn) > existing
    if connection.vendor == "sqlite":
        # AUTOINCREMENT: a key once used is not handed out again after its row is deleted.
        client = Client.objects.create(
            key="KEY-TEST", team=org.team_a, pending_since=dt.date(2023, 1, 1)
        )
        used = client.pk
        client.delete()
        assert KeyBlock(Client).take(1)[0] > used


@pytest.mark.parametrize("options", [ImportOptions(skip_invalid=True), ImportOptions()])
def test_the_writing_thread_ends_with_the_import(
    org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None, options: Any
) -> None:
    import sys
    import threading

    monkeypatch.setattr(importer, "_write_in_thread", lambda db: True)
    interval = sys.getswitchinterval()
    rows = many_rows(30)
    rows[20] = rows[20].replace(",käynti,", ",lentokone,").replace(",puhelu,", ",lentokone,")
    run_import(write(tmp_path, rows), options)
    assert not [t for t in threading.enumerate() if t.name.startswith("import-writes")]
    assert sys.getswitchinterval() == interval
    assert not connection.allow_thread_sharing
    assert Encounter.objects.count() == (29 if options.skip_invalid else 0)


def test_an_error_while_a_write_is_running_is_the_error_reported(
    org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: None
) -> None:
    """The write that fails after the import has already failed is logged, not raised
    in place of the first error; nothing stays written."""
    monkeypatch.setattr(importer, "_write_in_thread", lambda db: True)

    def write_fails(self: Any) -> None:
        raise RuntimeError("the write failed too")

    original = importer._Writer._plans
    calls = {"n": 0}

    def planning_fails_third_time(self: Any, items: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:  # the second batch's write is running (and failing) now
            raise ValueError("planning failed")
        return original(self, items)

    monkeypatch.setattr(importer._Job, "run", write_fails)
    monkeypatch.setattr(importer._Writer, "_plans", planning_fails_third_time)
    with pytest.raises(ValueError, match="planning failed"):
        run_import(write(tmp_path, many_rows(40)), ImportOptions())
    assert not Encounter.objects.exists()
