from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tyonjako.clients.actions import ClientActionError, NewClient, teams_for_registration
from tyonjako.common.requests import acting_user

from .forms import IntakeForm
from .intake import IntakeFacts, register_contact


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
            return redirect("clients:detail", key=client.key)
    return render(
        request, "caseload/register.html", {"form": form}, status=400 if form.errors else 200
    )
