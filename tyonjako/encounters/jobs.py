"""The encounters' background jobs: an uploaded file's import, and the periodic recount
of stale monthly tallies (registered with the schedule in tyonjako.jobs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from tyonjako.audit.purposes import Channel
from tyonjako.jobs import runner, schedule
from tyonjako.jobs.models import Job, JobState

from .background import remove_upload
from .import_messages import error_message
from .importer import ImportOptions, resolve_profile, run_import
from .importing.errors import RowError
from .importing.reader import ImportFileError
from .models import ImportBatch, ImportStatus
from .tallies import refresh_tallies

IMPORT = "import"


def start_import(
    path: Path,
    options: ImportOptions,
    *,
    by: Any,
    file_name: str,
    units: list[int] | None = None,
    channel: Channel = Channel.WEB,
) -> Job:
    """Queue the import of a stored upload; imports of one source system run in turn.
    The job imports as `by`, so the rows are held to that user's IMPORT_DATA scope."""
    try:
        source = resolve_profile(options.profile).source_system or "import"
    except Exception:  # an unknown profile fails in the job, where the page shows it
        source = "import"
    return runner.start(
        IMPORT,
        by=by,
        key=f"import:{source}",
        file_name=file_name,
        arguments={
            "path": str(path),
            "profile": options.profile,
            "dry_run": options.dry_run,
            "skip_invalid": options.skip_invalid,
            "create_missing": options.create_missing,
            "sheet": options.sheet,
            "language": options.language,
            "units": units or [],
            "channel": str(channel),
        },
    )


def _import(job: Job, progress: runner.Progress) -> dict[str, Any]:
    arguments = job.arguments
    options = ImportOptions(
        profile=arguments["profile"],
        dry_run=arguments["dry_run"],
        skip_invalid=arguments["skip_invalid"],
        create_missing=arguments["create_missing"],
        sheet=arguments.get("sheet"),
        language=arguments.get("language", "fi"),
    )
    path = Path(arguments["path"])
    if not path.exists():
        raise runner.JobError(_("The uploaded file is no longer stored; upload it again."))
    with runner.one_at_a_time(job.key, progress):
        try:
            result = run_import(
                path,
                options,
                by=job.started_by,
                progress=progress,
                file_name=job.file_name,
                channel=Channel(arguments.get("channel", Channel.WEB)),
            )
        except ImportFileError as error:
            with translation.override(options.language):
                message = error_message(RowError.from_exception(error.line, "", error))
            raise runner.JobError(message) from error
        finally:
            # However the import ended, the upload (with its identity codes) is gone. A
            # worker that died keeps it for the retry; the sweep removes what is left.
            remove_upload(path)
        # The statistics should not have to recount the months just imported.
        progress(1.0, result.batch.rows_read, _("Rows written; updating the monthly statistics…"))
        refresh_tallies()
    outcome: dict[str, Any] = {"batch": result.batch.pk}
    if result.rejected_file is not None:
        outcome["rejected"] = result.rejected_file.name
    return outcome


def _before_retry(job: Job) -> None:
    """A retried import starts a new batch: the dead attempt's batch is marked failed.
    An all-or-nothing import wrote nothing (its transaction died with the worker); a
    batch-by-batch one is imported again whole, its written rows found unchanged."""
    ImportBatch.objects.filter(
        status=ImportStatus.RUNNING,
        started_by=job.started_by,
        file_name=job.file_name[:255],
        started_at__gte=job.started_at or job.created_at,
    ).update(
        status=ImportStatus.FAILED,
        errors=[
            {
                "line": 0,
                "column": "",
                "message": _("The worker stopped; this attempt was abandoned."),
            }
        ],
    )


def refresh_stale_tallies() -> dict[str, Any]:
    left = refresh_tallies()
    return {"left_stale": len(left)}


TALLIES = "tallies-refresh"


def request_tally_refresh() -> None:
    """Queue a recount of the stale tallies unless one is already waiting."""
    if not Job.objects.filter(kind=TALLIES, state=JobState.QUEUED).exists():
        runner.start(TALLIES)


runner.define(IMPORT, _import, cleanup=_before_retry)
schedule.register(TALLIES, refresh_stale_tallies, every=dt.timedelta(minutes=5))
