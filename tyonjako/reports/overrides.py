"""Overrides of the routing recommendation, and what-if runs, through the door.

The figures are counted by `tyonjako.assessments.reports`; this module alone
decides which teams, which period and whether small cells are hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from tyonjako.assessments.engine import Instrument, WhatIfReport
from tyonjako.assessments.reports import (
    override_figures,
    suppress_override_figures,
    what_if_stored,
    what_if_summary,
)

from .door import ReportError, ReportScope


class TooFewCases(ReportError):
    pass


def _team_ids(scope: ReportScope, codes: Iterable[str]) -> list[int]:
    codes = [code for code in codes if code]
    if not codes:
        return scope.team_ids()
    return sorted({pk for code in scope.require(codes) for pk in scope.place(code).team_ids})


def overrides_report(scope: ReportScope, codes: Iterable[str] = ()) -> dict[str, Any]:
    """Decisions and overrides per team of the scope (or of the chosen places) over its period."""
    figures = override_figures(_team_ids(scope, codes), scope.period.start, scope.period.end)
    if scope.suppress:
        figures = suppress_override_figures(figures, scope.threshold)
    return {**figures, **scope.header()}


def what_if_report(
    scope: ReportScope, current: Instrument, draft: Instrument, codes: Iterable[str] = ()
) -> WhatIfReport:
    """A draft version run over the stored answers of the scope's teams and period.

    For someone who does not see clients a run over fewer cases than the
    threshold is refused: a change in one or two cases describes those clients."""
    period = scope.period
    report = what_if_stored(current, draft, _team_ids(scope, codes), period.start, period.end)
    if scope.suppress and 0 < report.total < scope.threshold:
        raise TooFewCases(
            _(
                "Only %(n)s stored assessments match. A what-if run over fewer than "
                "%(threshold)s would describe single clients; choose a longer period or more "
                "teams."
            )
            % {"n": report.total, "threshold": scope.threshold}
        )
    return report


def what_if_figures(scope: ReportScope, report: WhatIfReport) -> dict[str, Any]:
    """The run as figures: case ids only for those who see clients, small cells hidden
    for those who do not (the same rule as every other aggregate)."""
    data = what_if_summary(report, include_ids=not scope.suppress)
    if scope.suppress:
        threshold = scope.threshold

        def small(n: Any) -> Any:
            return None if isinstance(n, int) and 0 < n < threshold else n

        data["changed"] = {key: small(n) for key, n in data["changed"].items()}
        data["changed_any"] = small(data["changed_any"])
        data["causing_rules"] = {key: small(n) for key, n in data["causing_rules"].items()}
        for name in ("segment_transitions", "worker_transitions"):
            data[name] = {
                old: {new: small(n) for new, n in row.items()} for old, row in data[name].items()
            }
    return {**data, **scope.header()}
