"""Encounter statistics: the tables of seeds 000 and 001, computed from data.

`unit_statistics` is the one function behind the statistics page, the site
comparison, the XLSX/CSV exports, `tyonjako report encounters` and the API.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from tyonjako.clients.models import Employment, Gender
from tyonjako.common.clock import today
from tyonjako.common.suppression import suppress_row
from tyonjako.organisation.models import Team, Unit

from .importing import DEFAULT_BANDS
from .models import CodeValue, ContactType, Encounter, EncounterLink, LinkRole, Provider

AGE_GROUPS = (
    ("18_29", 18, 29),
    ("30_44", 30, 44),
    ("45_64", 45, 64),
    ("65_74", 65, 74),
    ("75_", 75, 200),
)
SOCIAL_WORKER_TITLES = ("social_worker", "lead_social_worker", "student_substitute")
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
    profession: str | None = None  # "social_worker" | "counsellor"

    def queryset(self) -> QuerySet[Encounter]:
        encounters = Encounter.objects.filter(_place(self.code))
        if self.start:
            encounters = encounters.filter(date__gte=self.start)
        if self.end:
            encounters = encounters.filter(date__lte=self.end)
        if self.worker_ids:
            encounters = encounters.filter(worker_id__in=self.worker_ids)
        if self.profession == "social_worker":
            encounters = encounters.filter(
                worker__job_title__in=["social_worker", "lead_social_worker", "student_substitute"]
            )
        elif self.profession == "counsellor":
            encounters = encounters.filter(worker__job_title="counsellor")
        return encounters


def _place(code: str) -> Q:
    if Team.objects.filter(code=code).exists():
        return Q(team__code=code)
    if Unit.objects.filter(code=code).exists():
        return Q(unit__code=code)
    raise UnknownUnit(code)


def _counts(
    queryset: QuerySet[Any], field: str, *, distinct_clients: bool = False
) -> dict[str, int]:
    measure = Count("client", distinct=True) if distinct_clients else Count("id")
    rows = queryset.order_by().values_list(field).annotate(n=measure)
    return {(key if key not in (None, "") else NONE): n for key, n in rows}


def _complete(counts: dict[str, int], keys: list[str], missing: str = "unknown") -> dict[str, int]:
    """Every expected key (zeros too), with values outside them folded into `missing`."""
    result = dict.fromkeys(keys, 0)
    for key, n in counts.items():
        target = key if key in result else missing
        result[target] = result.get(target, 0) + n
    return result


def unit_statistics(flt: StatsFilter) -> dict[str, Any]:
    encounters = flt.queryset()
    contacts = _complete(
        _counts(encounters, "contact_type"), list(ContactType.values), missing="other"
    )
    total = sum(contacts.values())
    clients = encounters.order_by().aggregate(n=Count("client", distinct=True))["n"]
    links = EncounterLink.objects.filter(encounter__in=encounters.values("id"))
    report: dict[str, Any] = {
        "unit": flt.code,
        "unit_name": _unit_name(flt.code),
        "from": flt.start.isoformat() if flt.start else None,
        "to": flt.end.isoformat() if flt.end else None,
        "contacts": {**contacts, "total": total},
        "clients": clients,
        "contacts_per_client": round(total / clients, 2) if clients else None,
        "gender": _complete(
            _counts(encounters, "client__gender", distinct_clients=True), list(Gender.values)
        ),
        "employment": _complete(
            _counts(encounters, "client__employment", distinct_clients=True),
            list(Employment.values),
        ),
        "language": _complete(
            _counts(encounters, "client__language", distinct_clients=True),
            ["fi", "sv", "other"],
            missing="other",
        ),
        "age_groups": _age_groups(encounters, flt.end),
        "reasons": _counts(encounters, "reason__code"),
        "target_groups": _counts(encounters, "target_group__code"),
        "codes": _link_counts(links, LinkRole.CODE, qualified=True),
        "duration_bands": _complete(
            _counts(encounters, "duration_band"),
            [band.code for band in DEFAULT_BANDS],
            missing="unknown",
        ),
        "partners": _link_counts(links, LinkRole.PARTNER),
        "referred_by": _counts(encounters, "referred_by__code"),
        "referred_to": _link_counts(links, LinkRole.DESTINATION),
        "flows": _flows(links),
        "provider": _complete(
            _counts(encounters, "provider"), list(Provider.values), missing="unknown"
        ),
        "suppressed": False,
        "threshold": None,
    }
    return report


def _unit_name(code: str) -> dict[str, str]:
    place = Team.objects.filter(code=code).first() or Unit.objects.filter(code=code).first()
    if place is None:
        return {}
    return {"fi": place.name_fi, "sv": place.name_sv, "en": place.name_en or place.name_fi}


def _age_groups(encounters: QuerySet[Encounter], end: dt.date | None) -> dict[str, int]:
    """Clients by age at the end of the period (by birth year; today's year for an open period)."""
    year = (end or today()).year
    groups = dict.fromkeys([name for name, _low, _high in AGE_GROUPS] + ["unknown"], 0)
    for birth_year, n in _counts(encounters, "client__birth_year", distinct_clients=True).items():
        age = year - int(birth_year) if birth_year != NONE else -1
        name = next((name for name, low, high in AGE_GROUPS if low <= age <= high), "unknown")
        groups[name] += n
    return groups


def _link_counts(
    links: QuerySet[EncounterLink], role: str, *, qualified: bool = False
) -> dict[str, int]:
    rows = (
        links.filter(role=role)
        .order_by()
        .values_list("value__system", "value__code")
        .annotate(n=Count("id"))
    )
    return {(f"{system}:{code}" if qualified and system else code): n for system, code, n in rows}


def _flows(links: QuerySet[EncounterLink]) -> list[dict[str, Any]]:
    rows = (
        links.filter(role=LinkRole.DESTINATION)
        .order_by()
        .values_list("encounter__referred_by__code", "value__code")
        .annotate(n=Count("id"))
    )
    return sorted(
        ({"from": source or NONE, "to": target, "count": n} for source, target, n in rows),
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
    out["contacts"] = {**row.cells, "total": row.total}
    clients = report["clients"]
    out["clients"] = None if 0 < clients < threshold else clients
    if out["clients"] is None or row.total is None:
        out["contacts_per_client"] = None
    for name in DISTRIBUTIONS_OF_CLIENTS + DISTRIBUTIONS_OF_CONTACTS:
        out[name] = suppress_row(report[name], threshold).cells
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
