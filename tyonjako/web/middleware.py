"""The interface language: Finnish unless the person chooses otherwise.

A browser that asks for Swedish before Finnish gets Swedish; every other browser
(English included) gets Finnish. English, like any other choice, comes only from
the language switch (Django's language cookie).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

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
