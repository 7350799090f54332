from __future__ import annotations

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
from tyonjako.assessments.models import Assessment
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.caseload.mine import my_client_ids, personal_worker_names
from tyonjako.caseload.models import Assignment, AssignmentKind
from tyonjako.common.clock import today
from tyonjako.common.pseudonym import ClientKeyError

from .access import get_client_for, normalise_key, read_clients
from .forms import FindClientForm
from .models import Client

PAGE_SIZE = 50
#: ?mine= on the client list: the worker's own clients, by kind of assignment.
MINE: dict[str, tuple[str, ...]] = {
    "all": (AssignmentKind.PERSONAL_WORKER, AssignmentKind.PAIR),
    "personal": (AssignmentKind.PERSONAL_WORKER,),
    "pair": (AssignmentKind.PAIR,),
}


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    if not subject_of(request.user).can(Action.VIEW_CLIENT):
        raise PermissionDenied
    clients = (
        Client.objects.visible_to(request.user)
        .select_related("team")
        .order_by("-pending_since", "key")
    )
    status = request.GET.get("status", "active")
    if status in {"active", "closed"}:
        clients = clients.filter(status=status)
    mine = request.GET.get("mine", "")
    worker_id = subject_of(request.user).worker_id
    if mine in MINE and worker_id is not None:
        clients = clients.filter(pk__in=my_client_ids(worker_id, MINE[mine], today()))
    elif mine in MINE:
        clients = clients.none()
    else:
        mine = ""
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    personal_workers = personal_worker_names([c.pk for c in page.object_list], today())
    for row in page.object_list:
        row.personal_worker_name = personal_workers.get(row.pk, "")
    read_clients(
        request.user,
        list(page.object_list),
        purpose=Purpose.CLIENT_LIST,
        channel=Channel.PAGE,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    return render(
        request,
        "clients/list.html",
        {
            "page": page,
            "status": status,
            "mine": mine,
            "is_worker": worker_id is not None,
            "find_form": FindClientForm(),
        },
    )


@login_required
@require_POST
def client_find(request: HttpRequest) -> HttpResponse:
    if not subject_of(request.user).can(Action.VIEW_CLIENT):
        raise PermissionDenied
    form = FindClientForm(request.POST)
    if form.is_valid():
        try:
            key = normalise_key(form.cleaned_data["key"])
        except ClientKeyError:
            messages.error(request, _("Not a valid personal identity code or client number."))
            return redirect("clients:list")
        return redirect("clients:detail", key=key)
    return redirect("clients:list")


@login_required
def client_detail(request: HttpRequest, key: str) -> HttpResponse:
    client = get_client_for(
        request.user, key, purpose=Purpose.CLIENT_PAGE, remote_addr=request.META.get("REMOTE_ADDR")
    )
    assignments = (
        Assignment.objects.filter(client=client).select_related("worker__user").order_by("-start")
    )
    assessments = (
        Assessment.objects.filter(client=client)
        .select_related("version", "assessed_by")
        .order_by("-created_at")
    )
    context = {
        "client": client,
        "assignments": assignments,
        "assessments": assessments,
        "may_assess": subject_of(request.user).can(Action.ASSESS),
        "may_assign": subject_of(request.user).can(Action.ASSIGN_WORKER),
    }
    return render(request, "clients/detail.html", context)
