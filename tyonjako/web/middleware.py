"""Request middleware of the web pages and the API.

* `refuse_hetu_in_url`: identity codes never travel in addresses. A request with one
  in its path or query is refused with a clear message before any view runs (pages,
  API and audit alike). Look-ups by identity code are POST forms (`clients:find`,
  `audit:find`).
* `FinnishFirstLocaleMiddleware`: the interface language is Finnish unless the person
  chooses otherwise. A browser that asks for Swedish before Finnish gets Swedish;
  every other browser (English included) gets Finnish. English, like any other
  choice, comes only from the language switch (Django's language cookie).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from tyonjako.common.hetu_text import contains_hetu

DEFAULT = "fi"
NEGOTIATED = ("fi", "sv")


def negotiated_language(accept_language: str, chosen: str | None) -> str:
    """The language to show: the person's choice, else Swedish if the browser asks for
    it before Finnish, else Finnish. Pure."""
    known = {code for code, _name in settings.LANGUAGES}
    if chosen and chosen in known:
        return chosen
    for tag, _quality in parse_accept_lang_header(accept_language or ""):
        primary = tag.split("-")[0].lower()
        if primary in NEGOTIATED:
            return primary
    return DEFAULT


class FinnishFirstLocaleMiddleware:
    """Activates the language of `negotiated_language` for each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = negotiated_language(
            request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
            request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Accept-Language" not in patch:
            response.headers["Vary"] = f"{patch}, Accept-Language" if patch else "Accept-Language"
        translation.deactivate()
        return response


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
