"""Staffing pages: the scenario builder with today's posts side by side (and its XLSX and
PDF), the posts of a unit with their lifecycle and recruitment rounds, and the cost
parameters. Views call services and actions; they write nothing themselves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.common.clock import now, today
from tyonjako.common.dates import parse_date
from tyonjako.common.requests import acting_user
from tyonjako.organisation.models import Post, Unit
from tyonjako.web.pdf import render_pdf

from . import actions
from .exports import scenario_workbook
from .forms import MoveForm, ParametersForm, PostForm, RoundForm, SaveScenarioForm, ScenarioForm
from .models import NEXT_STATUSES, CostParameterVersion, PostStatus, Scenario
from .presentation import (
    chart_data,
    columns,
    measured_split,
    post_rows,
    profession_label,
    shortfalls,
    table,
)
from .rules import ChangeError, CostParameters, ScenarioSpec, parse_spec
from .rules.costs import ASSUMPTIONS, SOCIAL_WORKER_PROFESSIONS
from .services import (
    default_period,
    parameter_source,
    parameters_on,
    post_facts,
    scenario_report,
    units_in_scope,
)

DRAFT_KEY = "draft"


def _language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in ("fi", "sv", "en") else "fi"


def _units(request: HttpRequest, action: Action) -> list[Unit]:
    subject = subject_of(request.user)
    if not subject.can(action):
        raise PermissionDenied
    return list(units_in_scope(subject, action).order_by("code"))


def _unit(request: HttpRequest, units: list[Unit], code: str | None = None) -> Unit | None:
    code = code if code is not None else request.GET.get("unit")
    if code:
        for unit in units:
            if unit.code == code:
                return unit
        raise Http404
    with_posts = [u for u in units if u.posts.exists()]
    found = with_posts or units
    return found[0] if found else None


def _period(query: QueryDict) -> tuple[dt.date, dt.date]:
    """From and to of the measured work; a year up to today unless both are given."""
    start_text, end_text = query.get("from", ""), query.get("to", "")
    if not start_text and not end_text:
        return default_period()
    start, end = parse_date(start_text), parse_date(end_text)
    if end < start:
        raise ValueError(_("The end of the period is before its start."))
    return start, end


def _build(request: HttpRequest, unit: Unit) -> dict[str, Any]:
    """Everything the page and the exports show, from the query string."""
    facts = post_facts(unit)
    sw_posts = [
        (p.code, f"{p.code} ({_('open') if not p.filled else _('filled')})")
        for p in facts
        if p.profession in SOCIAL_WORKER_PROFESSIONS
    ]
    all_posts = [(p.code, f"{p.code} – {profession_label(p.profession)}") for p in facts]
    form = ScenarioForm(request.GET or None, sw_posts=sw_posts, all_posts=all_posts)
    error = ""
    specs: list[ScenarioSpec] = []
    parameters = parameters_on()
    saved = list(Scenario.objects.filter(unit=unit).order_by("key"))
    shown = request.GET.getlist("show") if "shown" in request.GET else [s.key for s in saved]
    report = None
    try:
        start, end = _period(request.GET)
        if form.is_bound and form.is_valid():
            changes = form.changes()
            if changes:
                specs.append(
                    parse_spec({"key": DRAFT_KEY, "name": _("New scenario"), "changes": changes})
                )
            overrides = form.parameter_overrides()
            if overrides:
                parameters = CostParameters.from_dict({**parameters.as_dict(), **overrides})
        specs += [parse_spec(s.as_spec_data()) for s in saved if s.key in shown]
        if not form.is_bound or form.is_valid():
            report = scenario_report(
                unit,
                specs,
                role=subject_of(request.user).role,
                start=start,
                end=end,
                parameters=parameters,
            )
    except (ValueError, ChangeError) as problem:
        error = str(problem)
        start, end = default_period()
    return {
        "unit": unit,
        "form": form,
        "report": report,
        "error": error,
        "parameters": parameters,
        "start": start,
        "end": end,
        "saved": saved,
        "shown": shown,
        "draft_changes": specs[0].as_dict()["changes"]
        if specs and specs[0].key == DRAFT_KEY
        else [],
    }


def _report_context(built: dict[str, Any]) -> dict[str, Any]:
    report = built["report"]
    if report is None:
        return {}
    parameters: CostParameters = built["parameters"]
    cols = columns(report)
    return {
        "columns": cols,
        "span": 1 + sum(2 if c["change"] is not None else 1 for c in cols),
        "rows": table(report),
        "shortfalls": shortfalls(report),
        "charts": chart_data(report),
        "posts": post_rows(report["today_posts"]),
        "split": measured_split(report),
        "assumptions": _assumption_rows(parameters),
        "salaries": [
            {"profession": profession_label(p), "grade": g, "salary": v}
            for p, grades in parameters.salaries.items()
            for g, v in sorted(grades.items())
        ],
        "source": parameter_source(),
    }


def _assumption_rows(parameters: CostParameters) -> list[dict[str, Any]]:
    labels = {
        "side_cost_pct": (
            _("Employer's side costs (per cent of pay)"),
            _(
                "Documented: about 22.4 per cent in 2024 "
                "(Keva pension, health insurance and others)."
            ),
        ),
        "holiday_bonus_months": (
            _("Holiday bonus (months of pay a year)"),
            _("Assumption: no figure found; about half a month's pay."),
        ),
        "substitute_extra_pct": (
            _("Extra cost of a substitute (%)"),
            _("Assumption: a substitute costs what the post costs."),
        ),
        "annual_hours_per_fte": (
            _("Working hours a year per FTE"),
            _("Assumption: 38¼ hours a week less holidays and public holidays."),
        ),
        "client_work_share": (
            _("Share of working time on client work (0–1)"),
            _("Assumption: the rest goes to meetings, training and other work."),
        ),
    }
    return [
        {
            "name": name,
            "label": label,
            "value": getattr(parameters, name),
            "source": source,
            "assumption": name in ASSUMPTIONS,
        }
        for name, (label, source) in labels.items()
    ]


@login_required
def scenarios(request: HttpRequest) -> HttpResponse:
    """Build a scenario from today's posts and see cost and capacity beside today's."""
    units = _units(request, Action.VIEW_SCENARIOS)
    unit = _unit(request, units)
    if unit is None:
        return render(request, "staffing/scenarios.html", {"units": units, "unit": None})
    built = _build(request, unit)
    subject = subject_of(request.user)
    query = request.GET.copy()
    return render(
        request,
        "staffing/scenarios.html",
        {
            "units": units,
            **built,
            **_report_context(built),
            "save_form": SaveScenarioForm(),
            "may_save": subject.can(Action.MANAGE_SCENARIOS),
            "may_manage_posts": subject.can(Action.MANAGE_POSTS),
            "query": query.urlencode(),
        },
        status=400
        if built["error"] or (built["form"].is_bound and not built["form"].is_valid())
        else 200,
    )


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """Save the scenario built from the query string under a stable key."""
    units = _units(request, Action.MANAGE_SCENARIOS)
    code = request.POST.get("unit", "")
    unit = _unit(request, units, code) if code else None
    if unit is None:
        raise Http404
    query = QueryDict(request.POST.get("query", ""))
    form = SaveScenarioForm(request.POST)
    builder = ScenarioForm(
        query or None,
        sw_posts=[(p.code, p.code) for p in post_facts(unit)],
        all_posts=[(p.code, p.code) for p in post_facts(unit)],
    )
    back = f"{reverse('staffing:scenarios')}?{query.urlencode()}"
    if not form.is_valid() or not builder.is_valid() or not builder.changes():
        messages.error(request, _("Give a key and a name, and at least one change."))
        return redirect(back)
    data = {
        "key": form.cleaned_data["key"],
        "name": form.cleaned_data["name"],
        "changes": builder.changes(),
    }
    try:
        actions.save_scenario(unit, data, by=acting_user(request))
    except (ChangeError, actions.StaffingError) as problem:
        messages.error(request, str(problem))
        return redirect(back)
    messages.success(request, _("The scenario was saved."))
    return redirect(f"{reverse('staffing:scenarios')}?{urlencode({'unit': unit.code})}")


@login_required
@require_POST
def delete(request: HttpRequest, key: str) -> HttpResponse:
    scenario = get_object_or_404(Scenario, key=key)
    _unit(request, _units(request, Action.MANAGE_SCENARIOS), scenario.unit.code)
    actions.delete_scenario(scenario, by=acting_user(request))
    messages.success(request, _("The scenario was removed."))
    return redirect(f"{reverse('staffing:scenarios')}?{urlencode({'unit': scenario.unit.code})}")


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The side-by-side figures as XLSX or PDF, in Finnish or Swedish (`language`)."""
    units = _units(request, Action.VIEW_SCENARIOS)
    unit = _unit(request, units)
    if unit is None:
        raise Http404
    language = request.GET.get("language") or _language()
    if language not in ("fi", "sv", "en"):
        language = "fi"
    with translation.override(language):
        built = _build(request, unit)
        if built["report"] is None:
            return HttpResponse(
                built["error"] or _("Check the scenario."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        context = {**built, **_report_context(built), "generated": now(), "language": language}
        name = f"skenaariot-{unit.code}-{today():%Y%m%d}-{language}"
        if fmt == "xlsx":
            content = scenario_workbook(context)
            response = HttpResponse(
                content,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        pdf = render_pdf("staffing/print.html", context, stylesheet="staffing/print.css")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
def posts(request: HttpRequest) -> HttpResponse:
    """A unit's posts: kind, profession, FTE, funding, status and vacancy."""
    units = _units(request, Action.VIEW_SCENARIOS)
    unit = _unit(request, units)
    rows = []
    if unit is not None:
        for post in (
            Post.objects.filter(unit=unit).select_related("staffing", "team").order_by("code")
        ):
            rows.append({"post": post, "detail": getattr(post, "staffing", None)})
    subject = subject_of(request.user)
    return render(
        request,
        "staffing/posts.html",
        {
            "units": units,
            "unit": unit,
            "rows": rows,
            "may_manage": unit is not None
            and units_in_scope(subject, Action.MANAGE_POSTS).filter(pk=unit.pk).exists(),
        },
    )


@login_required
def post_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One post: edit its details, move it along its lifecycle, record a recruitment round."""
    post = get_object_or_404(Post.objects.select_related("unit", "team"), code=code)
    _unit(request, _units(request, Action.VIEW_SCENARIOS), post.unit.code)
    subject = subject_of(request.user)
    may_manage = units_in_scope(subject, Action.MANAGE_POSTS).filter(pk=post.unit_id).exists()
    detail = getattr(post, "staffing", None)
    shares = detail.funding_shares() if detail else {"county": Decimal("1")}
    initial = {
        "kind": detail.kind if detail else "permanent",
        "grade": detail.grade if detail else "",
        "fte": post.fte,
        "county_share": shares.get("county", Decimal("0")) * 100,
        "project_share": sum((v for k, v in shares.items() if k != "county"), Decimal("0")) * 100,
        "vacant_since": detail.vacant_since if detail else None,
    }
    post_form, move_form, round_form = (
        PostForm(initial=initial),
        MoveForm(initial={"on": today()}),
        RoundForm(),
    )
    status = 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        which = request.POST.get("form")
        user = acting_user(request)
        try:
            if which == "details":
                post_form = PostForm(request.POST)
                if post_form.is_valid():
                    data = post_form.cleaned_data
                    funding = {"county": data["county_share"] / 100}
                    if data["project_share"]:
                        funding["project"] = data["project_share"] / 100
                    actions.update_post(
                        post,
                        kind=data["kind"],
                        grade=data["grade"],
                        fte=data["fte"],
                        funding=funding,
                        vacant_since=data["vacant_since"],
                        by=user,
                    )
                    messages.success(request, _("The post was saved."))
                    return redirect("staffing:post", code=post.code)
            elif which == "move":
                move_form = MoveForm(request.POST)
                if move_form.is_valid():
                    actions.move_post(
                        post,
                        move_form.cleaned_data["status"],
                        move_form.cleaned_data["on"],
                        by=user,
                    )
                    messages.success(request, _("The post's status was changed."))
                    return redirect("staffing:post", code=post.code)
            elif which == "round":
                round_form = RoundForm(request.POST)
                if round_form.is_valid():
                    actions.add_recruitment_round(post, by=user, **round_form.cleaned_data)
                    messages.success(request, _("The recruitment round was recorded."))
                    return redirect("staffing:post", code=post.code)
            else:
                raise Http404
        except actions.StaffingError as problem:
            messages.error(request, problem.message)
        status = 400
    current = (
        detail.status if detail else (PostStatus.FILLED if post.holder_id else PostStatus.APPROVED)
    )
    steps = [(s, PostStatus(s).label) for s in NEXT_STATUSES[current]]
    cast(forms.ChoiceField, move_form.fields["status"]).choices = steps
    return render(
        request,
        "staffing/post.html",
        {
            "post": post,
            "detail": detail,
            "status_label": PostStatus(current).label,
            "events": post.staffing_events.all(),
            "rounds": post.recruitment_rounds.all(),
            "may_manage": may_manage,
            "post_form": post_form,
            "move_form": move_form,
            "round_form": round_form,
            "can_move": bool(NEXT_STATUSES[current]),
        },
        status=status,
    )


@login_required
def parameters(request: HttpRequest) -> HttpResponse:
    """Cost parameter versions; the administrator adds one in force from a date."""
    _units(request, Action.VIEW_SCENARIOS)
    subject = subject_of(request.user)
    may_edit = subject.can(Action.EDIT_COST_PARAMETERS)
    current = parameters_on()
    salaries_text = "\n".join(
        f"{p} {g} {v}" for p, grades in current.salaries.items() for g, v in sorted(grades.items())
    )
    form = ParametersForm(
        initial={
            **{k: getattr(current, k) for k in ASSUMPTIONS if hasattr(current, k)},
            "side_cost_pct": current.side_cost_pct,
            "salaries": salaries_text,
            "effective_from": today(),
        }
    )
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = ParametersForm(request.POST)
        if form.is_valid():
            data = {
                k: v for k, v in form.cleaned_data.items() if k not in ("note",) and v is not None
            }
            data["effective_from"] = data["effective_from"].isoformat()
            try:
                new = CostParameters.from_dict({**current.as_dict(), **data})
            except ValueError as problem:
                form.add_error(None, str(problem))
            else:
                actions.save_cost_parameters(
                    new, form.cleaned_data["note"], by=acting_user(request)
                )
                messages.success(request, _("The cost parameters were saved."))
                return redirect("staffing:parameters")
        status = 400
    return render(
        request,
        "staffing/parameters.html",
        {
            "versions": CostParameterVersion.objects.all(),
            "current": current,
            "assumptions": _assumption_rows(current),
            "salaries": [
                {"profession": profession_label(p), "grade": g, "salary": v}
                for p, grades in current.salaries.items()
                for g, v in sorted(grades.items())
            ],
            "form": form,
            "may_edit": may_edit,
        },
        status=status,
    )
