from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.audit.purposes import Purpose
from tyonjako.clients.access import get_client_for, read_clients
from tyonjako.clients.actions import ClientActionError, NewClient, teams_for_registration
from tyonjako.clients.models import Client
from tyonjako.common.clock import today
from tyonjako.common.requests import acting_user
from tyonjako.organisation.choices import Licence
from tyonjako.organisation.fields import team_label
from tyonjako.organisation.models import Team, Worker
from tyonjako.organisation.scope import teams_in_scope

from . import actions
from .compliance_db import (
    county_calendar,
    history,
    long_wait_days,
    record_snapshot,
    team_findings,
)
from .forms import AssignForm, EndAssignmentForm, IntakeForm
from .intake import IntakeFacts, register_contact
from .models import Assignment, AssignmentKind
from .rules import RULES, check_client
from .rules.facts import PAIR, PERSONAL_WORKER
from .services import (
    caseload_dashboard,
    client_situation,
    intake_queue,
    suggestion_dicts,
    suggestions_for,
)

QUEUE_PAGE_SIZE = 50


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """A new contact in seconds: key, team, language, date, and the §36 facts."""
    teams = teams_for_registration(request.user)
    if not teams:
        raise PermissionDenied
    form = IntakeForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = NewClient(
            raw_key=data["key"],
            team=data["team"],
            pending_since=data["pending_since"],
            birth_year=data["birth_year"],
            gender=data["gender"],
            language=data["language"],
            municipality=data["municipality"] or "",
            employment=data["employment"],
        )
        facts = IntakeFacts(data["urgent"], data["over_75"], data["highest_care_allowance"])
        try:
            client = register_contact(new, facts, by=acting_user(request))
        except ClientActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Client %(key)s registered.") % {"key": client.key})
            if getattr(form, "suggested_by_age", False):
                messages.info(
                    request,
                    _("The team was chosen by the client's age: %(team)s.")
                    % {"team": team_label(client.team)},
                )
            return redirect("clients:detail", key=client.key)
    return render(
        request, "caseload/register.html", {"form": form}, status=400 if form.errors else 200
    )


# ---------------------------------------------------------------- the lead's pages


def _team_for(request: HttpRequest, code: str, action: Action) -> Team:
    """A team in the user's scope for the action, or 404."""
    team = Team.objects.select_related("unit").filter(code=code).first()
    subject = subject_of(request.user)
    if team is None or not subject.covers_team(
        action, team.pk, team.unit_id, team.unit.service_area_id
    ):
        raise Http404
    return team


