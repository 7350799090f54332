from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action, sees_job
from tyonjako.access.subject import subject_of
from tyonjako.audit.purposes import Purpose
from tyonjako.clients.access import ClientNotFound, get_client_for, read_clients
from tyonjako.common.clock import now, today
from tyonjako.common.requests import acting_user
from tyonjako.jobs.models import Job
from tyonjako.organisation.models import Team
from tyonjako.organisation.scope import teams_in_scope
from tyonjako.reports.door import Period, ReportError, ReportScope
from tyonjako.reports.encounters import BREAKDOWNS, reports_for

from . import actions
from .background import imports_dir, save_upload
from .batches import reap_dead_batches
from .exports.labels import (
    FIXED_GROUPS,
    LABELS,
    code_label,
    column_label,
    fixed_keys,
    flow_count,
    flow_pairs,
    section_count,
    text,
    union_keys,
)
from .forms import EncounterForm, ImportForm, StatisticsForm
from .import_messages import rendered
from .importer import ImportOptions, batches_in_scope
from .importing import builtin_profiles
from .jobs import IMPORT, start_import
from .models import CodeList, CodeValue, ContactType, Encounter, ImportBatch
from .stats import DISTRIBUTIONS_OF_CLIENTS, DISTRIBUTIONS_OF_CONTACTS, code_labels

DEFAULTS_KEY = "encounter_defaults"
REMEMBERED = ("team", "contact_type", "duration_min", "reason", "target_group", "provider")


def _teams(request: HttpRequest) -> list[Team]:
    return list(teams_in_scope(subject_of(request.user), Action.RECORD_ENCOUNTER).order_by("code"))


def _datalists() -> dict[str, list[tuple[str, str]]]:
    lists: dict[str, list[tuple[str, str]]] = {name: [] for name in CodeList.values}
    for value in CodeValue.objects.order_by("system", "code"):
        lists[value.list].append((value.qualified, value.name))
    return lists


def _first(values: list[CodeValue]) -> CodeValue | None:
    return values[0] if values else None


def _data(form: EncounterForm) -> actions.EncounterData:
    d = form.cleaned_data
    return actions.EncounterData(
        date=d["date"],
        team=d["team"],
        contact_type=d["contact_type"],
        duration_min=d["duration_min"],
        reason=_first(d["reason"]),
        target_group=_first(d["target_group"]),
        referred_by=_first(d["referred_by"]),
        codes=tuple(d["codes"]),
        partners=tuple(d["partners"]),
        referred_to=tuple(d["referred_to"]),
        provider=d["provider"] or "",
        consent=d["consent"],
        task_code=d.get("task") or "",
    )


