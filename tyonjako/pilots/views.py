"""Pilot pages: the list, a pilot's dashboard, a checkpoint's report, the model description."""

from __future__ import annotations

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
from tyonjako.common.dates import parse_date
from tyonjako.common.requests import acting_user

from . import actions, documents
from .definition import DefinitionError
from .innokyla import PATH_FIELDS, SECTIONS
from .models import Checkpoint, MeetingKind, Pilot
from .queries import covers, figures_suppressed_for, get_pilot_for, pilots_for

MAX_DEFINITION_BYTES = 200_000


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("language") or (get_language() or "fi")[:2]
    return wanted if wanted in ("fi", "sv", "en") else "fi"


def _checkpoint(pilot: Pilot, key: str) -> Checkpoint:
    checkpoint = pilot.checkpoints.filter(key=key).first()
    if checkpoint is None:
        raise Http404
    return checkpoint


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def pilot_list(request: HttpRequest) -> HttpResponse:
    """The pilots in the person's scope, side by side at their latest frozen checkpoint."""
    subject = subject_of(request.user)
    if not subject.can(Action.VIEW_PILOTS):
        raise PermissionDenied
    language = _language(request)
    rows: list[dict[str, Any]] = []
    for pilot in pilots_for(subject):
        latest = pilot.checkpoints.filter(frozen_at__isnull=False).order_by("-cut_off").first()
        indicators = []
        if latest is not None:
            context = documents.report_context(
                latest, suppressed=figures_suppressed_for(subject, pilot), language=language
            )
            indicators = context["indicators"]
        rows.append({"pilot": pilot, "latest": latest, "indicators": indicators})
    names: dict[str, str] = {}
    for row in rows:
        for indicator in row["indicators"]:
            names.setdefault(indicator.key, indicator.name)
    side_by_side = [
        {
            "name": name,
            "values": [
                next((i.total for i in row["indicators"] if i.key == key), "–") for row in rows
            ],
        }
        for key, name in names.items()
    ]
    return render(
        request,
        "pilots/list.html",
        {
            "rows": rows,
            "side_by_side": side_by_side,
            "may_load": subject.can(Action.MANAGE_PILOTS),
            "language": language,
        },
    )


@login_required
@require_POST
def load(request: HttpRequest) -> HttpResponse:
    """Load or update a pilot from a YAML file."""
    if not subject_of(request.user).can(Action.MANAGE_PILOTS):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None or upload.size is None or upload.size > MAX_DEFINITION_BYTES:
        messages.error(request, _("Choose a pilot definition file (YAML, at most 200 kB)."))
        return redirect("pilots:list")
    try:
        text = upload.read().decode("utf-8")
        pilot = actions.load_pilot(text, by=acting_user(request))
    except UnicodeDecodeError:
        messages.error(request, _("The file is not UTF-8 text."))
    except DefinitionError as error:
        messages.error(
            request, _("Nothing was loaded: %(errors)s") % {"errors": "; ".join(error.errors[:10])}
        )
    except PermissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The pilot %(name)s was loaded.") % {"name": pilot.name_fi})
        return redirect("pilots:detail", key=pilot.key)
    return redirect("pilots:list")


@login_required
def detail(request: HttpRequest, key: str) -> HttpResponse:
    """A pilot's dashboard: goals, questions, checkpoints, indicators across them, meetings."""
    subject = subject_of(request.user)
    pilot = get_pilot_for(subject, key)
    language = _language(request)
    suppressed = figures_suppressed_for(subject, pilot)
    definition = pilot.definition()
    checkpoints = list(pilot.checkpoints.all())
    frozen = [cp for cp in checkpoints if cp.is_frozen]
    series: dict[str, dict[str, Any]] = {}
    for checkpoint in frozen:
        for row in documents.report_context(checkpoint, suppressed=suppressed, language=language)[
            "indicators"
        ]:
            entry = series.setdefault(
                row.key, {"name": row.name, "values": {}, "raw": [], "rate": row.is_rate}
            )
            entry["values"][checkpoint.key] = row.total
            entry["raw"].append(row.value if not row.suppressed else None)
    # Only shares go on the chart: one axis of 0–100 %, not counts beside days.
    rates = [
        entry
        for entry in series.values()
        if entry["rate"] and any(v is not None for v in entry["raw"])
    ]
    chart = {
        "type": "line",
        "labels": [cp.name(language) for cp in frozen],
        "datasets": [{"label": entry["name"], "data": entry["raw"]} for entry in rates[:6]],
    }
    return render(
        request,
        "pilots/detail.html",
        {
            "pilot": pilot,
            "definition": definition,
            "language": language,
            "checkpoints": checkpoints,
            "frozen": frozen,
            "series": series,
            "chart": chart,
            "place_names": documents.place_names(list(definition.places), language),
            "meetings": pilot.meetings.all(),
            "meeting_kinds": MeetingKind.choices,
            "may_manage": covers(subject, Action.MANAGE_PILOTS, pilot),
            "suppressed": suppressed,
        },
    )


