from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tyonjako.access.policy import Action, sees_clients
from tyonjako.access.subject import subject_of
from tyonjako.audit.purposes import Purpose
from tyonjako.clients.access import get_client_for
from tyonjako.clients.models import Client
from tyonjako.common.dates import parse_input_date
from tyonjako.common.requests import acting_user
from tyonjako.organisation.scope import teams_in_scope

from . import actions
from .engine import AnswerError, InstrumentError
from .forms import ActivationForm, AnswersForm, DecisionForm, initial_from_answers
from .lookup import InstrumentNotFound, find_version
from .models import Assessment, AssessmentStatus, InstrumentActivation, InstrumentVersion
from .reports import override_figures, suppress_override_figures, what_if_stored, what_if_summary
from .rules import Decision, may_confirm_special_support

OPEN = (AssessmentStatus.DRAFT, AssessmentStatus.RECOMMENDED)


def _client(request: HttpRequest, key: str) -> Client:
    return get_client_for(
        request.user,
        key,
        purpose=Purpose.ASSESSMENT,
        action=Action.ASSESS,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )


def _assessment(client: Client, pk: int) -> Assessment:
    found = Assessment.objects.filter(client=client, pk=pk).select_related("version").first()
    if found is None:
        raise Http404
    return found


@login_required
def assessment_start(request: HttpRequest, key: str) -> HttpResponse:
    """Continue the client's open assessment, or open a new form."""
    client = _client(request, key)
    open_one = Assessment.objects.filter(client=client, status__in=OPEN).first()
    if open_one is not None:
        return redirect("assessments:edit", key=client.key, pk=open_one.pk)
    return _answers_page(request, client, None)


@login_required
def assessment_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    client = _client(request, key)
    return _answers_page(request, client, _assessment(client, pk))


