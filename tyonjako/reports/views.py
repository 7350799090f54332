"""Report pages that belong to no single domain; thin layers over the door."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from tyonjako.access.policy import Action

from .compliance import compliance_report
from .door import Period, ReportError, ReportScope


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    """Compliance as rates by team and over time; never a client row."""
    from tyonjako.caseload.rules import RULES

    scope = ReportScope.for_user(request.user, Action.VIEW_AGGREGATES)
    report, errors = None, []
    try:
        period = Period.parse(request.GET.get("from"), request.GET.get("to"))
        report = compliance_report(scope.with_period(period))
    except ReportError as error:
        errors.append(str(error))
    language = (get_language() or "fi")[:2]
    titles = {
        rule: info.title.get(language) or info.title.get("fi", rule) for rule, info in RULES.items()
    }
    chart = None
    if report:
        chart = {
            "type": "line",
            "labels": list(report["series"]),
            "datasets": [
                {
                    "label": titles[rule],
                    "data": [
                        n if isinstance(n := row.get(rule), int) else None
                        for row in report["series"].values()
                    ],
                }
                for rule in report["rules"]
            ],
        }
    context = {
        "report": report,
        "titles": titles,
        "chart": chart,
        "errors": errors,
        "start": request.GET.get("from", ""),
        "end": request.GET.get("to", ""),
    }
    return render(request, "reports/compliance.html", context, status=400 if errors else 200)