def _log_shown(request: HttpRequest, keys: list[str], purpose: Purpose) -> None:
    read_clients(
        request.user,
        list(Client.objects.filter(key__in=keys)),
        purpose=purpose,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    subject = subject_of(request.user)
    if not subject.can(Action.VIEW_CLIENT):
        raise PermissionDenied
    in_scope = list(teams_in_scope(subject, Action.VIEW_CLIENT).order_by("code"))
    if len(in_scope) == 1:
        return redirect("caseload:queue", code=in_scope[0].code)
    return render(request, "caseload/teams.html", {"teams": in_scope})


@login_required
def queue(request: HttpRequest, code: str) -> HttpResponse:
    """Who waits for an assessment or a personal worker, soonest statutory deadline first."""
    team = _team_for(request, code, Action.VIEW_CLIENT)
    # A page at a time: a county team's queue can hold hundreds, and only the rows
    # shown are read (and logged as read).
    page = Paginator(intake_queue(team, today()), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _log_shown(request, [row["client"] for row in rows], Purpose.INTAKE)
    may_assign = subject_of(request.user).covers_team(
        Action.ASSIGN_WORKER, team.pk, team.unit_id, team.unit.service_area_id
    )
    return render(
        request,
        "caseload/queue.html",
        {
            "team": team,
            "rows": rows,
            "page": page,
            "tab": "queue",
            "may_assign": may_assign,
            "long_wait_days": settings.QUEUE_LONG_WAIT_DAYS,
        },
    )


@login_required
def compliance(request: HttpRequest, code: str) -> HttpResponse:
    """Findings of the compliance rules, and their counts over time."""
    team = _team_for(request, code, Action.VIEW_CLIENT)
    day = today()
    findings = team_findings([team.pk], day)
    if request.method == "POST":
        record_snapshot(findings, [team], day)
        messages.success(request, _("The checks were run and today's counts stored."))
        return redirect("caseload:compliance", code=team.code)
    _log_shown(request, sorted({f.client_key for f in findings}), Purpose.ASSIGNMENT)
    series = history(team, days=180, today=day)
    chart = {
        "type": "line",
        "labels": list(series),
        "datasets": [
            {
                "label": str(RULES[rule].title.get(_language(), rule)),
                "data": [series[d].get(rule, 0) for d in series],
            }
            for rule in RULES
        ],
    }
    context = {
        "team": team,
        "findings": findings,
        "tab": "compliance",
        "chart": chart,
        "counts": Counter(f.rule for f in findings),
        "rules": RULES,
    }
    return render(request, "caseload/compliance.html", context)


@login_required
def workers(request: HttpRequest, code: str) -> HttpResponse:
    """Caseload per worker: clients by segment and weighted load per FTE against the team median."""
    team = _team_for(request, code, Action.VIEW_CLIENT)
    data = caseload_dashboard(team, today())
    names = [row["name"] for row in data["workers"]]
    segment_chart = {
        "type": "bar",
        "stacked": True,
        "labels": names,
        "datasets": [
            {"label": label, "data": [row["segments"][key] for row in data["workers"]]}
            for key, label in _segment_labels().items()
        ],
    }
    load_chart = {
        "type": "bar",
        "labels": names,
        "datasets": [
            {
                "label": _("weighted clients per FTE"),
                "data": [row["load_per_fte"] for row in data["workers"]],
            },
            {
                "label": _("team median"),
                "type": "line",
                "data": [data["median_load_per_fte"]] * len(names),
                "backgroundColor": "#d63384",
                "borderColor": "#d63384",
            },
        ],
    }
    context = {
        "team": team,
        "data": data,
        "tab": "workers",
        "segment_chart": segment_chart,
        "load_chart": load_chart,
    }
    return render(request, "caseload/workers.html", context)


def _language() -> str:
    return (get_language() or "fi")[:2]


def _segment_labels() -> dict[str, str]:
    return {
        "care": _("care clientship"),
        "cooperation": _("cooperation clientship"),
        "guidance": _("guidance clientship"),
        "self_service": _("self-service clientship"),
        "none": _("not assessed"),
    }


@login_required
def assign(request: HttpRequest, key: str) -> HttpResponse:
    """Name a personal worker or a work pair, with suggestions that explain themselves."""
    client = get_client_for(
        request.user,
        key,
        purpose=Purpose.ASSIGNMENT,
        action=Action.ASSIGN_WORKER,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    day = today()
    situation = client_situation(client, day)
    # A social worker in public office from any team may be the work pair (§42).
    team_workers = (
        Worker.objects.filter(
            Q(memberships__team=client.team) | Q(public_office=True, licence=Licence.SOCIAL_WORKER),
            is_active=True,
        )
        .distinct()
        .select_related("user")
        .order_by("user__last_name")
    )
    current = situation.personal_worker
    initial = {
        "start": day,
        "kind": request.GET.get("kind", AssignmentKind.PERSONAL_WORKER),
        "expected": str(current.id) if current else "none",
    }
    form = AssignForm(request.POST or None, workers=team_workers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.assign(
                client,
                data["worker"],
                kind=data["kind"],
                by=acting_user(request),
                start=data["start"],
                reason=data["reason"],
                justification=data["justification"],
                expected_personal_worker=form.expected_personal_worker(),
                replace=data["replace"],
            )
        except actions.AssignmentError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Assignment saved."))
            after = client_situation(client, day)
            if after.special_support and not after.has_social_worker:
                messages.warning(
                    request,
                    _(
                        "The client needs special support: name a social worker as work "
                        "pair next (Social Welfare Act 1301/2014 §42)."
                    ),
                )
                return redirect(reverse("caseload:assign", args=[client.key]) + "?kind=pair")
            return redirect("caseload:assign", key=client.key)
    language = _language()
    context = {
        "client": client,
        "situation": situation,
        "form": form,
        "personal_worker_suggestions": suggestion_dicts(
            suggestions_for(client, day, PERSONAL_WORKER), language
        ),
        "pair_suggestions": suggestion_dicts(suggestions_for(client, day, PAIR), language),
        "history": Assignment.objects.filter(client=client)
        .select_related("worker__user", "assigned_by")
        .order_by("-start", "-id"),
        "changes": actions.worker_changes(client),
        "findings": [
            f
            for f in check_client(
                situation, day, county_calendar(), long_wait_days=long_wait_days()
            )
        ],
        "end_form": EndAssignmentForm(initial={"end": day}),
    }
    return render(request, "caseload/assign.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def end(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    client = get_client_for(
        request.user,
        key,
        purpose=Purpose.ASSIGNMENT,
        action=Action.ASSIGN_WORKER,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    assignment = Assignment.objects.filter(client=client, pk=pk).first()
    if assignment is None:
        raise Http404
    form = EndAssignmentForm(request.POST)
    if form.is_valid():
        try:
            actions.end_assignment(
                assignment,
                end=form.cleaned_data["end"],
                by=acting_user(request),
                reason=form.cleaned_data["reason"],
            )
        except actions.AssignmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Assignment ended."))
    else:
        messages.error(request, _("Give the end date."))
    return redirect("caseload:assign", key=client.key)
