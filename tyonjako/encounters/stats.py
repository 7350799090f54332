"""Encounter statistics: the tables of seeds 000 and 001, computed from data.

`unit_statistics` is the one function behind the statistics page, the site
comparison, the XLSX/CSV exports, `tyonjako report encounters` and the API.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from tyonjako.clients.models import Client, Employment, Gender
from tyonjako.common.clock import today
from tyonjako.common.intset import bits_of, bytemap, ids_of
from tyonjako.common.professions import titles_of_profession
from tyonjako.common.suppression import suppress_row
from tyonjako.organisation.models import Team, Unit

from .counting import (
    CODE_COLUMNS,
    FIXED_VALUES,
    LinkRow,
    Sums,
    add_sums,
    empty_sums,
    encounter_sums_of,
    link_rows_of,
)
from .models import CodeValue, Encounter, EncounterLink, LinkRole
from .months import month_end, split_period
from .tallies import read_client_ids, read_tallies, stale_months, tune_for_counting

AGE_GROUPS = (
    ("18_29", 18, 29),
    ("30_44", 30, 44),
    ("45_64", 45, 64),
    ("65_74", 65, 74),
    ("75_", 75, 200),
)
NONE = "none"  # the key for "not recorded" in code distributions, so every table sums to its total


class UnknownUnit(LookupError):
    pass


@dataclass(frozen=True)
class StatsFilter:
    """What to count: a unit or ward, a period or cut-off date, maybe workers or a profession."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    worker_ids: tuple[int, ...] = ()
    profession: str | None = None  # one of common.professions.PROFESSIONS

    def queryset(self) -> QuerySet[Encounter]:
        return Encounter.objects.filter(self.conditions(find_place(self.code)))

    def conditions(self, place: Team | Unit, via: str = "") -> Q:
        """The filter on encounters; `via` is the path to the encounter ("encounter__" from
        a link), so that links are filtered with one join instead of a subquery."""
        place_field = "team_id" if isinstance(place, Team) else "unit_id"
        conditions = Q(**{f"{via}{place_field}": place.pk})
        if self.start:
            conditions &= Q(**{f"{via}date__gte": self.start})
        if self.end:
            conditions &= Q(**{f"{via}date__lte": self.end})
        if self.worker_ids:
            conditions &= Q(**{f"{via}worker_id__in": self.worker_ids})
        if self.profession:
            titles = titles_of_profession(self.profession)
            conditions &= Q(**{f"{via}worker__job_title__in": titles})
        return conditions


def find_place(code: str) -> Team | Unit:
    """The team (ward) or unit with this code; a team wins, as team codes are the finer ones."""
    place = Team.objects.filter(code=code).first() or Unit.objects.filter(code=code).first()
    if place is None:
        raise UnknownUnit(code)
    return place


def _key(value: Any) -> Any:
    """A value as a table key: not recorded (NULL or empty) is NONE."""
    return NONE if value in (None, "") else value


def _complete(
    counts: Mapping[Any, int], keys: list[str], missing: str = "unknown"
) -> dict[str, int]:
    """Every expected key (zeros too), with values outside them folded into `missing`.

    `missing` is shown only when some value was outside the keys (a count of 0 is
    no value)."""
    result = dict.fromkeys(keys, 0)
    for key, n in counts.items():
        if n == 0:
            continue
        target = _key(key) if _key(key) in result else missing
        result[target] = result.get(target, 0) + n
    return result


# The report comes from the monthly tallies of the period's whole months, direct
# counts of its edge days (encounters and links by their values, see counting.py),
# one query for its distinct clients and one look-up of the code values mentioned.