@login_required
def record(request: HttpRequest) -> HttpResponse:
    """Record an encounter in seconds: keyboard only, defaults from the previous entry."""
    teams = _teams(request)
    if not teams:
        raise PermissionDenied
    initial = {"date": today(), **request.session.get(DEFAULTS_KEY, {})}
    if len(teams) == 1:
        initial.setdefault("team", teams[0].pk)
    form = EncounterForm(request.POST or None, teams=teams, initial=initial, tasks=_task_choices())
    if request.method == "POST" and form.is_valid():
        check = _task_check(request, form.cleaned_data.get("task") or "")
        if check == "reserved":
            form.add_error(
                "task", _("The law reserves this task for a social worker (in public office).")
            )
        elif check == "not_theirs":
            messages.warning(
                request,
                _(
                    "This task belongs to another profession's job description; "
                    "the encounter is recorded and counted in the tasks report."
                ),
            )
    if request.method == "POST" and form.is_valid():
        try:
            # No client: a consultation, group session or information event (the form
            # and the action check the contact type); no client's data is read.
            client = (
                get_client_for(
                    request.user,
                    form.cleaned_data["client"],
                    purpose=Purpose.ENCOUNTER,
                    action=Action.RECORD_ENCOUNTER,
                    remote_addr=request.META.get("REMOTE_ADDR"),
                )
                if form.cleaned_data["client"]
                else None
            )
            actions.record_encounter(client, _data(form), by=acting_user(request), today=today())
        except ClientNotFound:
            form.add_error("client", _("No such client in your teams."))
        except actions.EncounterError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session[DEFAULTS_KEY] = _remembered(request.POST)
            messages.success(request, _("Encounter recorded."))
            return redirect("encounters:record")
    mine = list(
        Encounter.objects.filter(recorded_by=acting_user(request), team__in=teams).select_related(
            "client", "team", "reason"
        )[:20]
    )
    read_clients(
        request.user,
        list({e.client_id: e.client for e in mine if e.client is not None}.values()),
        purpose=Purpose.ENCOUNTER,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    context = {"form": form, "datalists": _datalists(), "mine": mine}
    return render(request, "encounters/record.html", context, status=400 if form.errors else 200)


def _task_choices() -> list[tuple[str, str]]:
    # The encounter pages compose domains: the task catalogue sits above encounters.
    from tyonjako.tasks.services import active_catalogue

    language = (get_language() or "fi")[:2]
    language = language if language in ("fi", "sv", "en") else "fi"
    return [(code, task.names.get(language)) for code, task in active_catalogue().tasks.items()]


def _task_check(request: HttpRequest, task_code: str) -> str:
    from tyonjako.common.professions import profession_of_title
    from tyonjako.tasks.linking import task_flag
    from tyonjako.tasks.services import active_catalogue

    if not task_code:
        return ""
    worker = getattr(request.user, "worker", None)
    return task_flag(
        active_catalogue(), task_code, profession_of_title(worker.job_title if worker else None)
    )


def _remembered(post: Any) -> dict[str, Any]:
    return {name: post.get(name) for name in REMEMBERED if post.get(name)}


@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = (
        Encounter.objects.filter(pk=pk, recorded_by=acting_user(request))
        .select_related("client", "team__unit")
        .first()
    )
    if encounter is None or not actions.may_correct(encounter, acting_user(request)):
        raise Http404
    if encounter.client is not None:
        read_clients(
            request.user,
            [encounter.client],
            purpose=Purpose.ENCOUNTER,
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
    teams = _teams(request)
    links = {
        role: [link.value for link in encounter.links.select_related("value") if link.role == role]
        for role in ("code", "partner", "destination")
    }
    initial = {
        "client": encounter.client.key if encounter.client else "",
        "date": encounter.date,
        "team": encounter.team_id,
        "contact_type": encounter.contact_type,
        "duration_min": encounter.duration_min,
        "reason": encounter.reason.code if encounter.reason else "",
        "target_group": encounter.target_group.code if encounter.target_group else "",
        "referred_by": encounter.referred_by.code if encounter.referred_by else "",
        "codes": "; ".join(v.qualified for v in links["code"]),
        "partners": "; ".join(v.code for v in links["partner"]),
        "referred_to": "; ".join(v.code for v in links["destination"]),
        "provider": encounter.provider,
        "consent": encounter.consent,
    }
    form = EncounterForm(request.POST or None, teams=teams, initial=initial, tasks=_task_choices())
    form.fields["client"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            actions.correct_encounter(
                encounter, _data(form), by=acting_user(request), today=today()
            )
        except actions.EncounterError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Encounter corrected."))
            return redirect("encounters:record")
    return render(
        request,
        "encounters/correct.html",
        {"form": form, "encounter": encounter, "datalists": _datalists()},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- statistics


def _scope(request: HttpRequest) -> ReportScope:
    """The door: who asks, the places they may see, whether small cells are hidden."""
    return ReportScope.for_user(request.user, Action.VIEW_AGGREGATES)


def _reports(
    scope: ReportScope,
    codes: list[str],
    start: dt.date | None,
    end: dt.date | None,
    profession: str | None = None,
) -> list[dict[str, Any]]:
    return reports_for(scope.with_period(Period(start, end)), codes, profession=profession)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Seed 000's tables for any units and period; several units side by side as in seed 001."""
    scope = _scope(request)
    form = StatisticsForm(request.GET or None, places=scope.choices())
    reports: list[dict[str, Any]] = []
    if form.is_valid():
        data = form.cleaned_data
        reports = _reports(
            scope, data["units"], data["start"], data["end"], data["profession"] or None
        )
        export = request.GET.get("export")
        if export in ("xlsx", "csv"):
            return _export(reports, export)
    context = {
        "form": form,
        "reports": reports,
        "chart": _contact_chart(reports),
        "query": request.GET.urlencode(),
        "sections": _sections(list(reports), (get_language() or "fi")[:2]) if reports else [],
        "contact_keys": [key for key in fixed_keys(reports, "contacts") if key != "total"],
        # How encounters are recorded reads every encounter of the period (a scan, not the
        # tallies): shown when asked for, so the daily statistics page stays quick.
        **(
            _recording(scope, reports)
            if request.GET.get("recording") == "1"
            else {"recording": [], "months_chart": None}
        ),
    }
    return render(
        request, "encounters/statistics.html", context, status=400 if form.errors else 200
    )


def _unit_of(section: str) -> str:
    """What a section's numbers count, said under its title."""
    if section in DISTRIBUTIONS_OF_CLIENTS:
        return _("Number of clients (each client once in the period).")
    if section in DISTRIBUTIONS_OF_CONTACTS:
        return _("Number of contacts.")
    return _("Number of mentions (a contact can have several).")


def _sections(reports: list[Mapping[str, Any]], language: str) -> list[dict[str, Any]]:
    """Rows of every breakdown, labelled in the page's language, one value per unit."""
    labels = code_labels([dict(report) for report in reports])
    sections = []
    for name in BREAKDOWNS:
        if name == "flows":
            continue
        fixed = name in FIXED_GROUPS
        keys = fixed_keys(reports, name) if fixed else union_keys(reports, name)
        rows = [
            {
                "label": text(name, key, language)
                if fixed and (key in LABELS[name] or name == "duration_bands")
                else code_label(labels, name, key, language),
                "values": [section_count(report, name, key) for report in reports],
            }
            for key in keys
        ]
        if rows:
            sections.append(
                {"title": text("headings", name, language), "rows": rows, "unit": _unit_of(name)}
            )
    flows = [
        {
            "label": code_label(labels, "referred_by", pair[0], language)
            + " → "
            + code_label(labels, "referred_to", pair[1], language),
            "values": [flow_count(report, pair) for report in reports],
        }
        for pair in flow_pairs(reports)
    ]
    if flows:
        sections.append(
            {"title": text("headings", "flows", language), "rows": flows, "unit": _unit_of("flows")}
        )
    return sections


COMPARE_SLOTS = 4


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """Seed 001: several units side by side, each over its own period."""
    from tyonjako.reports.encounters import precounted_in_scope, precounted_reports

    scope = _scope(request)
    places = scope.choices()
    tables = [(f"{TABLE_PREFIX}{table.pk}", str(table)) for table in precounted_in_scope(scope)]
    slots, errors, reports = [], [], []
    for index in range(1, COMPARE_SLOTS + 1):
        code = request.GET.get(f"unit{index}", "")
        raw_start, raw_end = request.GET.get(f"from{index}", ""), request.GET.get(f"to{index}", "")
        slots.append({"index": index, "unit": code, "start": raw_start, "end": raw_end})
        if not code:
            continue
        try:
            if code.startswith(TABLE_PREFIX):
                # A pre-counted table has its own period; the slot's dates do not apply.
                reports.extend(precounted_reports(scope, [_table_id(code)]))
                continue
            period = Period.parse(raw_start, raw_end)
            reports.extend(reports_for(scope.with_period(period), [code]))
        except ReportError as error:
            errors.append(f"{code}: {error}")
    if reports and request.GET.get("export") in ("xlsx", "csv"):
        return _export(reports, request.GET["export"])
    context = {
        "places": places,
        "tables": tables,
        "precounted": [report["precounted"] for report in reports if report.get("precounted")],
        "slots": slots,
        "errors": errors,
        "reports": reports,
        "sections": _sections(list(reports), (get_language() or "fi")[:2]) if reports else [],
        "contact_keys": [key for key in fixed_keys(reports, "contacts") if key != "total"],
        "chart": _contact_chart(reports),
        "query": request.GET.urlencode(),
    }
    return render(request, "encounters/compare.html", context, status=400 if errors else 200)


#: A comparison slot that names a pre-counted site table (`encounters.precounted`).
TABLE_PREFIX = "table:"


def _table_id(code: str) -> int:
    from tyonjako.reports.encounters import UnknownTable

    try:
        return int(code.removeprefix(TABLE_PREFIX))
    except ValueError:
        raise UnknownTable(_("Choose a unit or a pre-counted table from the list.")) from None


def _export(reports: list[dict[str, Any]], kind: str) -> HttpResponse:
    from tyonjako.reports.encounters import as_csv, as_xlsx

    language = (get_language() or "fi")[:2]
    stamp = today().isoformat()
    if kind == "csv":
        response = HttpResponse(as_csv(reports, language), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="asiointitilasto-{stamp}.csv"'
        return response
    content = as_xlsx(reports, language, _("Encounter statistics"), now())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="asiointitilasto-{stamp}.xlsx"'
    return response


def _recording(scope: ReportScope, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """How each unit's encounters are recorded (`reports/recording.py`, the same figures as
    `tyonjako report recording` and the API): contact type × provider, coding completeness
    and consent by profession and month, and the contacts per month as a chart."""
    from tyonjako.reports.recording import month_label, profession_label, recording_report

    if not reports:
        return {"recording": [], "months_chart": None}
    language = (get_language() or "fi")[:2]
    recording = []
    for report in reports:
        period = Period(
            dt.date.fromisoformat(report["from"]) if report["from"] else None,
            dt.date.fromisoformat(report["to"]) if report["to"] else None,
        )
        figures = recording_report(scope.with_period(period), report["unit"])
        providers = ["public", "private", "none"]
        figures["provider_columns"] = [
            (key, text("common" if key == "none" else "provider", key, language))
            for key in providers
        ]
        figures["provider_rows"] = [
            {
                "label": ContactType(contact_type).label,
                "values": [row.get(key, 0) for key in providers],
            }
            for contact_type, row in figures["contact_provider"].items()
        ]
        figures["completeness_rows"] = [
            {"label": profession_label(name), **shares}
            for name, shares in figures["completeness"]["by_profession"].items()
        ] + [
            {"label": month_label(name), **shares}
            for name, shares in figures["completeness"]["by_month"].items()
        ]
        figures["profession_count"] = len(figures["completeness"]["by_profession"])
        recording.append(figures)
    months = sorted({month for figures in recording for month in figures["months"]})
    chart = {
        "type": "line",
        "labels": [month_label(month) for month in months],
        "datasets": [
            {"label": figures["unit"], "data": [figures["months"].get(month) for month in months]}
            for figures in recording
        ],
    }
    return {"recording": recording, "months_chart": chart if months else None}


def _contact_chart(reports: list[dict[str, Any]]) -> dict[str, Any]:
    shown = fixed_keys(reports, "contacts")
    return {
        "type": "bar",
        "stacked": True,
        "labels": [column_label(report, (get_language() or "fi")[:2]) for report in reports],
        "datasets": [
            {
                "label": str(label),
                "data": [
                    n if isinstance(n := report["contacts"][value], int) else None
                    for report in reports
                ],
            }
            for value, label in ContactType.choices
            if value in shown
        ],
    }


# ---------------------------------------------------------------- import


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    subject = subject_of(request.user)
    if not subject.can(Action.IMPORT_DATA):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, profiles=builtin_profiles())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        path = save_upload(data["file"])
        options = ImportOptions(
            profile=data["profile"],
            dry_run=data["dry_run"],
            skip_invalid=data["skip_invalid"],
            create_missing=data["create_missing"],
            language=get_language() or "fi",
        )
        job = start_import(
            path,
            options,
            by=acting_user(request),
            file_name=data["file"].name or path.name,
            units=sorted(subject.unit_ids),
        )
        return redirect("encounters:import_status", pk=job.pk)
    reap_dead_batches()
    batches = list(batches_in_scope(request.user).select_related("started_by")[:20])
    # Each batch links to its job's page (progress, errors, rejected rows) when the
    # user may see it; one query for the twenty.
    jobs = Job.objects.filter(kind=IMPORT, result__batch__in=[b.pk for b in batches])
    scope = subject.scope(Action.IMPORT_DATA)
    pages = {
        job.result.get("batch"): job.pk
        for job in jobs
        if sees_job(
            scope,
            started_it=job.started_by_id == request.user.pk,
            unit_ids=subject.unit_ids,
            job_units=list(job.arguments.get("units", [])),
        )
    }
    for batch in batches:
        batch.job_id = pages.get(batch.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "encounters/upload.html",
        {"form": form, "batches": batches},
        status=400 if form.errors else 200,
    )


def _import_job(request: HttpRequest, pk: int) -> Job:
    """An import job the user may see (else 403 for the role, 404 for the job)."""
    subject = subject_of(request.user)
    if not subject.can(Action.IMPORT_DATA):
        raise PermissionDenied
    job = Job.objects.filter(pk=pk, kind=IMPORT).first()
    if job is None or not sees_job(
        subject.scope(Action.IMPORT_DATA),
        started_it=job.started_by_id == request.user.pk,
        unit_ids=subject.unit_ids,
        job_units=list(job.arguments.get("units", [])),
    ):
        raise Http404
    return job


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _import_job(request, pk)
    reap_dead_batches()
    batch_id = job.result.get("batch")
    batch = ImportBatch.objects.filter(pk=int(batch_id)).first() if batch_id else None
    polled = bool(request.headers.get("HX-Request"))
    template = "encounters/_import_progress.html" if polled else "encounters/import_status.html"
    errors = rendered(batch.errors[:200]) if batch is not None else []
    return render(request, template, {"job": job, "batch": batch, "errors": errors})


@login_required
def import_rejected(request: HttpRequest, pk: int) -> FileResponse:
    """The batch's rejected rows as a CSV file, named after the uploaded file."""
    job = _import_job(request, pk)
    name = job.result.get("rejected")
    path = imports_dir() / str(name) if name else None
    if path is None or path.name != name or not path.is_file():
        raise Http404
    stem = Path(job.file_name).stem or "import"
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{stem}.rejected.csv",
        content_type="text/csv",
    )
