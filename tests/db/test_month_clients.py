"""The distinct clients of a period from the monthly client sets equal a plain count.

Property-based: random encounters of random clients in random teams, months and
workers, some months recounted and some left stale, reported over random periods
(whole months, partial months, open sides) for a unit or a team, with and without
a profession; the report must equal the one counted row by row."""

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Org
from tests.db.test_encounter_stats import reference_statistics
from tests.factories import ClientFactory
from tyonjako.clients.models import Client
from tyonjako.common.intset import bits_of, unpack
from tyonjako.encounters import stats, tallies
from tyonjako.encounters.models import Encounter, MonthClients
from tyonjako.encounters.stats import CLIENT_COLUMNS, StatsFilter, unit_statistics

pytestmark = pytest.mark.django_db
D = dt.date
FIRST_DAY = D(2023, 1, 1)
DAYS = 150  # about five months: whole months and edges both

encounter = st.tuples(
    st.integers(0, DAYS - 1),  # day
    st.integers(0, 3),  # team: a, a2 (same unit), b (another unit), none
    st.integers(0, 5),  # client
    st.integers(0, 3),  # worker: none, counsellor, social worker, lead
)
day = st.one_of(st.none(), st.integers(-10, DAYS + 10).map(lambda n: FIRST_DAY + dt.timedelta(n)))


def plain_client_sums(flt: StatsFilter) -> dict[str, Counter]:
    """The distinct clients of the filter by profile: every encounter read, no tallies."""
    ids = set(flt.queryset().values_list("client_id", flat=True))
    sums: dict[str, Counter] = {column: Counter() for column in CLIENT_COLUMNS}
    for row in Client.objects.filter(id__in=ids).values_list(*CLIENT_COLUMNS):
        for column, value in zip(CLIENT_COLUMNS, row, strict=True):
            sums[column][value] += 1
    return sums


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(encounter, min_size=10, max_size=60),
    recount=st.sets(st.integers(0, 5)),  # months (from January) recounted; the rest stay stale
    start=day,
    end=day,
    place=st.integers(0, 2),  # unit, team a, team a2
    profession=st.sampled_from([None, "counsellor", "social_worker"]),
    by_range=st.booleans(),  # profiles read through the byte map, not by id
)
def test_distinct_clients_from_month_sets_equal_a_plain_count(
    org: Org, monkeypatch, rows, recount, start, end, place, profession, by_range
) -> None:
    monkeypatch.setattr(stats, "CLIENTS_BY_ID", 0 if by_range else 900)
    teams = [org.team_a, org.team_a2, org.team_b, None]
    workers = [None, org.counsellor, org.social_worker, org.lead]
    with transaction.atomic():
        clients = [
            ClientFactory(
                team=org.team_a,
                gender=["female", "male", "", "other"][i % 4],
                birth_year=[None, 1950, 1990, 2004][i % 4],
                language=["fi", "sv", "en"][i % 3],
            )
            for i in range(6)
        ]
        made = Encounter.objects.bulk_create(
            Encounter(
                source_system="h",
                source_id=f"h-{i}",
                date=FIRST_DAY + dt.timedelta(days),
                unit=(teams[team] or org.team_a).unit,
                team=teams[team],
                worker=workers[worker],
                client=clients[client],
                contact_type="visit",
            )
            for i, (days, team, client, worker) in enumerate(rows)
        )
        tallies.mark_stale((e.unit_id, e.date) for e in made)
        for month in sorted(recount):
            first = D(2023, 1 + month, 1)
            tallies.refresh_tallies(None, first, first)
        code = [org.team_a.unit.code, org.team_a.code, org.team_a2.code][place]
        flt = StatsFilter(code, start, end, profession=profession)
        place_obj = stats.find_place(code)
        assert stats._distinct_client_sums(flt, place_obj) == plain_client_sums(flt)
        assert unit_statistics(flt) == reference_statistics(flt)
        transaction.set_rollback(True)


def test_a_recount_keeps_one_set_per_team_and_month(org: Org) -> None:
    clients = ClientFactory.create_batch(3, team=org.team_a)
    for i, (team, client) in enumerate(
        [(org.team_a, 0), (org.team_a, 0), (org.team_a2, 1), (None, 2)]
    ):
        Encounter.objects.create(
            source_system="h",
            source_id=f"s-{i}",
            date=D(2023, 3, 5 + i),
            unit=org.team_a.unit,
            team=team,
            client=clients[client],
            contact_type="visit",
        )
    tallies.refresh_tallies()
    sets = {
        (s.team_id, s.month): unpack(s.ids)
        for s in MonthClients.objects.filter(unit=org.team_a.unit)
    }
    assert sets == {
        (org.team_a.pk, D(2023, 3, 1)): bits_of([clients[0].pk]),
        (org.team_a2.pk, D(2023, 3, 1)): bits_of([clients[1].pk]),
        (None, D(2023, 3, 1)): bits_of([clients[2].pk]),
    }
    # A deletion marks the month; the recount drops the client from the set.
    Encounter.objects.filter(team=org.team_a2).delete()
    tallies.refresh_tallies()
    assert not MonthClients.objects.filter(team=org.team_a2).exists()


def test_the_migration_marks_every_tallied_month_for_its_client_set(org: Org) -> None:
    from importlib import import_module

    from django.apps import apps

    from tyonjako.encounters.models import MonthTally, StaleMonth

    migration = import_module("tyonjako.encounters.migrations.0009_month_clients")
    unit = org.team_a.unit
    for month in (D(2023, 1, 1), D(2023, 2, 1)):
        MonthTally.objects.create(
            unit=unit, month=month, measure="contact_type", value="visit", n=1
        )
    StaleMonth.objects.create(unit=unit, month=D(2023, 2, 1), token="already")
    migration.mark_tallied_months_stale(apps, None)
    marks = set(StaleMonth.objects.values_list("unit_id", "month", "token"))
    assert {(u, m) for u, m, _ in marks} == {(unit.pk, D(2023, 1, 1)), (unit.pk, D(2023, 2, 1))}
    assert (unit.pk, D(2023, 2, 1), "already") in marks
