from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.common.clock import today

from .models import Post, TeamMembership
from .scope import teams_in_scope


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    subject = subject_of(request.user)
    if not subject.can(Action.VIEW_ORGANISATION):
        raise PermissionDenied
    teams = teams_in_scope(subject).order_by("unit__service_area__code", "unit__code", "code")
    return render(request, "organisation/team_list.html", {"teams": teams})


@login_required
def team_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A team's page: its workers, their professions and FTE, and its posts."""
    subject = subject_of(request.user)
    team = teams_in_scope(subject).filter(code=code).first()
    if team is None:
        raise Http404
    day = today()
    memberships = (
        TeamMembership.objects.filter(team=team, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("worker__user")
        .order_by("worker__role", "worker__user__last_name")
    )
    posts = (
        Post.objects.filter(team=team)
        .select_related("holder__user")
        .prefetch_related(Prefetch("unit"))
    )
    return render(
        request,
        "organisation/team_detail.html",
        {"team": team, "memberships": memberships, "posts": posts},
    )
