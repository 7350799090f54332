from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.clients.access import get_client_for, read_clients
from tyonjako.clients.models import Client
from tyonjako.common.clock import today
from tyonjako.common.requests import acting_user
from tyonjako.organisation.models import Team
from tyonjako.reports.door import Period, ReportError, ReportScope
from tyonjako.reports.overrides import overrides_report, what_if_figures, what_if_report

from . import actions, worklists
from .engine import AnswerError, Instrument, InstrumentError
from .forms import ActivationForm, AnswersForm, DecisionForm, initial_from_answers
from .lookup import InstrumentNotFound, find_version
from .models import Assessment, AssessmentStatus, InstrumentActivation, InstrumentVersion
from .rules import (
    COMPLETION_DEADLINE,
    NO_PERSONAL_WORKER,
    Completion,
    Decision,
    intake_answers,
    may_confirm_special_support,
    public_text,
)

OPEN = (AssessmentStatus.DRAFT, AssessmentStatus.RECOMMENDED)
LIST_SIZE = 200


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
    if assessment is not None:
        initial = initial_from_answers(assessment.answers)
    else:
        # What the service secretary entered at intake is carried into the form.
        initial = intake_answers(
            set(instrument.items),
            pending_since=client.pending_since,
            birth_year=client.birth_year,
            assessment_start_by=client.assessment_start_by,
            today=today(),
        )
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
    return _detail_page(request, client, assessment, form)


def _detail_page(
    request: HttpRequest,
    client: Client,
    assessment: Assessment,
    form: DecisionForm,
    confirm_form: DecisionForm | None = None,
) -> HttpResponse:
    instrument = assessment.version.instrument()
    worker = getattr(request.user, "worker", None)
    can_confirm = worker is not None and may_confirm_special_support(
        worker.licence, worker.public_office
    )
    if confirm_form is None and can_confirm and assessment.decision is not None:
        # The confirmer may confirm as decided or change the decision (same action,
        # same audit rows and §42 checks as the API's …/confirm/).
        confirm_form = DecisionForm(
            instrument,
            initial={
                **_decision_initial(assessment.decision),
                "reason": assessment.override_reason,
                "note": assessment.override_note,
            },
            prefix="confirm",
        )
    completion = assessment.completion(today())
    context = {
        "client": client,
        "assessment": assessment,
        "instrument": instrument,
        "form": form,
        "confirm_form": confirm_form,
        "result": assessment.result or {},
        "segments": {o.value: o.label for o in instrument.segments},
        "professionals": {
            **{o.value: o.label for o in instrument.professionals},
            NO_PERSONAL_WORKER: _("clearly unnecessary (§42)"),
        },
        "can_confirm": can_confirm,
        "answers": _answer_rows(instrument, assessment.answers),
        "deadlines": _deadlines(instrument, assessment.result or {}),
        "completion": completion,
        "explanations": _explanations(assessment.result or {}, completion),
    }
    errors = form.errors or (confirm_form is not None and confirm_form.errors)
    return render(request, "assessments/detail.html", context, status=400 if errors else 200)


def _deadlines(instrument: Any, result: dict[str, Any]) -> list[dict[str, Any]]:
    # Deadline tables are named "deadlines.<key>"; the stored result uses the bare key.
    labels = {
        table.output.removeprefix("deadlines."): table.label for table in instrument.deadline_tables
    }
    return [
        {"key": key, "label": labels.get(key) or key, "day": dt.date.fromisoformat(day)}
        for key, day in (result.get("deadlines") or {}).items()
        # The completion deadline is shown as the law sets it (`Assessment.completion`).
        if key != COMPLETION_DEADLINE
    ]