def unit_statistics(flt: StatsFilter) -> dict[str, Any]:
    place = find_place(flt.code)
    encounters, links = _counts(flt, place)
    clients = _distinct_client_sums(flt, place)
    codes = _code_values(encounters, links)
    contacts = _complete(encounters["contact_type"], FIXED_VALUES["contact_type"], missing="other")
    total = sum(contacts.values())
    n_clients = sum(clients["gender"].values())  # each client is in one gender group
    return {
        "unit": flt.code,
        "unit_name": _place_name(place),
        "from": flt.start.isoformat() if flt.start else None,
        "to": flt.end.isoformat() if flt.end else None,
        "contacts": {**contacts, "total": total},
        "clients": n_clients,
        "contacts_per_client": round(total / n_clients, 2) if n_clients else None,
        "gender": _complete(clients["gender"], list(Gender.values)),
        "employment": _complete(clients["employment"], list(Employment.values)),
        "language": _complete(clients["language"], ["fi", "sv", "other"], missing="other"),
        "age_groups": _age_groups(clients["birth_year"], flt.end),
        "reasons": _by_code(encounters["reason_id"], codes),
        "target_groups": _by_code(encounters["target_group_id"], codes),
        "codes": _by_value(links, LinkRole.CODE, codes, qualified=True),
        "duration_bands": _complete(
            encounters["duration_band"], FIXED_VALUES["duration_band"], missing="unknown"
        ),
        "partners": _by_value(links, LinkRole.PARTNER, codes),
        "referred_by": _by_code(encounters["referred_by_id"], codes),
        "referred_to": _by_value(links, LinkRole.DESTINATION, codes),
        "flows": _flows(links, codes),
        "provider": _complete(encounters["provider"], FIXED_VALUES["provider"], missing="unknown"),
        "suppressed": False,
        "threshold": None,
    }


def _place_name(place: Team | Unit) -> dict[str, str]:
    return {"fi": place.name_fi, "sv": place.name_sv, "en": place.name_en or place.name_fi}


def _counts(flt: StatsFilter, place: Team | Unit) -> tuple[Sums, list[LinkRow]]:
    """The encounter and link counts of the filter: whole months from the tallies.

    A filter on workers or a profession is counted directly (the tallies are by
    unit and team only), and so are the period's edge days and any month whose
    tallies are stale (a job recounts them)."""
    if flt.worker_ids or flt.profession:
        return _direct(flt, place)
    split = split_period(flt.start, flt.end)
    ranges = list(split.edges)
    sums: Sums = empty_sums()
    links: list[LinkRow] = []
    if split.whole is not None:
        first, last = split.whole
        unit_id = place.unit_id if isinstance(place, Team) else place.pk
        # Stale months are counted from the encounters here and recounted into the
        # tallies by a background job: the request never writes, never reads stale tallies.
        left = [month for _, month in stale_months([unit_id], first, last)]
        if left:
            from .jobs import request_tally_refresh

            request_tally_refresh()
        in_place = Q(team_id=place.pk) if isinstance(place, Team) else Q(unit_id=place.pk)
        sums, links = read_tallies(in_place, first, last, skip=left)
        ranges += [(month, month_end(month)) for month in left]
    for start, end in ranges:
        more_sums, more_links = _direct(replace(flt, start=start, end=end), place)
        add_sums(sums, more_sums)
        links += more_links
    return sums, links


def _direct(flt: StatsFilter, place: Team | Unit) -> tuple[Sums, list[LinkRow]]:
    """The filter's encounters and links counted from the encounters themselves."""
    encounters = encounter_sums_of(Encounter.objects.filter(flt.conditions(place)))
    links = link_rows_of(EncounterLink.objects.filter(flt.conditions(place, via="encounter__")))
    return encounters, links


CLIENT_COLUMNS = ("gender", "employment", "language", "birth_year")
#: Up to this many clients their profiles are read by id; more, by one pass over
#: the range of their ids that tests each id's mark.
CLIENTS_BY_ID = 900


def _distinct_client_sums(flt: StatsFilter, place: Team | Unit) -> dict[str, Counter[Any]]:
    """The distinct clients of the filter by each profile column.

    Whole months: the union of their sets of client ids kept with the tallies;
    edge days and stale months: the ids of their encounters. A filter on workers or
    a profession is counted directly, as the encounter counts are."""
    if flt.worker_ids or flt.profession:
        return _client_sums(Encounter.objects.filter(flt.conditions(place)))
    split = split_period(flt.start, flt.end)
    ranges = list(split.edges)
    bits = 0
    if split.whole is not None:
        first, last = split.whole
        unit_id = place.unit_id if isinstance(place, Team) else place.pk
        left = [month for _, month in stale_months([unit_id], first, last)]
        in_place = Q(team_id=place.pk) if isinstance(place, Team) else Q(unit_id=place.pk)
        bits = read_client_ids(in_place, first, last, skip=left)
        ranges += [(month, month_end(month)) for month in left]
    for start, end in ranges:
        encounters = Encounter.objects.filter(flt.conditions(place) & _days(start, end))
        bits |= bits_of(
            encounters.filter(client_id__isnull=False)
            .order_by()
            .values_list("client_id", flat=True)
            .distinct()
        )
    return _profile_sums(bits)


