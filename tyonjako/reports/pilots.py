"""Pilot indicators: computed from measures at a checkpoint, frozen, and shown suppressed.

`compute_figures` reads the database for a pilot's places up to a cut-off date and
returns plain data (JSON-ready) with the exact values; that is what a checkpoint
freezes. `shown_figures` turns stored figures into what a person sees: small
values suppressed for roles that do not see clients, with the same rule as every
other aggregate (`tyonjako.common.suppression` for the encounter tables).

Survey results come from `reports.surveys.pilot_survey_results` for the survey
questions a pilot's evaluation questions name ("survey-key:question").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tyonjako.common.clock import now
from tyonjako.encounters.stats import suppress_report
from tyonjako.pilots.definition import (
    IndicatorDef,
    PilotDef,
    default_indicators_text,
    read_indicators,
)
from tyonjako.pilots.measures import MEASURES, Place, encounter_figures, place_of
from tyonjako.pilots.rules import IndicatorValue, MeasureValue, compute, difference, suppress
from tyonjako.reports.tasks import suppress_tasks


def indicator_catalogue() -> dict[str, IndicatorDef]:
    return read_indicators(default_indicators_text(), set(MEASURES))


def _combine(values: Sequence[MeasureValue]) -> MeasureValue:
    """The measure over several places: numbers add, per-case lists join."""
    lists = [value for value in values if isinstance(value, Sequence)]
    if lists and len(lists) == len(values):
        return [float(item) for value in lists for item in value]
    return float(sum(float(value) for value in values if not isinstance(value, Sequence)))


def _value(
    indicator: IndicatorDef, places: list[Place], start: dt.date, end: dt.date
) -> tuple[IndicatorValue, dict[str, IndicatorValue]]:
    if indicator.period == "cut_off":
        start = end
    numerators = [MEASURES[indicator.numerator](place, start, end) for place in places]
    denominators: list[MeasureValue | None] = [
        MEASURES[indicator.denominator](place, start, end) if indicator.denominator else None
        for place in places
    ]
    per_place = {
        place.code: compute(indicator.statistic, top, bottom)
        for place, top, bottom in zip(places, numerators, denominators, strict=True)
    }
    total = compute(
        indicator.statistic,
        _combine(numerators),
        _combine([d for d in denominators if d is not None]) if indicator.denominator else None,
    )
    return total, per_place


def compute_figures(pilot: PilotDef, cut_off: dt.date) -> dict[str, Any]:
    """Every indicator of the pilot from its start to the cut-off (and over its baseline),
    the encounter statistics of its places, and the survey results its questions name."""
    catalogue = indicator_catalogue()
    places = [place_of(code) for code in pilot.places]
    start, end = pilot.period.start, min(cut_off, pilot.period.end)
    keys = list(
        dict.fromkeys([*pilot.indicators, *(k for q in pilot.questions for k in q.indicators)])
    )
    indicators: dict[str, Any] = {}
    for key in keys:
        definition = catalogue[key]
        total, per_place = _value(definition, places, start, end)
        baseline = None
        if pilot.baseline is not None:
            baseline, _ = _value(definition, places, pilot.baseline.start, pilot.baseline.end)
        indicators[key] = {
            "total": total.as_dict(),
            "places": {code: value.as_dict() for code, value in per_place.items()}
            if definition.level == "place"
            else {},
            "baseline": baseline.as_dict() if baseline else None,
        }
    from tyonjako.reports.surveys import pilot_survey_results

    references = [ref for q in pilot.questions for ref in q.survey_questions]
    surveys = [{**row, "period": "pilot"} for row in pilot_survey_results(references, start, end)]
    if pilot.baseline is not None:  # the rounds before the pilot, side by side
        before = pilot_survey_results(references, pilot.baseline.start, pilot.baseline.end)
        surveys += [{**row, "period": "baseline"} for row in before]
    return {
        "pilot": pilot.key,
        "computed_at": now().isoformat(),
        "cut_off": end.isoformat(),
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "baseline": {
            "from": pilot.baseline.start.isoformat(),
            "to": pilot.baseline.end.isoformat(),
        }
        if pilot.baseline
        else None,
        "places": list(pilot.places),
        "indicators": indicators,
        "encounters": {place.code: encounter_figures(place, start, end) for place in places},
        "surveys": surveys,
    }


def shown_figures(figures: dict[str, Any], *, suppressed: bool, threshold: int) -> dict[str, Any]:
    """Stored figures as a person may see them: suppressed when they do not see clients."""
    out = dict(figures)
    indicators: dict[str, Any] = {}
    for key, entry in figures["indicators"].items():

        def show(data: dict[str, Any] | None) -> dict[str, Any] | None:
            if data is None:
                return None
            value = IndicatorValue.from_dict(data)
            return (suppress(value, threshold) if suppressed else value).as_dict()

        total = show(entry["total"])
        baseline = show(entry["baseline"])
        indicators[key] = {
            "total": total,
            "places": {code: show(value) for code, value in entry["places"].items()},
            "baseline": baseline,
            "difference": difference(
                IndicatorValue.from_dict(total or {}), IndicatorValue.from_dict(baseline or {})
            )
            if total and baseline
            else None,
        }
    out["indicators"] = indicators
    if suppressed:
        out["encounters"] = {
            code: {name: suppress_report(report, threshold) for name, report in by.items()}
            for code, by in figures["encounters"].items()
        }
        out["surveys"] = figures.get("surveys", [])  # below the minimum they hold no figures
        out["tasks"] = {
            code: suppress_tasks(report, threshold)
            for code, report in figures.get("tasks", {}).items()
        }
    out["suppressed"] = suppressed
    out["threshold"] = threshold if suppressed else None
    return out
