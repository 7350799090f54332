from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.common.clock import today
from tyonjako.common.dates import parse_input_date
from tyonjako.common.professions import PROFESSIONS
from tyonjako.common.requests import acting_user
from tyonjako.organisation.choices import Profession, profession_choices
from tyonjako.organisation.models import Unit

from . import actions
from .catalogue import Catalogue, describe_change, describe_move, diff_descriptions, moves
from .models import JobDescriptionStatus, JobDescriptionVersion
from .services import active_catalogue


def _language() -> str:
    language = (get_language() or "fi")[:2]
    return language if language in ("fi", "sv", "en") else "fi"


def _require_view(request: HttpRequest) -> None:
    if not request.user.is_authenticated or subject_of(request.user).role is None:
        raise PermissionDenied


def _may_edit(request: HttpRequest) -> bool:
    return subject_of(request.user).can(Action.EDIT_JOB_DESCRIPTIONS)


def _rows(
    catalogue: Catalogue, language: str, codes: set[str] | None = None
) -> list[dict[str, Any]]:
    groups = []
    for category in catalogue.categories:
        tasks = [
            task
            for task in catalogue.tasks.values()
            if task.category == category.key and (codes is None or task.code in codes)
        ]
        if tasks:
            groups.append(
                {
                    "name": category.names.get(language),
                    "tasks": [
                        {
                            "code": t.code,
                            "name": t.names.get(language),
                            "description": t.descriptions.get(language),
                            "who": t.who,
                            "reserved": t.reserved,
                            "legal_basis": t.legal_basis.get(language) if t.legal_basis else "",
                            "minutes": t.typical_minutes,
                        }
                        for t in tasks
                    ],
                }
            )
    return groups


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The tasks and who may do them; marked as a starting point to adapt."""
    _require_view(request)
    current = active_catalogue()
    language = _language()
    return render(
        request,
        "tasks/catalogue.html",
        {
            "catalogue": current,
            "groups": _rows(current, language),
            "title": current.names.get(language),
            "description": current.descriptions.get(language),
        },
    )


@login_required
def descriptions(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    versions = JobDescriptionVersion.objects.select_related("unit").order_by(
        "profession", "unit__code", "-version"
    )
    day = today()
    return render(
        request,
        "tasks/descriptions.html",
        {
            "versions": versions,
            "day": day,
            "may_edit": _may_edit(request),
            "may_edit_all": _may_edit(request) and actions.may_edit_for(None, acting_user(request)),
            "professions": profession_choices(),
            "units": _editable_units(request),
        },
    )


def _editable_units(request: HttpRequest) -> list[Unit]:
    if not _may_edit(request):
        return []
    user = acting_user(request)
    return [u for u in Unit.objects.order_by("code") if actions.may_edit_for(u, user)]


def _version(pk: int) -> JobDescriptionVersion:
    found = JobDescriptionVersion.objects.select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _previous(version: JobDescriptionVersion, profession: str) -> JobDescriptionVersion | None:
    return (
        JobDescriptionVersion.objects.filter(
            profession=profession, unit=version.unit, status=JobDescriptionStatus.PUBLISHED
        )
        .exclude(effective_from__gte=version.effective_from)
        .order_by("-effective_from", "-version")
        .first()
    )


def _changes(version: JobDescriptionVersion, language: str) -> list[str]:
    """The change from the previous version as sentences; a task that left another
    profession's description on the same date reads as a move ("moved from … to …")."""
    if version.effective_from is None:
        return []
    catalogue = active_catalogue()
    same_day = {
        v.profession: v
        for v in JobDescriptionVersion.objects.filter(
            unit=version.unit,
            status=JobDescriptionStatus.PUBLISHED,
            effective_from=version.effective_from,
        )
    }
    same_day[version.profession] = version
    new = {profession: v.as_plain() for profession, v in same_day.items()}
    old = {
        profession: (p.as_plain() if (p := _previous(v, profession)) else None)
        for profession, v in same_day.items()
    }
    found = [
        m
        for m in moves(old, new, catalogue)
        if version.profession in (m.from_profession, m.to_profession)
    ]
    moved = {m.task_code for m in found}
    sentences = [describe_move(m, language) for m in found]
    sentences += [
        describe_change(change, language)
        for change in diff_descriptions(old[version.profession], new[version.profession], catalogue)
        if change.task_code not in moved
    ]
    return sentences


