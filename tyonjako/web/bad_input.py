"""The last guard against bad input answering 500 (docs/security.md, "Bad input").

Each form and serializer checks its own values; what slips past them is turned
into a 400 here: date arithmetic beyond the calendar (``OverflowError``), input
nested deeper than the interpreter follows (``RecursionError``), a value the
database cannot hold (``DataError``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

BAD_INPUT_ERRORS = (OverflowError, RecursionError, DataError)


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BAD_INPUT_ERRORS):
            return None
        log.warning("bad input answered 400: %s %s", request.method, request.path[:200])
        return HttpResponseBadRequest(
            _(
                "The request holds a value outside what the service accepts (a date or a number "
                "out of range, or data nested too deep)."
            ),
            content_type="text/plain; charset=utf-8",
        )