@login_required
@require_POST
def freeze(request: HttpRequest, key: str, checkpoint: str) -> HttpResponse:
    pilot = get_pilot_for(subject_of(request.user), key, Action.MANAGE_PILOTS)
    target = _checkpoint(pilot, checkpoint)
    try:
        actions.freeze_checkpoint(
            target, by=acting_user(request), reason=request.POST.get("reason", "")
        )
    except actions.PilotError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The figures of %(name)s are frozen as they stood on %(date)s.")
            % {"name": target.name(_language(request)), "date": f"{target.cut_off:%-d.%-m.%Y}"},
        )
    return redirect("pilots:detail", key=pilot.key)


@login_required
@require_POST
def meeting(request: HttpRequest, key: str) -> HttpResponse:
    pilot = get_pilot_for(subject_of(request.user), key, Action.MANAGE_PILOTS)
    try:
        actions.record_meeting(
            pilot,
            date=parse_date(request.POST.get("date", "")),
            kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""),
            memo=request.POST.get("memo", ""),
            by=acting_user(request),
        )
    except ValueError as error:  # PilotError and a bad date alike
        messages.error(request, str(error))
    else:
        messages.success(request, _("The meeting was recorded."))
    return redirect("pilots:detail", key=pilot.key)


@login_required
def checkpoint_report(request: HttpRequest, key: str, checkpoint: str) -> HttpResponse:
    """A checkpoint's report; `?format=pdf` or `xlsx` downloads it, `?language=sv` in Swedish."""
    subject = subject_of(request.user)
    pilot = get_pilot_for(subject, key)
    target = _checkpoint(pilot, checkpoint)
    language = _language(request)
    suppressed = figures_suppressed_for(subject, pilot)
    fmt = request.GET.get("format", "html")
    if fmt in ("pdf", "xlsx"):
        if not target.is_frozen:
            raise Http404
        name = f"{pilot.key}-{target.key}-{language}.{fmt}"
        if fmt == "pdf":
            data = documents.report_pdf(target, suppressed=suppressed, language=language)
            return _download(data, "application/pdf", name)
        data = documents.report_xlsx(target, suppressed=suppressed, language=language)
        return _download(
            data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name
        )
    context = documents.report_context(target, suppressed=suppressed, language=language)
    context["may_manage"] = covers(subject, Action.MANAGE_PILOTS, pilot)
    return render(request, "pilots/report.html", context)


@login_required
@require_POST
def conclusions(request: HttpRequest, key: str, checkpoint: str) -> HttpResponse:
    pilot = get_pilot_for(subject_of(request.user), key, Action.MANAGE_PILOTS)
    target = _checkpoint(pilot, checkpoint)
    fields = ("conclusions_fi", "conclusions_sv", "decision_fi", "decision_sv", "scenario_key")
    try:
        actions.save_conclusions(
            target, {f: request.POST.get(f, "") for f in fields}, by=acting_user(request)
        )
    except actions.PilotError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The conclusions were saved."))
    return redirect("pilots:checkpoint", key=pilot.key, checkpoint=target.key)


@login_required
@require_POST
def approve(request: HttpRequest, key: str, checkpoint: str) -> HttpResponse:
    pilot = get_pilot_for(subject_of(request.user), key, Action.MANAGE_PILOTS)
    target = _checkpoint(pilot, checkpoint)
    try:
        actions.approve_report(target, by=acting_user(request))
    except actions.PilotError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report was approved and locked."))
    return redirect("pilots:checkpoint", key=pilot.key, checkpoint=target.key)


@login_required
def description(request: HttpRequest, key: str) -> HttpResponse:
    """The Innokylä model description: edit (POST), or `?format=md|docx|pdf` to export."""
    subject = subject_of(request.user)
    pilot = get_pilot_for(subject, key)
    language = _language(request)
    may_manage = covers(subject, Action.MANAGE_PILOTS, pilot)
    if request.method == "POST":
        if not may_manage:
            raise Http404
        texts = {
            section: {lang: request.POST.get(f"{section}-{lang}", "") for lang in ("fi", "sv")}
            for section, _label in SECTIONS + PATH_FIELDS
        }
        actions.save_description(pilot, texts, by=acting_user(request))
        messages.success(request, _("The model description was saved."))
        return redirect("pilots:description", key=pilot.key)
    fmt = request.GET.get("format", "html")
    stem = f"innokyla-{pilot.key}-{language}"
    if fmt == "md":
        return _download(
            documents.description_markdown(pilot, language).encode(),
            "text/markdown; charset=utf-8",
            f"{stem}.md",
        )
    if fmt == "docx":
        return _download(
            documents.description_docx(pilot, language),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"{stem}.docx",
        )
    if fmt == "pdf":
        return _download(
            documents.description_pdf(pilot, language), "application/pdf", f"{stem}.pdf"
        )
    by_language = {lang: documents.description_sections(pilot, lang) for lang in ("fi", "sv")}
    labels = [label for _key, label in SECTIONS + PATH_FIELDS]
    rows = [
        {"key": fi.key, "title": label, "fi": fi, "sv": sv, "is_path": index >= len(SECTIONS)}
        for index, (fi, sv, label) in enumerate(
            zip(by_language["fi"], by_language["sv"], labels, strict=True)
        )
    ]
    return render(
        request,
        "pilots/description.html",
        {"pilot": pilot, "rows": rows, "may_manage": may_manage, "language": language},
    )
