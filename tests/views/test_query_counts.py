"""The roles' daily pages read the database a fixed number of times, however many clients
and assignments there are (no query per row: issue 18 §3, the load test's paths)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Org
from tests.factories import AssignmentFactory, ClientFactory
from tyonjako.encounters.models import Encounter

pytestmark = pytest.mark.django_db


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow(org: Org, count: int) -> None:
    for _ in range(count):
        client = ClientFactory(team=org.team_a)
        AssignmentFactory(client=client, worker=org.counsellor)
        Encounter.objects.create(
            source_system="manual",
            source_id=f"Q-{client.key}",
            client=client,
            team=org.team_a,
            unit_id=org.team_a.unit_id,
            date=dt.date(2026, 6, 1),
            contact_type="visit",
            worker=org.counsellor,
            recorded_by=org.counsellor.user,
        )


def test_the_queue_reads_as_often_for_a_long_queue_as_for_a_short_one(org: Org, login: Any) -> None:
    """Waiting clients (no assessment, no worker) beyond one page: the page still reads
    and logs a page's worth, however long the queue grows."""
    url = f"/caseload/{org.team_a.code}/"
    client = login(org.lead)
    client.get(url)
    ClientFactory.create_batch(3, team=org.team_a)
    few = queries(client, url)
    ClientFactory.create_batch(60, team=org.team_a)
    assert queries(client, url) == few


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("lead", "/"),
        ("counsellor", "/"),
        ("lead", "/clients/"),
        ("counsellor", "/clients/"),
        ("lead", "/caseload/{team}/"),
        ("lead", "/clients/AS-1/assign/"),
        ("counsellor", "/clients/AS-1/"),
        ("lead", "/encounters/statistics/"),
        ("lead", "/encounters/statistics/?units={team}&start=2026-01-01&end=2026-12-31"),
        ("counsellor", "/encounters/"),
        ("counsellor", "/clients/AS-1/assessment/"),
        ("social_worker", "/"),
        ("director", "/"),
        ("director", "/encounters/statistics/?units={unit}&start=2026-01-01&end=2026-12-31"),
    ],
)
def test_a_daily_page_reads_as_often_for_many_clients_as_for_few(
    org: Org, login: Any, role: str, url: str
) -> None:
    url = url.format(team=org.team_a.code, unit=org.team_a.unit.code)
    client = login(getattr(org, role))
    client.get(url)  # warm the per-process caches (instruments, code lists)
    grow(org, 2)
    few = queries(client, url)
    grow(org, 12)
    assert queries(client, url) == few
