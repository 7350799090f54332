"""The roles' daily pages read the database a fixed number of times, however many clients
and assignments there are (no query per row: issue 18 §3, the load test's paths)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Org
from tests.factories import AssignmentFactory, ClientFactory

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
        ("counsellor", "/encounters/"),
    ],
)
def test_a_daily_page_reads_as_often_for_many_clients_as_for_few(
    org: Org, login: Any, role: str, url: str
) -> None:
    url = url.format(team=org.team_a.code)
    client = login(getattr(org, role))
    client.get(url)  # warm the per-process caches (instruments, code lists)
    grow(org, 2)
    few = queries(client, url)
    grow(org, 12)
    assert queries(client, url) == few
