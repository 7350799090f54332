from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler


def logging_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus a log row for every refused (403) API request."""
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
