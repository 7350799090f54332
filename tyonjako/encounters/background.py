"""Running an uploaded import in a background thread, with its progress in a small JSON
file that the upload page polls. Files live in TYONJAKO_DATA_DIR/imports/."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import connections

from tyonjako.audit.purposes import Channel

from .importer import ImportOptions, run_import
from .tallies import refresh_tallies

# An upload left behind by a process that died is removed this long after it was saved.
STALE_UPLOAD_SECONDS = 24 * 3600
UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


def imports_dir() -> Path:
    """The folder of uploads, readable by the server's user only (identity codes)."""
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def save_upload(upload: UploadedFile) -> tuple[str, Path]:
    """Saves the upload as a private file (0600); the import deletes it when it ends."""
    remove_stale_uploads()
    token = uuid.uuid4().hex
    suffix = Path(upload.name or "upload.csv").suffix.lower() or ".csv"
    path = imports_dir() / f"{token}{suffix}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return token, path


def remove_upload(path: Path) -> None:
    """The uploaded file and anything made from it (the rejected rows keep no identity
    codes but are the uploader's rows: they go too)."""
    for leftover in (path, path.with_name(path.stem + ".rejected.csv")):
        leftover.unlink(missing_ok=True)


def remove_stale_uploads(now_seconds: float | None = None) -> int:
    """Uploads older than STALE_UPLOAD_SECONDS (their import's process died). How many."""
    moment = time.time() if now_seconds is None else now_seconds
    removed = 0
    for path in imports_dir().iterdir():
        if path.suffix.lower() in UPLOAD_SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                if moment - path.stat().st_mtime > STALE_UPLOAD_SECONDS:
                    path.unlink()
                    removed += 1
    return removed


def status_path(token: str) -> Path:
    return imports_dir() / f"{token}.json"


def read_status(token: str) -> dict[str, Any] | None:
    path = status_path(token)
    if not token.isalnum() or not path.exists():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _write_status(token: str, **values: Any) -> None:
    path = status_path(token)
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    current.update(values)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(current), encoding="utf-8")
    temporary.replace(path)  # atomic: the page never reads half a file


def start_import(
    token: str, path: Path, options: ImportOptions, user: User, channel: Channel = Channel.WEB
) -> None:
    # The starter's user id: only they (or an importer of everywhere) may follow it.
    _write_status(token, state="running", progress=0.0, rows=0, file=path.name, user=user.pk)

    def work() -> None:
        try:
            result = run_import(
                path,
                options,
                by=user,
                channel=channel,
                progress=lambda share, rows: _write_status(token, progress=share or 0.0, rows=rows),
            )
            # The statistics page should not have to recount the months just imported.
            _write_status(token, progress=1.0, phase="statistics")
            refresh_tallies()
            _write_status(token, state="done", progress=1.0, batch=result.batch.pk)
        except Exception as error:  # the page must learn that it failed, whatever the reason
            _write_status(token, state="failed", message=str(error)[:500])
        finally:
            # However the import ended, the upload (with its identity codes) is gone.
            remove_upload(path)

    def in_thread() -> None:
        try:
            work()
        finally:
            # The thread's own connections; never the caller's (tests run it inline).
            connections.close_all()

    if getattr(settings, "TYONJAKO_IMPORT_IN_BACKGROUND", True):
        threading.Thread(target=in_thread, name=f"import-{token}", daemon=True).start()
    else:
        work()
