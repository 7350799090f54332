"""Encounters counted directly in the database: the queries behind the statistics
of edge days and filtered reports, and behind the monthly tallies.

Two aggregate queries: encounters by their own columns, links by role and
value. Each returns a few hundred or thousand groups, however many encounters
there are, and the counts are summed from them in Python. `by` adds grouping
columns (the team, for the tallies) so that one query serves every group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from .bands import county_bands
from .models import ContactType, Encounter, EncounterLink, Provider

# The encounter's columns with a fixed list of values. `encounter_sums` counts
# each listed value and puts the rest under OUTSIDE, which the statistics fold
# into the table's "other" or "unknown" as they do any value outside the list.
FIXED_VALUES: dict[str, list[str]] = {
    "contact_type": list(ContactType.values),
    "duration_band": [band.code for band in county_bands()],
    "provider": list(Provider.values),
}
OUTSIDE = None
# The encounter's references to code values, few enough together to group by.
CODE_COLUMNS = ("reason_id", "target_group_id", "referred_by_id")
ENCOUNTER_MEASURES = (*CODE_COLUMNS, *FIXED_VALUES)

Sums = dict[str, Counter[Any]]  # measure -> value -> encounters


def empty_sums() -> Sums:
    return {measure: Counter() for measure in ENCOUNTER_MEASURES}


def add_sums(total: Sums, more: Sums) -> None:
    for measure, counts in more.items():
        total[measure].update(counts)


def encounter_sums(
    encounters: QuerySet[Encounter], by: tuple[str, ...] = ()
) -> dict[tuple[Any, ...], Sums]:
    """Encounters counted by each of their own columns, per group of the `by` columns.

    Grouped by the code columns (their combinations are few), with one conditional
    count per value of each fixed-list column: one scan of the encounters, a small
    hash table and a few hundred rows back per group."""
    fixed_counts = {
        f"{column}__{i}": Count("pk", filter=Q(**{column: value}))
        for column, values in FIXED_VALUES.items()
        for i, value in enumerate(values)
    }
    rows = encounters.order_by().values(*by, *CODE_COLUMNS).annotate(n=Count("pk"), **fixed_counts)
    groups: dict[tuple[Any, ...], Sums] = {}
    for row in rows:
        group = tuple(row[column] for column in by)
        sums = groups.get(group)
        if sums is None:
            sums = groups[group] = empty_sums()
        for column in CODE_COLUMNS:
            sums[column][row[column]] += row["n"]
        for column, values in FIXED_VALUES.items():
            counted = 0
            for i, value in enumerate(values):
                sums[column][value] += row[f"{column}__{i}"]
                counted += row[f"{column}__{i}"]
            sums[column][OUTSIDE] += row["n"] - counted
    return groups


def encounter_sums_of(encounters: QuerySet[Encounter]) -> Sums:
    """`encounter_sums` without groups: the counts of all these encounters."""
    return encounter_sums(encounters).get((), empty_sums())


@dataclass(frozen=True)
class LinkRow:
    role: str
    value_id: int
    referred_by_id: int | None  # the encounter's referral source, for the flows
    n: int


def link_rows(
    links: QuerySet[EncounterLink], by: tuple[str, ...] = ()
) -> dict[tuple[Any, ...], list[LinkRow]]:
    """Links counted by role, value and the encounter's referral source, per group.

    Grouping codes and partners by the referral source too costs nothing (the
    sources are few) and lets one join serve codes, partners, destinations and flows."""
    rows = (
        links.order_by()
        .values_list(*by, "role", "value_id", "encounter__referred_by_id")
        .annotate(n=Count("id"))
    )
    groups: dict[tuple[Any, ...], list[LinkRow]] = {}
    for *group, role, value_id, source, n in rows:
        groups.setdefault(tuple(group), []).append(LinkRow(role, value_id, source, n))
    return groups


def link_rows_of(links: QuerySet[EncounterLink]) -> list[LinkRow]:
    return link_rows(links).get((), [])