def _explanations(result: dict[str, Any], completion: Completion) -> list[dict[str, Any]]:
    """The stored explanations as users see them: real sources only (`rules.public_text`),
    and a completion rule the law does not apply (three months for an adult) marked so."""
    stored_completion = (result.get("deadlines") or {}).get(COMPLETION_DEADLINE)
    rows = []
    for explanation in result.get("explanations") or []:
        rows.append(
            {
                "rule_id": explanation.get("rule_id", ""),
                "text": {k: public_text(v) for k, v in (explanation.get("text") or {}).items()},
                "legal_basis": {
                    k: public_text(v) for k, v in (explanation.get("legal_basis") or {}).items()
                },
                "not_applied": bool(stored_completion)
                and completion.without_undue_delay
                and explanation.get("output") == f"deadlines.{COMPLETION_DEADLINE}",
            }
        )
    return rows


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
    """Confirm a decision waiting for a social worker in public office, as decided or
    changed ("change": the whole decision with a reason, as in the API)."""
    client = get_client_for(
        request.user,
        key,
        purpose=Purpose.ASSESSMENT,
        action=Action.CONFIRM_SPECIAL_SUPPORT,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    assessment = _assessment(client, pk)
    changed: Decision | None = None
    reason = note = ""
    confirm_form: DecisionForm | None = None
    if request.POST.get("action") == "change":
        confirm_form = DecisionForm(assessment.version.instrument(), request.POST, prefix="confirm")
        if not confirm_form.is_valid():
            return _refused_confirmation(request, client, assessment, confirm_form)
        data = confirm_form.cleaned_data
        changed = Decision(
            data["special_support"], data["segment"], data["personal_worker"], data["pair_required"]
        )
        reason, note = data["reason"], data["note"]
    try:
        actions.confirm_special_support(
            assessment, by=acting_user(request), changed=changed, reason=reason, note=note
        )
    except actions.AssessmentActionError as error:
        if confirm_form is None:
            messages.error(request, error.message)
            return redirect("assessments:detail", key=client.key, pk=pk)
        field = error.field if error.field in confirm_form.fields else None
        confirm_form.add_error(field, error.message)
        return _refused_confirmation(request, client, assessment, confirm_form)
    if changed is not None:
        messages.success(request, _("The decision was changed and confirmed."))
    else:
        messages.success(request, _("Special support confirmed."))
    return redirect("assessments:detail", key=client.key, pk=pk)


def _refused_confirmation(
    request: HttpRequest, client: Client, assessment: Assessment, confirm_form: DecisionForm
) -> HttpResponse:
    recommendation = assessment.recommendation
    initial = _decision_initial(recommendation) if recommendation else None
    form = DecisionForm(assessment.version.instrument(), initial=initial)
    return _detail_page(request, client, assessment, form, confirm_form)


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """The worker's own lists: decisions awaiting my confirmation, and my drafts."""
    if not subject_of(request.user).can(Action.ASSESS):
        raise PermissionDenied
    awaiting = list(worklists.awaiting_my_confirmation(request.user)[:LIST_SIZE])
    drafts = list(worklists.my_drafts(request.user)[:LIST_SIZE])
    read_clients(
        request.user,
        list({a.client_id: a.client for a in (*awaiting, *drafts)}.values()),
        purpose=Purpose.ASSESSMENT,
        channel=Channel.PAGE,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    context = {
        "awaiting": awaiting,
        "drafts": drafts,
        "confirms": worklists.confirms(request.user),
        "list_size": LIST_SIZE,
    }
    return render(request, "assessments/my_work.html", context)


# ---------------------------------------------------------------- overrides and what-if


def _scope(request: HttpRequest, action: Action) -> tuple[ReportScope, list[str]]:
    """The door for the override and what-if pages; a bad period is shown, not counted."""
    scope = ReportScope.for_user(request.user, action)
    try:
        return scope.with_period(Period.parse(request.GET.get("from"), request.GET.get("to"))), []
    except ReportError as error:
        return scope, [str(error)]


def _teams(scope: ReportScope) -> list[Team]:
    return list(Team.objects.filter(pk__in=scope.team_ids()).order_by("code"))


@login_required
def overrides(request: HttpRequest) -> HttpResponse:
    """How often decisions differ from the recommendation, by team and period, and why."""
    scope, errors = _scope(request, Action.VIEW_AGGREGATES)
    chosen = request.GET.get("team", "")
    figures = None
    if not errors:
        try:
            figures = overrides_report(scope, [chosen])
        except ReportError as error:
            errors.append(str(error))
    context = {
        "figures": figures,
        "teams": _teams(scope),
        "chosen": chosen,
        "errors": errors,
        "chart": _override_chart(figures) if figures else None,
        "threshold": scope.threshold,
        "start": request.GET.get("from", ""),
        "end": request.GET.get("to", ""),
    }
    return render(request, "assessments/overrides.html", context, status=400 if errors else 200)


def _output_labels(*instruments: Instrument) -> dict[str, str]:
    """The labels of segments and professionals in the page's language (the draft's win)."""
    language = (get_language() or "fi")[:2]
    labels: dict[str, str] = {"": _("none"), "None": _("none")}
    for instrument in instruments:
        for output in (*instrument.segments, *instrument.professionals):
            labels[output.value] = output.label.get(language) or output.label.get("fi", "")
    return labels


def _transition_rows(
    matrix: dict[str, dict[str, int]], labels: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {"from": labels.get(old, old), "to": labels.get(new, new), "count": count}
        for old, row in sorted(matrix.items())
        for new, count in sorted(row.items())
    ]


def _number(value: object) -> int | None:
    """A chart value: a hidden figure ("<5" or "x") is no bar."""
    return value if isinstance(value, int) else None


def _override_chart(figures: dict[str, Any]) -> dict[str, Any]:
    teams = figures["teams"]

    def confirmed(row: dict[str, Any]) -> int | None:
        if not isinstance(row["decided"], int) or not isinstance(row["overrides"], int):
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
                "data": [_number(row["directions"]["heavier"]) for row in teams.values()],
                "backgroundColor": "#d63384",
            },
            {
                "label": _("to lighter"),
                "data": [_number(row["directions"]["lighter"]) for row in teams.values()],
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
    scope, errors = _scope(request, Action.RUN_WHAT_IF)
    chosen = request.GET.get("team", "")
    report = None
    if request.GET.get("run") and not errors:
        try:
            result = what_if_report(scope, current.instrument(), draft.instrument(), [chosen])
        except InstrumentError as error:
            errors.extend(error.errors)
        except ReportError as error:
            errors.append(str(error))
        else:
            report = what_if_figures(scope, result)
            report.pop("changed_case_ids", None)
            labels = _output_labels(current.instrument(), draft.instrument())
            for name in ("worker_transitions", "segment_transitions"):
                report[name] = _transition_rows(report[name], labels)
    context = {
        "draft": draft,
        "current": current,
        "teams": _teams(scope),
        "period": scope.period.label(),
        "threshold": scope.threshold,
        "chosen": chosen,
        "report": report,
        "errors": errors,
        "start": request.GET.get("from", ""),
        "end": request.GET.get("to", ""),
    }
    return render(request, "assessments/what_if.html", context)
