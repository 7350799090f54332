from __future__ import annotations

from typing import Any

from django.db import DataError
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler


class BoundedJSONParser(JSONParser):
    """JSON nested deeper than the interpreter follows is a 400, not a 500."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply") from None


def logging_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus a log row for every refused (403) API request. A value
    beyond the calendar or the database, or nesting too deep, is a 400."""
    if isinstance(exc, OverflowError | RecursionError | DataError):
        exc = ValidationError({"detail": "a value is out of range or nested too deeply"})
    response = exception_handler(exc, context)
    request = context.get("request")
    if response is not None and response.status_code == 403 and request is not None:
        from tyonjako.audit.log import log_denied
        from tyonjako.audit.purposes import Channel, Purpose

        log_denied(
            request.user,
            request.path[:200],
            Purpose.REFUSED_REQUEST,
            Channel.API,
            request.META.get("REMOTE_ADDR"),
        )
    return response
