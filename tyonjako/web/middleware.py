"""Identity codes never travel in addresses: a request with one in its path or query
is refused with a clear message before any view runs (pages, API and audit alike).
Look-ups by identity code are POST forms (`clients:find`, `audit:find`)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tyonjako.common.hetu_text import contains_hetu


def refuse_hetu_in_url(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        address = request.path + " " + unquote(request.META.get("QUERY_STRING", ""))
        if not contains_hetu(address):
            return get_response(request)
        _log_probe(request)
        message = _(
            "A personal identity code is never sent in a web address. "
            "Search for the client with the search form instead."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "web/hetu_in_url.html", {"message": message}, status=400)

    return middleware


def _log_probe(request: HttpRequest) -> None:
    """The attempt is logged (who, when, from where), never the code itself."""
    from tyonjako.audit.log import log_denied
    from tyonjako.audit.purposes import Channel, Purpose

    log_denied(
        getattr(request, "user", None),
        "(identity code in address)",
        Purpose.REFUSED_REQUEST,
        Channel.API if request.path.startswith("/api/") else Channel.PAGE,
        request.META.get("REMOTE_ADDR"),
    )
