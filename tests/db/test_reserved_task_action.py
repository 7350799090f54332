"""The recording action itself refuses a task the law reserves for a social worker."""

import datetime as dt

import pytest

from tests.conftest import Org
from tyonjako.encounters import actions
from tyonjako.encounters.models import Encounter
from tyonjako.tasks.catalogue import default_catalogue

pytestmark = pytest.mark.django_db


def reserved_task() -> str:
    return next(code for code, task in default_catalogue().tasks.items() if task.reserved)


def data(org: Org, task: str) -> actions.EncounterData:
    return actions.EncounterData(
        date=dt.date(2026, 11, 24), team=org.team_a, contact_type="visit", task_code=task
    )


def test_a_counsellor_cannot_record_a_reserved_task_through_the_action(org: Org) -> None:
    with pytest.raises(actions.EncounterError) as error:
        actions.record_encounter(
            org.own_client,
            data(org, reserved_task()),
            by=org.counsellor.user,
            today=dt.date(2026, 11, 25),
        )
    assert error.value.field == "task"
    assert not Encounter.objects.exists()


def test_a_social_worker_records_it_without_a_flag(org: Org) -> None:
    made = actions.record_encounter(
        org.own_client,
        data(org, reserved_task()),
        by=org.social_worker.user,
        today=dt.date(2026, 11, 25),
    )
    assert made.task_code == reserved_task() and made.task_flag == ""
