"""Shared fixtures: the test date and the personas every view test uses.

Personas: a counsellor, a social worker and a lead in team A; a secretary of
team A's unit; a director, an evaluator and an admin who see aggregates only;
and an outsider, a counsellor of team B in another service area.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    MembershipFactory,
    TeamFactory,
    UnitFactory,
    WorkerFactory,
)

TEST_NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)

# Tests run in parallel on a shared machine: Hypothesis must not fail a property because
# the machine was busy generating its inputs (speed is measured in bench/, not here).
hypothesis_settings.register_profile(
    "tyonjako", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("tyonjako")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reverse-order",
        action="store_true",
        help="run the tests in reverse order (transactional tests first): shows order dependence",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgresql` are skipped on SQLite (CI runs the suite on both).

    `--reverse-order` reverses the order pytest-django gives (it runs transactional
    tests last), as pytest-xdist may when it hands tests to its workers."""
    if config.getoption("reverse_order"):
        items.reverse()
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


# The rows the data migrations write (the default instrument and its activation, the task
# catalogue, the segment weights, the audit chain head), by database alias, as Django's
# test-database serializer writes them. A transactional test ends with a flush that empties
# every table; `pytest_runtest_teardown` puts these rows back, so no later test depends on
# running before it. pytest-django runs transactional tests last in one process, but
# pytest-xdist (--dist worksteal) hands a worker tests in any order.
_MIGRATED_ROWS: dict[str, str] = {}
_DB_BLOCKER: list[Any] = []
# post_migrate makes these again after a flush, under new primary keys.
_REMADE_BY_FLUSH = {"contenttypes.contenttype", "auth.permission"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test databases as pytest-django makes them, with the migrated rows kept aside."""
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            rows = json.loads(connections[alias].creation.serialize_db_to_string())
            kept = [row for row in rows if row["model"] not in _REMADE_BY_FLUSH]
            _MIGRATED_ROWS[alias] = json.dumps(kept)
    _DB_BLOCKER.append(django_db_blocker)
    yield
    _MIGRATED_ROWS.clear()
    _DB_BLOCKER.clear()


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    """After a transactional test's flush, the migrated rows are put back (see above)."""
    result = yield
    if nextitem is not None and _MIGRATED_ROWS and _flushes_the_database(item):
        from auditlog.context import disable_auditlog
        from django.db import connections

        # Putting rows back is no one's change: it writes no audit log entry.
        with _DB_BLOCKER[0].unblock(), disable_auditlog():
            for alias, rows in _MIGRATED_ROWS.items():
                connections[alias].creation.deserialize_db_from_string(rows)
    return result


@pytest.fixture(autouse=True)
def frozen_time() -> Any:
    """Every test runs on Wednesday 25.11.2026 at 12.00 Helsinki time."""
    with time_machine.travel(TEST_NOW, tick=False):
        yield


@dataclass
class Org:
    team_a: Any
    team_a2: Any
    team_b: Any
    counsellor: Any
    social_worker: Any
    lead: Any
    secretary: Any
    director: Any
    evaluator: Any
    admin: Any
    outsider: Any
    own_client: Any
    team_client: Any
    unit_client: Any
    other_client: Any


def _worker(username: str, role: str, job_title: str, teams: list[Any], **extra: Any) -> Any:
    from tests.factories import UserFactory

    worker = WorkerFactory(
        user=UserFactory(username=username), role=role, job_title=job_title, **extra
    )
    for team in teams:
        MembershipFactory(worker=worker, team=team)
    return worker


@pytest.fixture
def org(db: Any) -> Org:
    unit = UnitFactory(code="KESKI-ASTY")
    team_a = TeamFactory(code="KESKI-3064", unit=unit)
    team_a2 = TeamFactory(code="KESKI-1829", unit=unit, age_min=18, age_max=29)
    team_b = TeamFactory(code="ETELA-3064")
    counsellor = _worker("ohjaaja", "counsellor", "counsellor", [team_a], languages=["fi", "sv"])
    social_worker = _worker(
        "sosiaalityontekija",
        "social_worker",
        "social_worker",
        [team_a],
        licence="social_worker",
        public_office=True,
    )
    lead = _worker("johtava", "lead", "lead_social_worker", [team_a], licence="social_worker")
    secretary = _worker("sihteeri", "secretary", "service_secretary", [team_a], licence="none")
    director = _worker("johtaja", "director", "unit_director", [], home_unit=unit)
    evaluator = _worker("arvioija", "evaluator", "project_worker", [], licence="none")
    admin = _worker("paakayttaja", "admin", "other", [], licence="none")
    outsider = _worker("ulkopuolinen", "counsellor", "counsellor", [team_b])
    own_client = ClientFactory(key="AS-1", team=team_a)
    AssignmentFactory(client=own_client, worker=counsellor)
    return Org(
        team_a=team_a,
        team_a2=team_a2,
        team_b=team_b,
        counsellor=counsellor,
        social_worker=social_worker,
        lead=lead,
        secretary=secretary,
        director=director,
        evaluator=evaluator,
        admin=admin,
        outsider=outsider,
        own_client=own_client,
        team_client=ClientFactory(key="AS-2", team=team_a),
        unit_client=ClientFactory(key="AS-3", team=team_a2),
        other_client=ClientFactory(key="AS-4", team=team_b),
    )


@pytest.fixture
def login(client: Any) -> Any:
    """Log the test client in as a worker: `login(org.lead)`."""

    def _login(worker: Any) -> Any:
        client.force_login(worker.user)
        return client

    return _login
