"""The side-by-side table of a scenario report, for the page, the XLSX and the PDF alike:
rows of (label, values) with values already as numbers; the templates format them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tyonjako.organisation.choices import Profession

from .rules.costs import COUNSELLOR as COUNSELLOR_KEY
from .rules.costs import SUBSTITUTE

SEGMENTS = ("care", "cooperation", "guidance", "self_service", "")


def segment_label(segment: str) -> str:
    return {
        "care": _("care clientship"),
        "cooperation": _("cooperation clientship"),
        "guidance": _("guidance clientship"),
        "self_service": _("self-service clientship"),
        "": _("not assessed"),
    }.get(segment, segment)


def source_label(source: str) -> str:
    return {"county": _("county budget"), "project": _("project funding")}.get(source, source)


def profession_label(profession: str) -> str:
    return str(Profession(profession).label) if profession in Profession.values else profession


def columns(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Today first, then each scenario: {title, key, figures, change}."""
    cols = [{"title": _("Today"), "key": "", "figures": report["today"], "change": None}]
    cols += [
        {"title": s["name"], "key": s["key"], "figures": s["figures"], "change": s["change"]}
        for s in report["scenarios"]
    ]
    return cols


def _get(data: Any, *path: str) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def table(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows: {label, kind (euro|hours|fte|ratio|number|flag), values, changes, group}."""
    cols = columns(report)
    professions = sorted(
        {p for c in cols for p in c["figures"]["fte"]}, key=lambda p: (p != "social_worker", p)
    )
    sources = sorted({s for c in cols for s in c["figures"]["cost"]["budget_by_source"]})
    rows: list[dict[str, Any]] = []

    def add(group: str, label: str, kind: str, *path: str) -> None:
        rows.append(
            {
                "group": group,
                "label": label,
                "kind": kind,
                "values": [_get(c["figures"], *path) for c in cols],
                "changes": [_get(c["change"], *path) if c["change"] else None for c in cols],
            }
        )

    cost = _("Annual cost")
    add(cost, _("Budgeted cost of all posts (€ a year)"), "euro", "cost", "budget")
    for source in sources:
        add(
            cost,
            _("… of which %(source)s") % {"source": source_label(source)},
            "euro",
            "cost",
            "budget_by_source",
            source,
        )
    add(cost, _("Cost of filled posts (€ a year)"), "euro", "cost", "paid")
    staff = _("Posts and capacity")
    add(staff, _("Posts"), "number", "posts")
    add(staff, _("Open posts"), "number", "vacancies")
    for profession in professions:
        add(staff, _("FTE: %(p)s") % {"p": profession_label(profession)}, "fte", "fte", profession)
    for profession in professions:
        add(
            staff,
            _("Filled FTE: %(p)s") % {"p": profession_label(profession)},
            "fte",
            "filled_fte",
            profession,
        )
    for profession in professions:
        add(
            staff,
            _("Client-work hours a year: %(p)s") % {"p": profession_label(profession)},
            "hours",
            "capacity_hours",
            profession,
        )
    if not report.get("demand_hidden"):
        demand = _("Demand from measured work (hours a year)")
        add(
            demand,
            _("Work only a social worker may do"),
            "hours",
            "demand",
            "social_worker_only_hours",
        )
        add(
            demand, _("Covered by social workers"), "ratio", "demand", "social_worker_only_coverage"
        )
        add(
            demand,
            _("Shortfall of social-worker hours"),
            "hours",
            "demand",
            "social_worker_shortfall_hours",
        )
        add(demand, _("Work a counsellor may do"), "hours", "demand", "counsellor_eligible_hours")
        add(
            demand,
            _("Covered by counsellors and social workers' spare hours"),
            "ratio",
            "demand",
            "counsellor_eligible_coverage",
        )
    caseload = _("Caseload")
    segments = sorted(
        {s for c in cols for s in (_get(c["figures"], "caseload", "weighted_per_fte") or {})},
        key=lambda s: SEGMENTS.index(s) if s in SEGMENTS else 99,
    )
    for segment in segments:
        add(
            caseload,
            _("Weighted clients per FTE: %(segment)s") % {"segment": segment_label(segment)},
            "number",
            "caseload",
            "weighted_per_fte",
            segment,
        )
    add(
        caseload,
        _("Special-support clients per social-worker FTE"),
        "number",
        "caseload",
        "special_support_per_social_worker_fte",
    )
    return rows


def shortfalls(report: dict[str, Any]) -> list[str]:
    """Titles of the columns whose social-worker-only demand is not covered."""
    return [
        c["title"]
        for c in columns(report)
        if _get(c["figures"], "demand", "social_worker_shortfall")
    ]


def post_rows(posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **post,
            "profession_label": profession_label(post["profession"]),
            "substitute": post["kind"] == SUBSTITUTE,
            "funding_text": ", ".join(
                f"{source_label(s)} {Decimal(str(v)) * 100:.0f} %"
                for s, v in post["funding"].items()
            ),
        }
        for post in posts
    ]


def chart_data(report: dict[str, Any]) -> dict[str, Any]:
    cols = columns(report)
    return {
        "cost": {
            "type": "bar",
            "labels": [str(c["title"]) for c in cols],
            "datasets": [
                {
                    "label": _("Budgeted cost (€ a year)"),
                    "data": [float(c["figures"]["cost"]["budget"]) for c in cols],
                },
                {
                    "label": _("Cost of filled posts (€ a year)"),
                    "data": [float(c["figures"]["cost"]["paid"]) for c in cols],
                },
            ],
        },
        "capacity": {
            "type": "bar",
            "stacked": True,
            "labels": [str(c["title"]) for c in cols],
            "datasets": [
                {
                    "label": profession_label(p),
                    "data": [float(c["figures"]["capacity_hours"].get(p, 0)) for c in cols],
                }
                for p in ("social_worker", "counsellor")
            ]
            + (
                []
                if report.get("demand_hidden")
                else [
                    {
                        "type": "line",
                        "label": pgettext("chart", "Work only a social worker may do"),
                        "data": [
                            float(c["figures"]["demand"]["social_worker_only_hours"]) for c in cols
                        ],
                    }
                ]
            ),
        },
    }


def measured_split(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Who does each kind of measured work today: hours over the period by profession."""
    measured = report.get("measured")
    if not measured:
        return []
    labels = {
        "social_worker_only": _("Work only a social worker may do"),
        "counsellor_eligible": _("Work a counsellor may do"),
        "other": _("Other or unlinked work"),
    }
    rows = []
    for kind, label in labels.items():
        by_profession = measured["done_by"].get(kind, {})
        social = sum((v for p, v in by_profession.items() if p == "social_worker"), Decimal("0"))
        counsellor = by_profession.get(COUNSELLOR_KEY, Decimal("0"))
        total = measured["hours"][kind]
        rows.append(
            {
                "label": label,
                "social_worker": social,
                "counsellor": counsellor,
                "other": total - social - counsellor,
                "total": total,
                "social_worker_share": (social / total) if total else None,
            }
        )
    return rows
