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
