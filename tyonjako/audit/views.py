from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.common.cells import dict_writer
from tyonjako.common.clock import HELSINKI
from tyonjako.common.pseudonym import ClientKeyError

from .forms import AccessReportForm, LogFilterForm
from .log import log_client_reads
from .purposes import Channel, Purpose
from .report import AccessReportError, access_report, entry_row


def _require_audit(request: HttpRequest) -> None:
    if not subject_of(request.user).can(Action.VIEW_AUDIT):
        raise PermissionDenied


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=HELSINKI)


@login_required
def log_view(request: HttpRequest) -> HttpResponse:
    """The audit log, filtered by user, client and time."""
    _require_audit(request)
    form = LogFilterForm(request.GET or None)
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(actor__username=data["user"])
        if data["client"]:
            entries = entries.filter(
                content_type__model="client", object_repr=data["client"].strip()
            )
        if data["start"]:
            entries = entries.filter(timestamp__gte=_day_start(data["start"]))
        if data["end"]:
            entries = entries.filter(timestamp__lt=_day_start(data["end"] + dt.timedelta(days=1)))
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    rows = [entry_row(entry) | {"object": entry.object_repr} for entry in shown]
    _log_keys_shown(request, shown)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "rows": rows, "report_form": AccessReportForm()},
    )


def _log_keys_shown(request: HttpRequest, entries: list[LogEntry]) -> None:
    """The log page shows client keys: the viewer's own reads are logged too (once per
    client and page), so that the access report shows who looked a client up here."""
    from tyonjako.clients.models import Client

    ids = {
        entry.object_id
        for entry in entries
        if entry.content_type.model == "client" and entry.object_id is not None
    }
    if ids:
        log_client_reads(
            request.user,
            list(Client.objects.filter(pk__in=ids)),
            Purpose.ADMINISTRATION,
            Channel.PAGE,
            request.META.get("REMOTE_ADDR"),
        )


@login_required
@require_POST
def access_report_find(request: HttpRequest) -> HttpResponse:
    _require_audit(request)
    form = AccessReportForm(request.POST)
    if form.is_valid():
        from tyonjako.clients.access import normalise_key

        try:
            return redirect("audit:client", key=normalise_key(form.cleaned_data["key"]))
        except ClientKeyError:
            messages.error(request, _("Not a valid personal identity code or client number."))
    return redirect("audit:log")


@login_required
def client_report(request: HttpRequest, key: str) -> HttpResponse:
    """One client's access log (asiakastietolaki 703/2023 §11), as a page or CSV."""
    _require_audit(request)
    try:
        report = access_report(key)
    except AccessReportError:
        message = _("This is not a client number or a valid personal identity code.")
        return render(request, "400.html", {"message": message}, status=400)
    if report is None:
        messages.error(request, _("No client with this key."))
        return redirect("audit:log")
    client, rows = report
    channel = Channel.EXPORT if request.GET.get("format") == "csv" else Channel.PAGE
    log_client_reads(
        request.user, [client], Purpose.ACCESS_REPORT, channel, request.META.get("REMOTE_ADDR")
    )
    if channel == Channel.EXPORT:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="access-log-{client.key}.csv"'
        writer = dict_writer(
            response, fieldnames=["time", "user", "action", "purpose", "channel", "detail"]
        )
        writer.writeheader()
        writer.writerows(rows)
        return response
    return render(request, "audit/client_report.html", {"client": client, "rows": rows})
