"""Scenario figures from the database: the one function the page, the exports, the API
and `tyonjako scenarios run` share (`scenario_report`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from tyonjako.access.policy import Action, Scope, sees_clients
from tyonjako.access.subject import Subject
from tyonjako.common.clock import today
from tyonjako.common.yamlines import strip_marks
from tyonjako.organisation.models import Post, Unit
from tyonjako.reports.staffing import measured_for

from .models import CostParameterVersion, PostStatus
from .rules import CostParameters, PostFact, ScenarioSpec, compare, in_force
from .rules.costs import ASSUMPTIONS, COUNTY

#: Posts that are not (yet or any more) in the budget.
NOT_IN_BUDGET = (PostStatus.PROPOSED, PostStatus.ENDED)


def units_in_scope(subject: Subject, action: Action | str) -> QuerySet[Unit]:
    scope = subject.scope(action)
    units = Unit.objects.select_related("service_area")
    if scope == Scope.ALL:
        return units
    if scope == Scope.SERVICE_AREA:
        return units.filter(service_area_id__in=subject.service_area_ids)
    if scope in (Scope.UNIT, Scope.TEAM, Scope.OWN):
        return units.filter(id__in=subject.unit_ids)
    return units.none()


def covers_unit(subject: Subject, action: Action | str, unit: Unit) -> bool:
    return units_in_scope(subject, action).filter(pk=unit.pk).exists()


def post_facts(unit: Unit) -> list[PostFact]:
    """Today's posts of a unit in the budget (not proposed, not ended)."""
    posts = Post.objects.filter(unit=unit).select_related("staffing", "team").order_by("code")
    facts = []
    for post in posts:
        detail = getattr(post, "staffing", None)
        if detail is not None and detail.status in NOT_IN_BUDGET:
            continue
        filled = post.holder_id is not None or (detail is not None and detail.is_filled)
        facts.append(
            PostFact(
                code=post.code,
                profession=post.profession,
                fte=post.fte,
                kind=detail.kind if detail else "permanent",
                filled=filled,
                grade=detail.grade if detail else "",
                public_office=post.public_office,
                funding=detail.funding_shares() if detail else {COUNTY: Decimal("1")},
                team=post.team.code if post.team else "",
            )
        )
    return facts


def parameter_versions() -> list[CostParameters]:
    return [
        CostParameters.from_dict({**v.data, "effective_from": v.effective_from.isoformat()})
        for v in CostParameterVersion.objects.all()
    ]


def parameters_on(day: dt.date | None = None) -> CostParameters:
    return in_force(parameter_versions(), day or today())


def parameter_source(day: dt.date | None = None) -> CostParameterVersion | None:
    """The stored version in force, or None when the shipped defaults are used."""
    return (
        CostParameterVersion.objects.filter(effective_from__lte=day or today())
        .order_by("-effective_from")
        .first()
    )


def default_period(days: int = 365) -> tuple[dt.date, dt.date]:
    end = today()
    return end - dt.timedelta(days=days - 1), end


def scenario_report(
    unit: Unit,
    specs: Sequence[ScenarioSpec],
    *,
    role: str | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    parameters: CostParameters | None = None,
) -> dict[str, Any]:
    """Today and each scenario side by side, with the measured demand and caseload."""
    if start is None or end is None:
        start, end = default_period()
    parameters = parameters or parameters_on()
    measured = measured_for(unit, start, end, suppress=not sees_clients(role))
    result = compare(post_facts(unit), specs, parameters, measured.demand, measured.caseload)
    result["unit"] = unit.code
    result["period"] = {"from": start.isoformat(), "to": end.isoformat()}
    result["clients_measured"] = measured.clients_measured
    result["demand_hidden"] = measured.demand is None
    result["assumptions"] = list(ASSUMPTIONS)
    source = parameter_source()
    result["parameter_source"] = (
        {"effective_from": source.effective_from.isoformat(), "note": source.note}
        if source
        else None
    )
    if measured.demand is not None:
        result["measured"] = {
            "days": measured.demand.period_days,
            "hours": {
                "social_worker_only": measured.demand.social_worker_only,
                "counsellor_eligible": measured.demand.counsellor_eligible,
                "other": measured.demand.other,
            },
            "done_by": {k: dict(v) for k, v in measured.demand.done_by.items()},
        }
    return result


class ScenarioFileError(ValueError):
    pass


def run_request(data: Any, *, role: str | None) -> dict[str, Any]:
    """Figures for a scenario request (a scenario file or an API body):
    {unit, from?, to?, parameters?, scenarios: [{key, name, changes}]} — or one scenario
    with `unit` beside its key. Raises ScenarioFileError or ChangeError."""
    from tyonjako.common.dates import parse_date

    from .rules import parse_spec

    if not isinstance(data, dict):
        raise ScenarioFileError("the file must be a mapping with 'unit' and 'scenarios'")
    data = strip_marks(data)
    unit = Unit.objects.filter(code=str(data.get("unit") or "")).first()
    if unit is None:
        raise ScenarioFileError(f"unit: unknown unit {data.get('unit')!r}")
    raw = data.get("scenarios")
    if raw is None:
        raw = [data] if data.get("key") else []
    if not isinstance(raw, list):
        raise ScenarioFileError("scenarios: must be a list")
    specs = [parse_spec(item) for item in raw]
    try:
        start = parse_date(str(data["from"])) if data.get("from") else None
        end = parse_date(str(data["to"])) if data.get("to") else None
    except ValueError as error:
        raise ScenarioFileError(f"from/to: {error}") from None
    if (start is None) != (end is None):
        raise ScenarioFileError("from/to: give both or neither")
    if start and end and end < start:
        raise ScenarioFileError("to: must not be before from")
    parameters = None
    if data.get("parameters"):
        base = parameters_on().as_dict()
        extra = data["parameters"]
        if not isinstance(extra, dict):
            raise ScenarioFileError("parameters: must be a mapping")
        try:
            parameters = CostParameters.from_dict({**base, **extra})
        except ValueError as error:
            raise ScenarioFileError(f"parameters: {error}") from None
    return scenario_report(unit, specs, role=role, start=start, end=end, parameters=parameters)
