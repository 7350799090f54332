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


#: The columns of the CSV of `report recording --format csv` (one row per figure).
CSV_COLUMNS = ("unit", "section", "key", "label", "measure", "value", "period")


def as_csv(report: dict[str, Any], language: str) -> str:
    """The figures as one long table, the conventions of the statistics CSV: Finnish and
    Swedish semicolon-separated with a decimal comma and a byte-order mark, English
    comma-separated; a hidden count "<5" (the threshold), a hidden share "..".
    Every key is beside its label in the language asked for."""
    import io

    from django.utils.translation import override

    from tyonjako.common.cells import csv_writer
    from tyonjako.common.csv_headers import headers
    from tyonjako.encounters.exports.labels import check_language, text

    check_language(language)
    english = language == "en"
    out = io.StringIO()
    writer = csv_writer(out, delimiter="," if english else ";", lineterminator="\r\n")
    writer.writerow(headers(CSV_COLUMNS, language))
    threshold = report.get("threshold") or 5

    def count(value: Any) -> str:
        return f"<{threshold}" if value is None else str(value)

    def share(value: Any) -> str:
        if value is None:
            return ".."
        return str(value) if english else str(value).replace(".", ",")

    unit, period = report["unit"], report["period"]
    rows: list[tuple[str, str, str, str, str]] = []
    for month, n in report["months"].items():
        rows.append(("months", month, month_label(month), "contacts", count(n)))
    for contact_type, providers in report["contact_provider"].items():
        for provider, n in providers.items():
            group = "common" if provider == NOT_RECORDED else "provider"
            label = (
                f"{text('contacts', contact_type, language)} / {text(group, provider, language)}"
            )
            rows.append(
                ("contact_provider", f"{contact_type}/{provider}", label, "contacts", count(n))
            )
    with override(language):
        for kind in ("by_profession", "by_month"):
            for key, figures in report["completeness"][kind].items():
                label = profession_label(key) if kind == "by_profession" else month_label(key)
                for measure, value in figures.items():
                    shown = share(value) if measure.endswith("_share") else count(value)
                    rows.append((f"completeness_{kind}", key, label, measure, shown))
    for section, key, label, measure, value in rows:
        writer.writerow((unit, section, key, label, measure, value, period))
    return out.getvalue() if english else "\ufeff" + out.getvalue()


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{int(month)}/{year}"


def profession_label(name: str) -> str:
    from django.utils.translation import gettext

    from tyonjako.organisation.choices import Profession

    if name == "other":  # a worker of no listed profession, or no worker
        return gettext("other or no worker")
    return str(Profession(name).label) if name in Profession.values else name
