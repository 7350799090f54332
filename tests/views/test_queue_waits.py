"""The intake queue shows waiting days and marks long waits (threshold configurable)."""

import datetime as dt

import pytest
from django.test import override_settings

from tests.conftest import Org
from tests.factories import ClientFactory
from tyonjako.caseload.services import intake_queue

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 25)


def test_waiting_days_and_the_long_wait_mark(org: Org) -> None:
    ClientFactory(key="W-OLD", team=org.team_a, pending_since=dt.date(2026, 9, 1))
    rows = {row["client"]: row for row in intake_queue(org.team_a, DAY, long_wait_days=30)}
    assert rows["W-OLD"]["days_pending"] == 85 and rows["W-OLD"]["long_wait"]
    assert rows["AS-2"]["days_pending"] == 23 and not rows["AS-2"]["long_wait"]


@override_settings(QUEUE_LONG_WAIT_DAYS=20)
def test_the_page_marks_by_the_configured_threshold(org: Org, login) -> None:
    html = login(org.lead).get(f"/caseload/{org.team_a.code}/").content.decode()
    assert 'data-testid="long-wait-AS-2"' in html and "20" in html


def test_worker_changes_appear_in_the_caseload_figures(org: Org, login) -> None:
    from tyonjako.caseload import actions

    actions.assign(
        org.own_client, org.social_worker, kind="personal_worker", by=org.lead.user, replace=True
    )
    response = login(org.lead).get(f"/caseload/{org.team_a.code}/workers/")
    data = response.context["data"]
    assert data["worker_changes"] == 1 and data["clients_with_worker_changes"] == 1
    active = sum(data["clients_by_worker_changes"].values())
    assert data["clients_by_worker_changes"]["1"] == 1 and active >= 2
    assert data["worker_changes_per_client"] == round(1 / active, 2)
    assert 'data-testid="worker-changes-per-client"' in response.content.decode()
    api = login(org.lead).get(f"/api/v1/teams/{org.team_a.code}/caseload/")
    assert api.json()["clients_by_worker_changes"] == data["clients_by_worker_changes"]