@login_required
def description(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    version = _version(pk)
    language = _language()
    return render(
        request,
        "tasks/description.html",
        {
            "version": version,
            "groups": _rows(active_catalogue(), language, set(version.task_codes)),
            "changes": _changes(version, language),
            "may_edit": _may_edit(request),
        },
    )


@login_required
def new_draft(request: HttpRequest, profession: str) -> HttpResponse:
    if request.method != "POST" or not _may_edit(request):
        raise PermissionDenied
    if profession not in PROFESSIONS:
        raise Http404
    unit_code = request.POST.get("unit", "")
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    if unit_code and unit is None:
        raise Http404
    try:
        draft = actions.start_draft(profession, unit, by=acting_user(request))
    except actions.OutOfScope:
        raise Http404 from None
    return redirect("tasks:edit", pk=draft.pk)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A lead or director edits a draft: the tasks, the effective date, notes; then publishes."""
    if not _may_edit(request):
        raise PermissionDenied
    draft = _version(pk)
    if not actions.may_edit_for(draft.unit, acting_user(request)):
        raise Http404
    if draft.status != JobDescriptionStatus.DRAFT:
        return redirect("tasks:description", pk=draft.pk)
    errors: list[str] = []
    if request.method == "POST":
        raw_date = request.POST.get("effective_from", "").strip()
        try:
            effective = parse_input_date(raw_date) if raw_date else None
        except ValueError as error:
            effective, errors = None, [str(error)]
        if not errors:
            try:
                actions.save_draft(
                    draft,
                    request.POST.getlist("tasks"),
                    effective,
                    {lang: request.POST.get(f"notes_{lang}", "") for lang in ("fi", "sv", "en")},
                    by=acting_user(request),
                )
                if request.POST.get("action") == "publish":
                    actions.publish(draft, by=acting_user(request))
                    messages.success(request, _("The job description was published."))
                    return redirect("tasks:description", pk=draft.pk)
                messages.success(request, _("Draft saved."))
                return redirect("tasks:edit", pk=draft.pk)
            except actions.JobDescriptionError as error:
                errors.append(error.message)
    catalogue = active_catalogue()
    language = _language()
    return render(
        request,
        "tasks/edit.html",
        {
            "draft": draft,
            "groups": _rows(catalogue, language),
            "chosen": set(draft.task_codes),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _print_css() -> str:
    from django.contrib.staticfiles import finders

    path = finders.find("tasks/print.css")
    return Path(str(path)).read_text(encoding="utf-8") if path else ""


@login_required
def print_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The job description as a document an HR department files; `?format=pdf` for a PDF."""
    _require_view(request)
    version = _version(pk)
    language = request.GET.get("language") or _language()
    if language not in ("fi", "sv", "en"):
        language = "fi"
    pdf = request.GET.get("format") == "pdf"
    with translation.override(language):
        html = render_to_string(
            "tasks/print.html",
            {
                # The PDF writer reads its style from the document; the page links it
                # (the Content-Security-Policy allows no inline style in a browser).
                "inline_css": _print_css() if pdf else None,
                "version": version,
                "groups": _rows(active_catalogue(), language, set(version.task_codes)),
                "changes": _changes(version, language),
                "language": language,
                "printed": today(),
            },
            request=request,
        )
    if not pdf:
        return HttpResponse(html)
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"tehtavankuva-{version.profession}-v{version.version}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def who_does_what(request: HttpRequest) -> HttpResponse:
    """Counts and hours per task by profession, and social workers' share on counsellor tasks."""
    from tyonjako.reports.door import Period, ReportError, ReportScope
    from tyonjako.reports.tasks import tasks_report

    scope = ReportScope.for_user(request.user, Action.VIEW_AGGREGATES)
    places = dict(scope.choices())
    code = request.GET.get("unit") or next(iter(places), "")
    report, error = None, ""
    try:
        period = Period.parse(request.GET.get("from"), request.GET.get("to"))
        report = tasks_report(scope.with_period(period), code)
    except ReportError as problem:
        error = str(problem)
    catalogue = active_catalogue()
    language = _language()
    rows, chart = [], {"type": "bar", "stacked": True, "labels": [], "datasets": []}
    if report:
        for task_code, by_profession in report["tasks"].items():
            task = catalogue.task(task_code)
            rows.append(
                {
                    "name": task.names.get(language) if task else task_code,
                    "who": task.who if task else "",
                    **{p: by_profession.get(p, {"count": 0, "hours": 0}) for p in PROFESSIONS},
                }
            )
        chart["labels"] = [row["name"] for row in rows]
        chart["datasets"] = [
            {"label": str(Profession(p).label), "data": [row[p]["hours"] for row in rows]}
            for p in ("social_worker", "counsellor")
        ]
    return render(
        request,
        "tasks/who_does_what.html",
        {
            "places": places,
            "code": code,
            "report": report,
            "rows": rows,
            "chart": chart,
            "error": error,
            "start": request.GET.get("from", ""),
            "end": request.GET.get("to", ""),
        },
        status=400 if error else 200,
    )