def _answers_page(
    request: HttpRequest, client: Client, assessment: Assessment | None
) -> HttpResponse:
    version = assessment.version if assessment else actions.active_version_for(client.team)
    instrument = version.instrument()
    initial = initial_from_answers(assessment.answers) if assessment else {}
    form = AnswersForm(instrument, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        try:
            if request.POST.get("action") == "draft":
                saved = actions.save_draft(client, form.answers(), by=user, assessment=assessment)
                messages.success(request, _("Draft saved."))
                return redirect("assessments:edit", key=client.key, pk=saved.pk)
            saved = actions.recommend(client, form.answers(), by=user, assessment=assessment)
            return redirect("assessments:detail", key=client.key, pk=saved.pk)
        except AnswerError as error:
            form.add_error(error.item if error.item in form.fields else None, error.message)
        except actions.AssessmentActionError as error:
            form.add_error(None, error.message)
    context = {
        "client": client,
        "assessment": assessment,
        "version": version,
        "form": form,
        "instrument": instrument,
    }
    return render(request, "assessments/form.html", context, status=400 if form.errors else 200)


@login_required
def assessment_detail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """The recommendation with its explanation, and the decision."""
    client = _client(request, key)
    assessment = _assessment(client, pk)
    instrument = assessment.version.instrument()
    recommendation = assessment.recommendation
    initial = _decision_initial(recommendation) if recommendation else None
    form = DecisionForm(instrument, request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and assessment.status == AssessmentStatus.RECOMMENDED
        and form.is_valid()
    ):
        data = form.cleaned_data
        decided = Decision(
            data["special_support"], data["segment"], data["personal_worker"], data["pair_required"]
        )
        try:
            actions.decide(
                assessment,
                decided,
                by=acting_user(request),
                reason=data["reason"],
                note=data["note"],
            )
        except actions.AssessmentActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("assessments:detail", key=client.key, pk=assessment.pk)
    worker = getattr(request.user, "worker", None)
    context = {
        "client": client,
        "assessment": assessment,
        "instrument": instrument,
        "form": form,
        "result": assessment.result or {},
        "segments": {o.value: o.label for o in instrument.segments},
        "professionals": {o.value: o.label for o in instrument.professionals},
        "can_confirm": worker is not None
        and may_confirm_special_support(worker.licence, worker.public_office),
        "answers": _answer_rows(instrument, assessment.answers),
        "deadlines": _deadlines(instrument, assessment.result or {}),
    }
    return render(request, "assessments/detail.html", context, status=400 if form.errors else 200)


def _deadlines(instrument: Any, result: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {table.output: table.label for table in instrument.deadline_tables}
    return [
        {"key": key, "label": labels.get(key) or key, "day": dt.date.fromisoformat(day)}
        for key, day in (result.get("deadlines") or {}).items()
    ]


def _decision_initial(recommendation: Decision) -> dict[str, Any]:
    return {
        "special_support": "yes" if recommendation.special_support else "no",
        "segment": recommendation.segment,
        "personal_worker": recommendation.personal_worker,
        "pair_required": "yes" if recommendation.pair_required else "no",
    }


def _answer_rows(instrument: Any, answers: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for section in instrument.sections:
        for item in section.items:
            if item.key in answers:
                value = answers[item.key]
                labels = {str(o.value): o.label for o in item.options}
                shown = (
                    [labels.get(str(v), v) for v in value]
                    if isinstance(value, list)
                    else labels.get(str(value), value)
                )
                rows.append({"label": item.label, "value": shown, "type": item.type})
    return rows


@login_required
@require_POST
def assessment_confirm(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    client = get_client_for(
        request.user,
        key,
        purpose=Purpose.ASSESSMENT,
        action=Action.CONFIRM_SPECIAL_SUPPORT,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    try:
        actions.confirm_special_support(_assessment(client, pk), by=acting_user(request))
    except actions.AssessmentActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Special support confirmed."))
    return redirect("assessments:detail", key=client.key, pk=pk)


# ---------------------------------------------------------------- overrides and what-if


def _period(request: HttpRequest) -> tuple[dt.date | None, dt.date | None, list[str]]:
    errors = []
    values: list[dt.date | None] = []
    for name in ("from", "to"):
        raw = request.GET.get(name, "").strip()
        try:
            values.append(parse_input_date(raw) if raw else None)
        except ValueError as error:
            values.append(None)
            errors.append(f"{name}: {error}")
    return values[0], values[1], errors


@login_required
def overrides(request: HttpRequest) -> HttpResponse:
    """How often decisions differ from the recommendation, by team and period, and why."""
    subject = subject_of(request.user)
    if not subject.can(Action.VIEW_AGGREGATES):
        raise PermissionDenied
    teams = list(teams_in_scope(subject, Action.VIEW_AGGREGATES))
    chosen = request.GET.get("team", "")
    team_ids = [t.pk for t in teams if not chosen or t.code == chosen]
    start, end, errors = _period(request)
    figures = override_figures(team_ids, start, end)
    if not sees_clients(subject.role):
        figures = suppress_override_figures(figures, settings.SMALL_CELL_THRESHOLD)
    context = {
        "figures": figures,
        "teams": teams,
        "chosen": chosen,
        "errors": errors,
        "chart": _override_chart(figures),
        "threshold": settings.SMALL_CELL_THRESHOLD,
        "start": request.GET.get("from", ""),
        "end": request.GET.get("to", ""),
    }
    return render(request, "assessments/overrides.html", context, status=400 if errors else 200)


def _transition_rows(matrix: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    return [
        {"from": old, "to": new, "count": count}
        for old, row in sorted(matrix.items())
        for new, count in sorted(row.items())
    ]


def _override_chart(figures: dict[str, Any]) -> dict[str, Any]:
    teams = figures["teams"]

    def confirmed(row: dict[str, Any]) -> int | None:
        if row["decided"] is None or row["overrides"] is None:
            return None
        return int(row["decided"]) - int(row["overrides"])

    return {
        "type": "bar",
        "stacked": True,
        "labels": list(teams),
        "datasets": [
            {
                "label": _("confirmed"),
                "data": [confirmed(row) for row in teams.values()],
                "backgroundColor": "#198754",
            },
            {
                "label": _("to heavier"),
                "data": [row["directions"]["heavier"] for row in teams.values()],
                "backgroundColor": "#d63384",
            },
            {
                "label": _("to lighter"),
                "data": [row["directions"]["lighter"] for row in teams.values()],
                "backgroundColor": "#0d6efd",
            },
        ],
    }


@login_required
def instruments(request: HttpRequest) -> HttpResponse:
    subject = subject_of(request.user)
    if not (subject.can(Action.RUN_WHAT_IF) or subject.can(Action.MANAGE_INSTRUMENTS)):
        raise PermissionDenied
    may_manage = subject.can(Action.MANAGE_INSTRUMENTS)
    form = ActivationForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            actions.activate_instrument(
                data["version"],
                team=data["team"],
                service_area=data["service_area"],
                by=acting_user(request),
            )
            messages.success(request, _("The version is now in use."))
            return redirect("assessments:instruments")
    versions = InstrumentVersion.objects.order_by("key", "-version")
    activations = InstrumentActivation.objects.select_related("version", "team", "service_area")
    context = {"versions": versions, "activations": activations, "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "assessments/instruments.html", context, status=status)


@login_required
def what_if(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """Run a version over stored assessments before it is switched on."""
    subject = subject_of(request.user)
    if not subject.can(Action.RUN_WHAT_IF):
        raise PermissionDenied
    try:
        draft = find_version(f"{key}@{version}")
        current = find_version(request.GET.get("against") or key)
    except InstrumentNotFound:
        raise Http404 from None
    teams = list(teams_in_scope(subject, Action.RUN_WHAT_IF))
    chosen = request.GET.get("team", "")
    team_ids = [t.pk for t in teams if not chosen or t.code == chosen]
    start, end, errors = _period(request)
    report = None
    if request.GET.get("run") and not errors:
        try:
            result = what_if_stored(current.instrument(), draft.instrument(), team_ids, start, end)
        except InstrumentError as error:
            errors.extend(error.errors)
        else:
            report = what_if_summary(result, include_ids=False)
            report["worker_transitions"] = _transition_rows(report["worker_transitions"])
            report["segment_transitions"] = _transition_rows(report["segment_transitions"])
    context = {
        "draft": draft,
        "current": current,
        "teams": teams,
        "chosen": chosen,
        "report": report,
        "errors": errors,
        "start": request.GET.get("from", ""),
        "end": request.GET.get("to", ""),
    }
    return render(request, "assessments/what_if.html", context)
