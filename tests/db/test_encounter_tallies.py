"""Monthly tallies: every write marks its months, the statistics recount them, and a
report built from tallies equals one counted row by row."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import OperationalError

from tests.conftest import Org
from tests.db.test_encounter_import import GOOD, codes, write  # noqa: F401 (fixture)
from tests.db.test_encounter_stats import reference_statistics, varied_data  # noqa: F401
from tests.factories import ClientFactory
from tyonjako.demo.build import build_demo
from tyonjako.encounters import tallies
from tyonjako.encounters.actions import EncounterData, correct_encounter, record_encounter
from tyonjako.encounters.importer import ImportOptions, run_import
from tyonjako.encounters.jobs import refresh_stale_tallies
from tyonjako.encounters.models import Encounter, MonthTally, StaleMonth
from tyonjako.encounters.stats import StatsFilter, unit_statistics

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2024, 6, 1)


def stale(unit_id: int | None = None) -> set[tuple[int, dt.date]]:
    marks = StaleMonth.objects.all()
    if unit_id is not None:
        marks = marks.filter(unit_id=unit_id)
    return set(marks.values_list("unit_id", "month"))


def assert_matches_row_by_row(flt: StatsFilter) -> None:
    assert unit_statistics(flt) == reference_statistics(flt)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2023, 1, 15), D(2023, 11, 20)),  # two edges around whole months
        (D(2022, 11, 1), D(2024, 3, 31)),  # whole months only
        (None, D(2023, 8, 17)),  # a cut-off date inside a month
        (D(2023, 5, 31), None),  # from the last day of a month on
        (D(2023, 2, 10), D(2023, 3, 9)),  # across one boundary, no whole month
    ],
)
def test_tallied_reports_match_the_row_by_row_count(
    varied_data: Org,  # noqa: F811
    start: dt.date | None,
    end: dt.date | None,
) -> None:
    for code in (varied_data.team_a.unit.code, varied_data.team_a.code, varied_data.team_b.code):
        assert_matches_row_by_row(StatsFilter(code, start, end))


def test_a_report_counts_stale_months_directly_and_leaves_the_recount_to_a_job(
    varied_data: Org,  # noqa: F811
    settings: Any,
) -> None:
    from tyonjako.jobs.models import Job, JobState

    # A queue that keeps its jobs (the tests' default runs them at once).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    unit = varied_data.team_a.unit
    before = stale(unit.pk)
    assert before  # the fixture wrote encounters through the ORM
    flt = StatsFilter(unit.code, D(2023, 1, 1), D(2023, 12, 31))
    assert_matches_row_by_row(flt)  # right figures from stale months
    assert stale(unit.pk) == before and not MonthTally.objects.filter(unit=unit).exists()
    assert Job.objects.filter(kind="tallies-refresh", state=JobState.QUEUED).count() == 1
    unit_statistics(flt)  # one recount waiting is enough
    assert Job.objects.filter(kind="tallies-refresh").count() == 1

    refresh_stale_tallies()  # what the job does
    assert not stale(unit.pk) and not stale(varied_data.team_b.unit_id)
    assert MonthTally.objects.filter(unit=unit, month=D(2023, 3, 1)).exists()
    assert_matches_row_by_row(flt)


def test_recording_and_correcting_by_hand_keep_the_figures_right(org: Org, varied_data) -> None:  # noqa: F811
    flt = StatsFilter(org.team_a.unit.code, D(2023, 1, 1), D(2023, 12, 31))
    unit_statistics(flt)
    assert not stale(org.team_a.unit_id) & {(org.team_a.unit_id, D(2023, 3, 1))}
    client = ClientFactory(team=org.team_a)
    user = org.counsellor.user
    data = EncounterData(date=D(2023, 3, 14), team=org.team_a, contact_type="visit")
    encounter = record_encounter(client, data, by=user, today=TODAY)
    assert (org.team_a.unit_id, D(2023, 3, 1)) in stale()
    assert_matches_row_by_row(flt)
    # Moving it to another month and team (one of hers too) leaves both months right.
    from tests.factories import MembershipFactory

    MembershipFactory(worker=org.counsellor, team=org.team_a2)
    user.__dict__.pop("_tyonjako_subject", None)  # her teams changed: ask again
    moved = EncounterData(date=D(2023, 7, 2), team=org.team_a2, contact_type="phone")
    correct_encounter(encounter, moved, by=user, today=TODAY)
    assert {(org.team_a.unit_id, D(2023, 3, 1)), (org.team_a2.unit_id, D(2023, 7, 1))} <= stale()
    assert_matches_row_by_row(flt)
    assert_matches_row_by_row(StatsFilter(org.team_a2.code, D(2023, 1, 1), D(2023, 12, 31)))


def test_a_deleted_encounter_leaves_its_month_stale(varied_data: Org) -> None:  # noqa: F811
    flt = StatsFilter(varied_data.team_a.unit.code, D(2023, 1, 1), D(2023, 12, 31))
    unit_statistics(flt)
    gone = Encounter.objects.filter(unit=varied_data.team_a.unit, date__year=2023).first()
    assert gone is not None
    gone.delete()
    assert (gone.unit_id, gone.date.replace(day=1)) in stale()
    assert_matches_row_by_row(flt)


def test_an_import_marks_the_months_it_writes_and_those_a_changed_row_leaves(
    org: Org,
    codes,  # noqa: F811
    tmp_path: Path,
) -> None:
    run_import(write(tmp_path, GOOD), ImportOptions())
    unit_id = Encounter.objects.get(source_id="E1").unit_id
    assert stale() == {(unit_id, D(2023, 3, 1))}
    flt = StatsFilter(org.team_a.unit.code, D(2023, 1, 1), D(2023, 12, 31))
    tallies.refresh_tallies()
    assert not stale()
    moved = [GOOD[0].replace("1.3.2023", "5.6.2023"), GOOD[1]]
    run_import(write(tmp_path, moved), ImportOptions())
    assert stale() == {(unit_id, D(2023, 3, 1)), (unit_id, D(2023, 6, 1))}
    report = unit_statistics(flt)
    assert report == reference_statistics(flt)
    assert report["contacts"]["total"] == 2


def test_the_import_command_recounts_what_it_wrote(org: Org, codes, tmp_path: Path, capsys) -> None:  # noqa: F811
    call_command("import", "encounters", str(write(tmp_path, GOOD)), "--no-progress")
    assert "monthly statistics recounted: 1 months" in capsys.readouterr().out
    assert not stale()
    assert MonthTally.objects.filter(month=D(2023, 3, 1), measure="contact_type").exists()


def test_a_month_that_cannot_be_recounted_now_is_counted_directly(
    varied_data: Org,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another transaction holds the month (PostgreSQL: its mark is locked)."""
    flt = StatsFilter(varied_data.team_a.unit.code, D(2023, 1, 1), D(2023, 12, 31))
    unit_statistics(flt)
    encounter = Encounter.objects.filter(unit=varied_data.team_a.unit, date__year=2023).first()
    assert encounter is not None
    encounter.contact_type = "remote"
    encounter.save()
    monkeypatch.setattr(tallies, "_recount", lambda unit_id, month: False)
    assert_matches_row_by_row(flt)
    assert (encounter.unit_id, encounter.date.replace(day=1)) in stale()