def _days(start: dt.date | None, end: dt.date | None) -> Q:
    days = Q()
    if start is not None:
        days &= Q(date__gte=start)
    if end is not None:
        days &= Q(date__lte=end)
    return days


def _profile_sums(bits: int) -> dict[str, Counter[Any]]:
    """The clients of a set of ids (`common.intset`) counted by each profile column, as they
    are now. Many clients: one pass over their id range, each id tested in a byte map."""
    if bits.bit_count() <= CLIENTS_BY_ID:
        clients = Client.objects.filter(id__in=ids_of(bits))
    else:
        first, marks = bytemap(bits)
        pk = f"{connection.ops.quote_name(Client._meta.db_table)}.{connection.ops.quote_name('id')}"
        member = RawSQL(
            f"substr(%s, CAST({pk} - %s + 1 AS integer), 1) = %s",
            (marks, first, b"\x01"),
            output_field=BooleanField(),
        )
        clients = Client.objects.filter(member, id__range=(first, first + len(marks) - 1))
        # The planner cannot guess how many ids the map marks and takes them for a
        # few hundred: unhelped, PostgreSQL sorted a year's 200 000 clients by their
        # profile (on disk, 0.6-0.9 s) where a hash table takes 0.2 s, and compiled the query.
        with transaction.atomic():
            tune_for_counting()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_sort = off")
            return _grouped(clients)
    return _grouped(clients)


def _client_sums(encounters: QuerySet[Encounter]) -> dict[str, Counter[Any]]:
    """The distinct clients of these encounters counted by each profile column.

    A client is counted once however many encounters they had: the clients are
    chosen with IN (the encounters' client ids), which the database answers with
    a semi-join, not by counting distinct clients per column."""
    return _grouped(Client.objects.filter(id__in=encounters.order_by().values("client_id")))


def _grouped(clients: QuerySet[Client]) -> dict[str, Counter[Any]]:
    rows = clients.order_by().values_list(*CLIENT_COLUMNS).annotate(n=Count("id"))
    sums: dict[str, Counter[Any]] = {column: Counter() for column in CLIENT_COLUMNS}
    for *values, n in rows:
        for column, value in zip(CLIENT_COLUMNS, values, strict=True):
            sums[column][value] += n
    return sums


@dataclass(frozen=True)
class _Code:
    system: str
    code: str

    @property
    def qualified(self) -> str:
        return f"{self.system}:{self.code}" if self.system else self.code


def _code_values(encounters: Sums, links: list[LinkRow]) -> dict[int, _Code]:
    """The code values the counts mention, by id (code lists are small; these fewer still)."""
    ids = {row.value_id for row in links} | {row.referred_by_id for row in links}
    for column in CODE_COLUMNS:
        ids.update(encounters[column])
    ids.discard(None)
    values = CodeValue.objects.filter(id__in=ids).values_list("id", "system", "code")
    return {pk: _Code(system, code) for pk, system, code in values}


def _by_code(counts: Counter[int | None], codes: dict[int, _Code]) -> dict[str, int]:
    """Counts by value id as counts by code, "none" for not recorded.

    Values with the same code count together. The order is the code's (not
    recorded first), so that the exports, which list codes in first-seen order, do
    not depend on the order a database happens to return groups in."""
    by_code: Counter[str | None] = Counter()
    for pk, n in counts.items():
        by_code[codes[pk].code if pk is not None else None] += n
    result: dict[str, int] = {}
    for code in sorted(by_code, key=lambda code: (code is not None, code or "")):
        key = _key(code)
        result[key] = result.get(key, 0) + by_code[code]
    return result


