"""Two leads assign the same client at the same moment: exactly one wins.

Real concurrent transactions need a server database: runs on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from tests.conftest import _worker
from tests.factories import ClientFactory, TeamFactory
from tyonjako.caseload import actions
from tyonjako.caseload.models import Assignment, AssignmentKind

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
    ),
]


def test_exactly_one_of_two_simultaneous_assignments_wins() -> None:
    team = TeamFactory(code="RINNAKKAIN")
    lead_a = _worker("johtava_a", "lead", "lead_social_worker", [team], licence="social_worker")
    lead_b = _worker("johtava_b", "lead", "lead_social_worker", [team], licence="social_worker")
    first = _worker(
        "sosiaalityontekija_a", "social_worker", "social_worker", [team], licence="social_worker"
    )
    second = _worker(
        "sosiaalityontekija_b", "social_worker", "social_worker", [team], licence="social_worker"
    )
    client = ClientFactory(team=team)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def lead_assigns(lead, worker) -> None:
        try:
            barrier.wait(timeout=10)
            actions.assign(
                client,
                worker,
                kind=AssignmentKind.PERSONAL_WORKER,
                by=lead.user,
                expected_personal_worker=None,
            )
            outcomes.append("won")
        except actions.AssignmentConflict as error:
            outcomes.append(f"conflict: {error.message}")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=lead_assigns, args=(lead_a, first)),
        threading.Thread(target=lead_assigns, args=(lead_b, second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "won"]
    assert (
        Assignment.objects.filter(client=client, kind=AssignmentKind.PERSONAL_WORKER).count() == 1
    )