def test_a_database_that_refuses_the_recount_leaves_every_month_to_direct_counting(
    varied_data: Org,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite while an import holds the write lock: the report is still right."""

    def locked(unit_id: int, month: dt.date) -> bool:
        raise OperationalError("database is locked")

    monkeypatch.setattr(tallies, "_recount", locked)
    before = stale(varied_data.team_a.unit_id)
    assert_matches_row_by_row(StatsFilter(varied_data.team_a.unit.code, D(2023, 1, 1), None))
    assert stale(varied_data.team_a.unit_id) == before


def test_a_recount_keeps_the_mark_of_a_write_made_while_it_counted(varied_data: Org) -> None:  # noqa: F811
    """The token read at the start no longer matches: the month stays stale."""
    unit_id = varied_data.team_a.unit_id
    month = D(2023, 4, 1)
    tallies.mark_stale([(unit_id, month)])
    original = tallies._tallies

    def counting_while_someone_writes(*args, **kwargs):
        tallies.mark_stale([(unit_id, month)])
        return original(*args, **kwargs)

    tallies._tallies = counting_while_someone_writes
    try:
        tallies.refresh_tallies([unit_id], month, month)
    finally:
        tallies._tallies = original
    assert (unit_id, month) in stale()


def test_the_migration_marks_every_month_that_has_encounters(varied_data: Org) -> None:  # noqa: F811
    from importlib import import_module

    migration = import_module("tyonjako.encounters.migrations.0005_month_tallies")
    StaleMonth.objects.all().delete()
    migration.mark_every_month_stale(apps, None)
    expected = {
        (unit_id, day.replace(day=1))
        for unit_id, day in Encounter.objects.values_list("unit_id", "date")
    }
    assert stale() == expected


@pytest.mark.slow  # over 20 s (docs/testing.md); CI runs it
def test_demo_data_is_marked_and_its_statistics_match(db) -> None:
    build_demo()
    # Every month with encounters is marked stale or already recounted (the demo's pilot
    # freezes checkpoints, and the statistics it reads recount their months).
    months = {
        (unit_id, day.replace(day=1))
        for unit_id, day in Encounter.objects.values_list("unit_id", "date")
    }
    tallied = set(MonthTally.objects.values_list("unit_id", "month"))
    assert months <= stale() | tallied
    unit_id, month = sorted(stale() or months)[0]
    code = apps.get_model("organisation", "Unit").objects.get(pk=unit_id).code
    assert_matches_row_by_row(StatsFilter(code, month, None))
