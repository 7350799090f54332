"""Monthly tallies: the statistics of whole months without reading every encounter.

Every write of encounters marks the (unit, month) pairs it touched as stale, in
its own transaction (`mark_stale`; ORM saves and deletes through the signals
below, the importer and the demo explicitly). Before the statistics read the
tallies of a period, `refresh_tallies` recounts the stale months of that unit
from the encounters. A month that cannot be recounted right now (another
transaction is writing it) is reported back and counted directly instead, so a
report is never built on stale tallies.

Beside the tallies, the same recount keeps each month's distinct clients per
team as a set of client ids (`MonthClients`): a period's distinct clients are
the union of its months' sets, not a semi-join of every encounter of the period.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from tyonjako.common.bulk import bound_connection, concrete_fields
from tyonjako.common.intset import pack, unpack

from .counting import (
    CODE_COLUMNS,
    FIXED_VALUES,
    OUTSIDE,
    LinkRow,
    Sums,
    empty_sums,
    encounter_sums,
    link_rows,
)
from .models import Encounter, EncounterLink, LinkRole, MonthClients, MonthTally, StaleMonth
from .months import month_end, month_of

log = logging.getLogger(__name__)

LINK_MEASURES = tuple(LinkRole.values)


def mark_stale(
    pairs: Iterable[tuple[int, dt.date | str]], db: BaseDatabaseWrapper | None = None
) -> None:
    """Mark the months of these (unit id, day) pairs for recounting.

    Call it inside the transaction that writes the encounters: the mark and the
    change commit together. A fresh token on every mark lets a refresh that is
    running at the same time see that the month changed again. An upsert by the
    driver on ``db`` (default: this thread's connection), so that the importer's
    writing thread can mark within the import's transaction."""
    keys = sorted({(unit_id, month_of(day)) for unit_id, day in pairs})
    if not keys:
        return
    token = uuid.uuid4().hex
    db = db or bound_connection()
    quote = db.ops.quote_name
    unit, month, mark = (
        quote(f.column) for f in concrete_fields(StaleMonth, ["unit", "month", "token"])
    )
    sql = (
        f"INSERT INTO {quote(StaleMonth._meta.db_table)} ({unit}, {month}, {mark}) "
        f"VALUES (%s, %s, %s) ON CONFLICT ({unit}, {month}) DO UPDATE SET {mark} = excluded.{mark}"
    )
    with db.cursor() as cursor:
        cursor.executemany(sql, [(unit_id, day, token) for unit_id, day in keys])


def stale_months(
    unit_ids: Iterable[int] | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[tuple[int, dt.date]]:
    marks = StaleMonth.objects.all()
    if unit_ids is not None:
        marks = marks.filter(unit_id__in=list(unit_ids))
    if first is not None:
        marks = marks.filter(month__gte=first)
    if last is not None:
        marks = marks.filter(month__lte=last)
    return list(marks.order_by("unit_id", "month").values_list("unit_id", "month"))


def refresh_tallies(
    unit_ids: Iterable[int] | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[tuple[int, dt.date]]:
    """Recount the stale months (of these units, between these months); return those left stale.

    Each month is recounted in its own short transaction, so that SQLite's write
    lock is never held for longer than one month's count. A month another
    transaction is writing is skipped (it stays stale); once the database refuses
    (SQLite while an import holds the write lock) the remaining months are skipped
    too."""
    months = stale_months(unit_ids, first, last)
    left: list[tuple[int, dt.date]] = []
    for done, (unit_id, month) in enumerate(months, start=1):
        try:
            if not _recount(unit_id, month):
                left.append((unit_id, month))
        except DatabaseError:
            log.warning("tallies of unit %s, %s not recounted now", unit_id, month, exc_info=True)
            left += months[done - 1 :]
            break
    return left


def tune_for_counting() -> None:
    """PostgreSQL: join a month's links (or sort a year's clients) in memory, without
    compiling the query.

    The default work_mem (4 MB) makes the join spill to disk, and JIT compilation
    costs more than it saves on these one-pass queries. Both only for this
    transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")


def _recount(unit_id: int, month: dt.date) -> bool:
    """Recount one month of one unit; False when another transaction is writing it.

    Month by month, each month's encounters are one range of the (unit, date)
    index and their links are found through them. One pass over a whole year
    grouped by month was faster on PostgreSQL (6 s against 10 s for a million
    encounters) but twice as slow on SQLite, which sorts the year to group it,
    and it would hold SQLite's write lock for the whole year."""
    with transaction.atomic():
        marks = StaleMonth.objects.select_for_update(skip_locked=True)
        token = marks.filter(unit_id=unit_id, month=month).values_list("token", flat=True).first()
        if token is None:
            # Not lockable but still visible: a committed stale month that a
            # writer is marking again. Neither: another refresh has just recounted
            # it, or it belongs to a write not committed yet (the tallies already
            # hold everything committed).
            return not StaleMonth.objects.filter(unit_id=unit_id, month=month).exists()
        tune_for_counting()
        days = (month, month_end(month))
        encounters = Encounter.objects.filter(unit_id=unit_id, date__range=days)
        links = EncounterLink.objects.filter(
            encounter__unit_id=unit_id, encounter__date__range=days
        )
        tallies = list(_tallies(unit_id, month, encounters, links))
        MonthTally.objects.filter(unit_id=unit_id, month=month).delete()
        MonthTally.objects.bulk_create(tallies, batch_size=2000)
        client_sets = _client_sets(unit_id, month, encounters)
        MonthClients.objects.filter(unit_id=unit_id, month=month).delete()
        MonthClients.objects.bulk_create(client_sets, batch_size=100)
        StaleMonth.objects.filter(unit_id=unit_id, month=month, token=token).delete()
    return True


def _tallies(unit_id: int, month: dt.date, encounters: Any, links: Any) -> Iterable[MonthTally]:
    for (team_id,), sums in encounter_sums(encounters, by=("team_id",)).items():
        for measure, counts in sums.items():
            for value, n in counts.items():
                if n:
                    yield MonthTally(
                        unit_id=unit_id,
                        team_id=team_id,
                        month=month,
                        measure=measure,
                        value="" if value is None else str(value),
                        n=n,
                    )
    for (team_id,), rows in link_rows(links, by=("encounter__team_id",)).items():
        by_value: dict[tuple[str, int, int | None], int] = {}
        for row in rows:
            # Only onward referrals keep their source (the flows); codes and
            # partners are summed over it.
            source = row.referred_by_id if row.role == LinkRole.DESTINATION else None
            key = (row.role, row.value_id, source)
            by_value[key] = by_value.get(key, 0) + row.n
        for (role, value_id, source), n in by_value.items():
            yield MonthTally(
                unit_id=unit_id,
                team_id=team_id,
                month=month,
                measure=role,
                value=str(value_id),
                source=source,
                n=n,
            )


def _client_sets(unit_id: int, month: dt.date, encounters: Any) -> list[MonthClients]:
    """The month's distinct clients per team (None: encounters of no team), packed."""
    by_team: dict[int | None, list[int]] = {}
    # Work without a client (a consultation, a group session) counts no client.
    pairs = (
        encounters.filter(client_id__isnull=False)
        .order_by()
        .values_list("team_id", "client_id")
        .distinct()
    )
    for team_id, client_id in pairs.iterator(chunk_size=20_000):
        by_team.setdefault(team_id, []).append(client_id)
    return [
        MonthClients(unit_id=unit_id, team_id=team_id, month=month, ids=pack(ids))
        for team_id, ids in by_team.items()
    ]


def read_client_ids(
    place: Q, first: dt.date | None, last: dt.date | None, skip: Iterable[dt.date] = ()
) -> int:
    """The distinct clients of a place over whole months, as the bits of one int
    (`common.intset`): the union of the months' sets."""
    sets = MonthClients.objects.filter(place)
    if first is not None:
        sets = sets.filter(month__gte=first)
    if last is not None:
        sets = sets.filter(month__lte=last)
    skipped = list(skip)
    if skipped:
        sets = sets.exclude(month__in=skipped)
    bits = 0
    for packed in sets.values_list("ids", flat=True).iterator(chunk_size=100):
        bits |= unpack(packed)
    return bits


def read_tallies(
    place: Q, first: dt.date | None, last: dt.date | None, skip: Iterable[dt.date] = ()
) -> tuple[Sums, list[LinkRow]]:
    """The tallied counts of a place (`Q(unit_id=…)` or `Q(team_id=…)`) over whole months."""
    tallies = MonthTally.objects.filter(place)
    if first is not None:
        tallies = tallies.filter(month__gte=first)
    if last is not None:
        tallies = tallies.filter(month__lte=last)
    skipped = list(skip)
    if skipped:
        tallies = tallies.exclude(month__in=skipped)
    rows = tallies.order_by().values_list("measure", "value", "source").annotate(total=Sum("n"))
    sums = empty_sums()
    links: list[LinkRow] = []
    for measure, value, source, n in rows:
        if measure in LINK_MEASURES:
            links.append(LinkRow(measure, int(value), source, n))
        elif measure in CODE_COLUMNS:
            sums[measure][int(value) if value else None] += n
        elif measure in FIXED_VALUES:
            sums[measure][value or OUTSIDE] += n
    return sums, links


# ---------------------------------------------------------------- ORM writes


def _encounter_saving(sender: type[Encounter], instance: Encounter, **kwargs: Any) -> None:
    """A save that moves an encounter to another unit or month leaves its old month stale too."""
    if instance.pk is not None and not instance._state.adding:
        mark_stale(Encounter.objects.filter(pk=instance.pk).values_list("unit_id", "date"))


def _encounter_saved(sender: type[Encounter], instance: Encounter, **kwargs: Any) -> None:
    mark_stale([(instance.unit_id, instance.date)])


def _encounter_deleted(sender: type[Encounter], instance: Encounter, **kwargs: Any) -> None:
    mark_stale([(instance.unit_id, instance.date)])


def _link_saved(sender: type[EncounterLink], instance: EncounterLink, **kwargs: Any) -> None:
    mark_stale(Encounter.objects.filter(pk=instance.encounter_id).values_list("unit_id", "date"))


def connect_signals() -> None:
    """ORM saves and deletes mark their months (bulk writes mark explicitly).

    Link deletes have no receiver on purpose: one would make Django fetch every
    link before deleting it; every path that deletes links saves or marks the
    encounter in the same transaction."""
    pre_save.connect(_encounter_saving, sender=Encounter, dispatch_uid="tally_saving")
    post_save.connect(_encounter_saved, sender=Encounter, dispatch_uid="tally_saved")
    post_delete.connect(_encounter_deleted, sender=Encounter, dispatch_uid="tally_deleted")
    post_save.connect(_link_saved, sender=EncounterLink, dispatch_uid="tally_link_saved")
