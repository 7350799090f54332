"""Task catalogue in the database: loading, linking encounters, the report, job descriptions."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Org
from tyonjako.encounters.models import CodeValue, Encounter
from tyonjako.tasks import actions
from tyonjako.tasks.catalogue import DEFAULT_CATALOGUE_PATH, default_catalogue
from tyonjako.tasks.linking import link_tasks
from tyonjako.tasks.models import JobDescriptionStatus, JobDescriptionVersion, TaskCatalogue
from tyonjako.tasks.report import count_tasks

pytestmark = pytest.mark.django_db


def first_task(who: str) -> str:
    return next(code for code, task in default_catalogue().tasks.items() if task.who == who)


def reserved_task() -> str:
    return next(code for code, task in default_catalogue().tasks.items() if task.reserved)


def test_the_default_catalogue_and_job_descriptions_are_there_after_migrate() -> None:
    assert TaskCatalogue.objects.get(is_active=True).key == default_catalogue().key
    assert (
        JobDescriptionVersion.objects.filter(profession="counsellor", status="published").count()
        >= 2
    )


def test_the_load_command_reports_errors_with_lines(tmp_path: Path, capsys) -> None:
    bad = DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8").replace(
        "who: counsellor", "who: nurse", 1
    )
    path = tmp_path / "catalogue.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("tasks", "load", str(path))
    assert "line" in capsys.readouterr().err


def encounter(org: Org, worker, *, task: str = "", reason=None, minutes: int = 60) -> Encounter:
    return Encounter.objects.create(
        source_system="t",
        source_id=f"t{Encounter.objects.count()}",
        date=dt.date(2026, 11, 2),
        unit=org.team_a.unit,
        team=org.team_a,
        client=org.own_client,
        worker=worker,
        contact_type="visit",
        duration_min=minutes,
        task_code=task,
        reason=reason,
    )


def test_a_task_is_derived_from_the_reason_and_checked_against_the_profession(org: Org) -> None:
    catalogue = default_catalogue()
    reason_code, task_code = next(
        (i.value, t.code)
        for t in catalogue.tasks.values()
        for i in t.indicators
        if i.kind == "reason"
    )
    reason = CodeValue.objects.create(list="reason", code=reason_code, name_fi="r", name_sv="r")
    made = encounter(org, org.counsellor, reason=reason)
    link_tasks([made.pk])
    made.refresh_from_db()
    assert made.task_code == task_code or catalogue.task(made.task_code) is not None


def test_a_reserved_task_recorded_by_a_counsellor_is_flagged(org: Org) -> None:
    made = encounter(org, org.counsellor, task=reserved_task())
    link_tasks([made.pk])
    made.refresh_from_db()
    assert made.task_flag == "reserved"


def test_the_report_counts_hours_by_profession_and_the_share(org: Org) -> None:
    counsellor_task = first_task("counsellor")
    encounter(org, org.social_worker, task=counsellor_task, minutes=60)
    encounter(org, org.social_worker, task=reserved_task(), minutes=180)
    encounter(org, org.counsellor, task=counsellor_task, minutes=30)
    report = count_tasks(org.team_a.code, None, None)
    assert report["tasks"][counsellor_task]["social_worker"] == {"count": 1, "hours": 1.0}
    assert report["tasks"][counsellor_task]["counsellor"] == {"count": 1, "hours": 0.5}
    assert report["social_worker_share_on_counsellor_tasks"] == 0.25


def test_the_command_and_the_api_agree(org: Org, login, capsys) -> None:
    encounter(org, org.social_worker, task=first_task("counsellor"))
    call_command("report", "tasks", "--unit", org.team_a.code)
    cli = json.loads(capsys.readouterr().out)
    api = login(org.lead).get("/api/v1/tasks/report/", {"unit": org.team_a.code}).json()
    assert cli == api


def test_a_draft_copies_the_latest_version_and_publishes_with_a_date(org: Org) -> None:
    draft = actions.start_draft("counsellor", None, by=org.admin.user)
    latest = (
        JobDescriptionVersion.objects.filter(profession="counsellor", status="published")
        .order_by("-version")
        .first()
    )
    assert draft.version == latest.version + 1 and draft.task_codes == latest.task_codes
    with pytest.raises(actions.JobDescriptionError) as error:
        actions.publish(draft, by=org.admin.user)
    assert error.value.field == "effective_from"
    actions.save_draft(
        draft, draft.task_codes, dt.date(2027, 1, 1), {"fi": "Uusi"}, by=org.admin.user
    )
    assert actions.publish(draft, by=org.admin.user).status == JobDescriptionStatus.PUBLISHED


def test_a_reserved_task_cannot_be_put_in_a_counsellors_description(org: Org) -> None:
    draft = actions.start_draft("counsellor", None, by=org.admin.user)
    with pytest.raises(actions.JobDescriptionError):
        actions.save_draft(
            draft, [*draft.task_codes, reserved_task()], dt.date(2027, 1, 1), {}, by=org.admin.user
        )


def test_a_published_version_cannot_change(org: Org) -> None:
    published = JobDescriptionVersion.objects.filter(status="published").first()
    with pytest.raises(actions.JobDescriptionError):
        actions.save_draft(published, [], dt.date(2027, 1, 1), {}, by=org.admin.user)


def test_a_changed_catalogue_under_the_same_version_is_refused(tmp_path: Path) -> None:
    """Issue 14 §5: it was silently written over the one the figures were counted with."""
    from tyonjako.tasks.models import TaskCatalogue

    source = DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8")
    before = TaskCatalogue.objects.get(is_active=True).source
    call_command("tasks", "load", str(DEFAULT_CATALOGUE_PATH))  # the same text: nothing changes
    changed = source.replace("typical_minutes: 60", "typical_minutes: 61", 1)
    assert changed != source
    path = tmp_path / "catalogue.yaml"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("tasks", "load", str(path))
    assert TaskCatalogue.objects.get(is_active=True).source == before