def _by_value(
    links: list[LinkRow], role: str, codes: dict[int, _Code], *, qualified: bool = False
) -> dict[str, int]:
    """Links of one role by code ("system:code" for codes).

    Ordered by system and code, for the same reason as `_by_code`."""
    counts: Counter[_Code] = Counter()
    for row in links:
        if row.role == role:
            counts[codes[row.value_id]] += row.n
    result: dict[str, int] = {}
    for value in sorted(counts, key=lambda value: (value.system, value.code)):
        key = value.qualified if qualified else value.code
        result[key] = result.get(key, 0) + counts[value]
    return result


def _age_groups(birth_years: Counter[int | None], end: dt.date | None) -> dict[str, int]:
    """Clients by age at the end of the period (by birth year; today's year for an open period)."""
    year = (end or today()).year
    groups = dict.fromkeys([name for name, _low, _high in AGE_GROUPS] + ["unknown"], 0)
    for birth_year, n in birth_years.items():
        age = year - int(birth_year) if birth_year is not None else -1
        name = next((name for name, low, high in AGE_GROUPS if low <= age <= high), "unknown")
        groups[name] += n
    return groups


def _flows(links: list[LinkRow], codes: dict[int, _Code]) -> list[dict[str, Any]]:
    """Referral source → onward referral pairs, the most common first."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in links:
        if row.role == LinkRole.DESTINATION:
            source = codes[row.referred_by_id].code if row.referred_by_id is not None else None
            counts[(source or NONE, codes[row.value_id].code)] += row.n
    return sorted(
        ({"from": source, "to": target, "count": n} for (source, target), n in counts.items()),
        key=lambda flow: (-flow["count"], flow["from"], flow["to"]),
    )


# ---------------------------------------------------------------- suppression

DISTRIBUTIONS_OF_CLIENTS = ("gender", "employment", "language", "age_groups")
DISTRIBUTIONS_OF_CONTACTS = (
    "reasons",
    "target_groups",
    "duration_bands",
    "referred_by",
    "provider",
)
LINK_DISTRIBUTIONS = ("codes", "partners", "referred_to")


def suppress_report(report: dict[str, Any], threshold: int) -> dict[str, Any]:
    """Small cells hidden for people who do not see clients; totals cannot give them away."""
    out = dict(report)
    contacts = {k: v for k, v in report["contacts"].items() if k != "total"}
    row = suppress_row(contacts, threshold)
    out["contacts"] = {**row.shown, "total": row.shown_total}
    clients = report["clients"]
    out["clients"] = None if 0 < clients < threshold else clients
    if out["clients"] is None or row.total is None:
        out["contacts_per_client"] = None
    for name in DISTRIBUTIONS_OF_CLIENTS + DISTRIBUTIONS_OF_CONTACTS:
        out[name] = suppress_row(report[name], threshold).shown
    for name in LINK_DISTRIBUTIONS:
        # An encounter can have several codes, so these have no total to protect:
        # each small cell alone is hidden.
        out[name] = {key: (None if 0 < n < threshold else n) for key, n in report[name].items()}
    out["flows"] = [
        {**flow, "count": None if 0 < flow["count"] < threshold else flow["count"]}
        for flow in report["flows"]
    ]
    out["suppressed"] = True
    out["threshold"] = threshold
    return out


def code_labels(reports: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, str]]]:
    """Labels fi/sv/en of every code the reports mention, per list."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        for name in ("reasons", "target_groups", "partners", "referred_by", "referred_to"):
            wanted[name].update(report[name])
        wanted["codes"].update(report["codes"])
    lists = {
        "reasons": "reason",
        "target_groups": "target_group",
        "partners": "partner",
        "referred_by": "referral_source",
        "referred_to": "destination",
    }
    labels: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for value in CodeValue.objects.all():
        entry = {"fi": value.name_fi, "sv": value.name_sv, "en": value.name_en or value.name_fi}
        for name, list_name in lists.items():
            if value.list == list_name and value.code in wanted[name]:
                labels[name][value.code] = entry
        if value.list == "code" and value.qualified in wanted["codes"]:
            labels["codes"][value.qualified] = entry
    return dict(labels)
