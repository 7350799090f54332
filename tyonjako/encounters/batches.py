"""Import batches whose process died (docs/security.md, "Files").

A batch records the host and process that runs it, with that process's start
time (so a reused process id is not taken for it). Whoever next looks at the
batches — the upload page, the API, the next import — marks a "running" batch
failed when its process on this host no longer exists. An import that stops
with an error marks its own batch failed (``importer.run_import``).
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction

from tyonjako.common.clock import now

from .models import ImportBatch, ImportStatus

DIED = "the import's process ended before the import did (out of memory, or stopped)"


def _start_time(pid: int) -> str | None:
    """The process's start time (Linux), "" where that is unknown, None if no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except FileNotFoundError:
        pass
    except (OSError, IndexError):
        return ""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return ""
    return "" if not Path("/proc").is_dir() else None


def process_marker() -> dict[str, Any]:
    pid = os.getpid()
    return {"host": socket.gethostname(), "pid": pid, "pid_started": _start_time(pid) or ""}


def is_dead(options: dict[str, Any]) -> bool:
    """True when the batch's process is known to be gone (on this host)."""
    if options.get("host") != socket.gethostname() or not options.get("pid"):
        return False
    started = _start_time(int(options["pid"]))
    if started is None:
        return True
    recorded = options.get("pid_started") or ""
    return bool(recorded and started and recorded != started)


def reap_dead_batches() -> int:
    """Marks failed every running batch whose process died. Returns how many."""
    reaped = 0
    for batch in ImportBatch.objects.filter(status=ImportStatus.RUNNING).only("id", "options"):
        if is_dead(batch.options or {}):
            with transaction.atomic():
                reaped += ImportBatch.objects.filter(
                    pk=batch.pk, status=ImportStatus.RUNNING
                ).update(
                    status=ImportStatus.FAILED,
                    finished_at=now(),
                    errors=[{"line": 0, "column": "", "message": DIED}],
                )
    return reaped


def mark_failed(batch: ImportBatch, error: BaseException) -> None:
    message = str(error).strip() or type(error).__name__
    # When the connection itself failed, the next look at the batches reaps this one.
    with contextlib.suppress(DatabaseError):
        ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED,
            finished_at=now(),
            errors=[{"line": getattr(error, "line", 0), "column": "", "message": message[:500]}],
        )
