"""How encounters are recorded, through the door: the figures seed 000 asks about
structured recording and seed 001 counts private providers apart by.

* `months`: contacts per calendar month of the period;
* `contact_provider`: contacts by contact type × provider;
* `completeness`: per profession and per month, the encounters, the share without
  a reason, without a code, without either, and with consent recorded.

Counted directly from the encounters of one place in scope (a few GROUP BY
queries); suppression as everywhere (counts 1…threshold-1 hidden, a share built
on a hidden count hidden with it).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth

from tyonjako.common.professions import profession_of_title
from tyonjako.common.suppression import Shown, suppress_row, suppress_value

from .door import ReportScope

NOT_RECORDED = "none"


def recording_report(scope: ReportScope, code: str) -> dict[str, Any]:
    from tyonjako.encounters.models import EncounterLink, LinkRole
    from tyonjako.encounters.stats import StatsFilter

    place = scope.place(code)
    period = scope.period
    encounters = StatsFilter(place.code, period.start, period.end).queryset().order_by()
    coded = EncounterLink.objects.filter(encounter_id=OuterRef("pk"), role=LinkRole.CODE)
    rows = (
        encounters.annotate(month=TruncMonth("date"), has_code=Exists(coded))
        .values_list("month", "worker__job_title", "contact_type", "provider")
        .annotate(
            n=Count("id"),
            no_reason=Count("id", filter=Q(reason__isnull=True)),
            no_code=Count("id", filter=Q(has_code=False)),
            neither=Count("id", filter=Q(reason__isnull=True, has_code=False)),
            consent=Count("id", filter=Q(consent=True)),
        )
    )
    months: dict[str, int] = {}
    cross: dict[str, dict[str, int]] = {}
    by_profession: dict[str, dict[str, int]] = {}
    by_month: dict[str, dict[str, int]] = {}
    for month, title, contact_type, provider, n, no_reason, no_code, neither, consent in rows:
        key = month.strftime("%Y-%m")
        months[key] = months.get(key, 0) + n
        row = cross.setdefault(contact_type, {})
        row[provider or NOT_RECORDED] = row.get(provider or NOT_RECORDED, 0) + n
        tallies = (n, no_reason, no_code, neither, consent)
        for table, name in ((by_profession, profession_of_title(title)), (by_month, key)):
            acc = table.setdefault(name, dict.fromkeys(_COUNTS, 0))
            for field, value in zip(_COUNTS, tallies, strict=True):
                acc[field] += value
    report: dict[str, Any] = {
        "unit": place.code,
        "months": dict(sorted(months.items())),
        "contact_provider": {k: dict(sorted(v.items())) for k, v in sorted(cross.items())},
        "completeness": {
            "by_profession": {k: _shares(v, scope) for k, v in sorted(by_profession.items())},
            "by_month": {k: _shares(v, scope) for k, v in sorted(by_month.items())},
        },
    }
    if scope.suppress:
        report["months"] = {k: suppress_value(n, scope.threshold) for k, n in months.items()}
        report["months"] = dict(sorted(report["months"].items()))
        report["contact_provider"] = {
            k: suppress_row(v, scope.threshold).shown for k, v in report["contact_provider"].items()
        }
    return {**report, **scope.header()}


_COUNTS = ("encounters", "without_reason", "without_code", "without_either", "with_consent")


def _shares(counts: dict[str, int], scope: ReportScope) -> dict[str, Shown | float | None]:
    """The counts and their shares (%) of the encounters; for a suppressed scope a small
    count and every share of a small total are hidden."""
    total = counts["encounters"]
    out: dict[str, Shown | float | None] = {}
    for field in _COUNTS:
        n = counts[field]
        shown: Shown = suppress_value(n, scope.threshold) if scope.suppress else n
        out[field] = shown
        if field != "encounters":
            hidden = scope.suppress and (shown is None or 0 < total < scope.threshold)
            out[f"{field}_share"] = None if hidden or not total else round(100 * n / total, 1)
    return out
