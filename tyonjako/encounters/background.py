"""Where uploaded files are kept until their import job has run: TYONJAKO_DATA_DIR/imports/
under a random name (the batch keeps the file's own name). The import itself is a
background job (tyonjako.encounters.jobs, run by `tyonjako worker`)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile


def imports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(upload: UploadedFile) -> Path:
    suffix = Path(upload.name or "upload.csv").suffix.lower() or ".csv"
    path = imports_dir() / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path
