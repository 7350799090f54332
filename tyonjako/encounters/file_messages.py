"""The import file limits from the settings, and their refusals in the user's language.

The parsing layer (``importing/limits.py``) has no Django import and words its
refusals in English for the batch's error list and the command line; the upload
form checks the same limits first and says it in Finnish, Swedish or English.
"""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from .importing.limits import FileLimits, FileTooLarge, check_xlsx, refusal


def settings_limits() -> FileLimits:
    return FileLimits(
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_cells=settings.IMPORT_MAX_CELLS,
    )


def describe(error: FileTooLarge) -> str:
    figures = {key: str(value) for key, value in error.figures.items()}
    if error.kind == "bytes":
        figures = {
            key: f"{value / 1_000_000:.1f}".replace(".0", "")
            for key, value in error.figures.items()
        }
        return _("The file is %(found)s MB; at most %(limit)s MB can be imported.") % figures
    if error.kind == "rows":
        return _("The file has more than %(limit)s rows. Split it into smaller files.") % figures
    if error.kind == "columns":
        return _("The file has %(found)s columns; at most %(limit)s are accepted.") % figures
    return (
        _(
            "The sheet's cells span %(rows)s rows and %(columns)s columns, %(area)s cells "
            "in all; at most %(limit)s are accepted. Remove stray cells far from the table."
        )
        % figures
    )


def check_upload(name: str, size: int | None, handle: IO[bytes]) -> None:
    """Raises FileTooLarge for an upload beyond the limits (size; an XLSX's cells)."""
    limits = settings_limits()
    if size is not None and size > limits.max_bytes:
        raise refusal("bytes", found=size, limit=limits.max_bytes)
    if name.lower().endswith((".xlsx", ".xlsm")):
        handle.seek(0)
        try:
            check_xlsx(handle, None, limits)
        finally:
            handle.seek(0)
