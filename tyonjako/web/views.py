from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tyonjako.access.subject import subject_of
from tyonjako.caseload.summary import summary_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's home page: the figures that matter to it (the same as `tyonjako summary`)."""
    subject = subject_of(request.user)
    return render(request, "web/home.html", {"figures": summary_for(subject), "role": subject.role})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the refusal is logged (who tried to reach which page), then explained."""
    from tyonjako.audit.log import log_denied
    from tyonjako.audit.purposes import Channel, Purpose

    log_denied(
        request.user,
        request.path[:200],
        Purpose.REFUSED_REQUEST,
        Channel.PAGE,
        request.META.get("REMOTE_ADDR"),
    )
    return render(request, "403.html", status=403)
