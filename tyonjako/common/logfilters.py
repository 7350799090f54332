"""Logging filters: server logs never contain an identity code."""

from __future__ import annotations

import logging

from .hetu_text import mask_hetus


class MaskHetuFilter(logging.Filter):
    """Masks valid identity codes in a record's message, its exception text included.

    Django logs the path of every 4xx and 5xx answer ("Not Found: /clients/…/"), so a
    code typed into an address would otherwise reach the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a badly formatted record: leave it to logging
            return True
        masked = mask_hetus(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_hetus(record.exc_text)
        return True
