"""Where uploaded files are kept until their import job has run: TYONJAKO_DATA_DIR/imports/
under a random name (the batch keeps the file's own name). The import itself is a
background job (tyonjako.encounters.jobs, run by `tyonjako worker`).

An upload holds raw identity codes: it is private to the server's user (0600 in a
0700 folder) and deleted when its import ends, however it ends; one left behind
by a worker that died for good is swept after STALE_UPLOAD_SECONDS.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

# An upload (or its rejected rows) left behind is removed this long after it was saved.
STALE_UPLOAD_SECONDS = 24 * 3600
UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


def imports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def save_upload(upload: UploadedFile) -> Path:
    """Saves the upload as a private file (0600); its import job deletes it when it ends."""
    remove_stale_uploads()
    suffix = Path(upload.name or "upload.csv").suffix.lower() or ".csv"
    path = imports_dir() / f"{uuid.uuid4().hex}{suffix}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def remove_upload(path: Path) -> None:
    """The uploaded file. Its rejected rows (identity codes blanked) stay for download
    from the batch page until the sweep."""
    path.unlink(missing_ok=True)


def remove_stale_uploads(now_seconds: float | None = None) -> int:
    """Uploads and rejected-rows files older than STALE_UPLOAD_SECONDS. How many."""
    moment = time.time() if now_seconds is None else now_seconds
    removed = 0
    for path in imports_dir().iterdir():
        if path.suffix.lower() in UPLOAD_SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                if moment - path.stat().st_mtime > STALE_UPLOAD_SECONDS:
                    path.unlink()
                    removed += 1
    return removed
