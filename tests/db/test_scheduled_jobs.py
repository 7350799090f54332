"""The periodic jobs that other apps declare run from the schedule, without cron."""

import pytest

from tests.conftest import Org
from tests.db.test_pilots import PILOT
from tyonjako.jobs.schedule import REGISTRY
from tyonjako.pilots import actions
from tyonjako.pilots.models import Checkpoint

pytestmark = pytest.mark.django_db


def test_the_schedule_holds_every_periodic_job() -> None:
    assert {
        "compliance-record",
        "tallies-refresh",
        "audit-retention",
        "audit-seal",
        "pilot-checkpoints",
    } <= set(REGISTRY)


def test_the_checkpoint_job_freezes_what_is_past_its_cut_off(org: Org) -> None:
    actions.load_pilot(PILOT, by=org.lead.user)
    result = REGISTRY["pilot-checkpoints"].function()
    assert result == {"frozen": ["trial-2026/cp-1"]}  # the final one's cut-off is 31.12.
    assert Checkpoint.objects.get(key="cp-1").is_frozen
    assert REGISTRY["pilot-checkpoints"].function() == {"frozen": []}


def test_the_audit_retention_job_purges_and_says_what_it_removed(org: Org) -> None:
    result = REGISTRY["audit-retention"].function()
    assert result is not None and result["removed"] == "0" and result["dry_run"] == "False"
