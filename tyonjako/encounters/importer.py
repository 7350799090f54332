"""Writing imported encounters: batches, idempotency, all-or-nothing by default.

The pure layer (`importing/`) reads and validates rows; this module resolves
codes, units, workers and clients to database rows and writes in batches.

- Default: every row is checked and written inside one transaction; if any row
  is bad, nothing stays written (exit code 1), and every bad row is reported.
  A killed import rolls back whole, and running it again completes it.
- `skip_invalid`: good rows are written batch by batch (each batch atomic); bad
  rows go to `FILE.rejected.csv` as they were, with their line and errors.
- `dry_run`: only validates.
- Idempotent: (source system, source id) identifies an encounter; a row whose
  content is unchanged is skipped, a changed row updates its encounter.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import translation

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.audit.log import bulk_change_inserter, client_change_rows
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.clients.models import Client, ClientStatus
from tyonjako.common.bloom import StringFilter
from tyonjako.common.bulk import (
    KeyBlock,
    TableInserter,
    bound_connection,
    concrete_fields,
    delete_in,
    select_in,
    update_rows,
)
from tyonjako.common.clock import now, today
from tyonjako.common.csv_headers import headers
from tyonjako.common.intset import IdSet
from tyonjako.common.pseudonym import looks_like_hetu
from tyonjako.organisation.access import EVERYWHERE, WriteScope, write_scope
from tyonjako.organisation.models import ServiceArea, Team, Unit, Worker

from .bands import county_bands
from .batches import mark_failed, process_marker, reap_dead_batches
from .file_messages import settings_limits
from .import_messages import error_text
from .importing import (
    ImportContext,
    ImportFileError,
    ImportRun,
    KnownValues,
    NormalisedRow,
    Profile,
    RowError,
    iter_import,
    load_builtin_profile,
    load_profile,
    open_rows,
    plan,
)
from .importing.limits import check_file
from .importing.parallel import ProcessImportRun
from .models import (
    CodeList,
    CodeValue,
    Encounter,
    EncounterLink,
    ImportBatch,
    ImportStatus,
)
from .tallies import mark_stale
from .task_links import task_deriver

log = logging.getLogger(__name__)
BATCH_SIZE = 2000
MAX_STORED_ERRORS = 1000
Progress = Callable[[float | None, int], None]


@dataclass
class ImportOptions:
    profile: str = "canonical"
    dry_run: bool = False
    skip_invalid: bool = False
    create_missing: bool = False
    sheet: str | None = None
    # The language of the rejected-rows file (its header and errors): the user's.
    language: str = "fi"


@dataclass
class ImportResult:
    batch: ImportBatch
    errors: list[RowError] = field(default_factory=list)
    rejected_file: Path | None = None
    # The parsing process's peak memory, when the file was parsed in one (benchmarks).
    parser_peak_kb: int | None = None

    @property
    def ok(self) -> bool:
        return self.batch.status in (ImportStatus.DONE, ImportStatus.VALIDATED) and (
            not self.errors or self.batch.options.get("skip_invalid", False)
        )


class _Rollback(Exception):
    """Raised inside the all-or-nothing transaction to undo it."""


def resolve_profile(name: str) -> Profile:
    path = Path(name)
    if path.suffix in {".yaml", ".yml"}:
        return load_profile(path)
    return load_builtin_profile(name)


def known_values(create_missing: bool, scope: WriteScope = EVERYWHERE) -> KnownValues:
    values: dict[str, set[str]] = {name: set() for name in CodeList.values}
    codes: set[tuple[str, str]] = set()
    for list_name, system, code in CodeValue.objects.values_list("list", "system", "code"):
        if list_name == CodeList.CODE:
            codes.add((system, code))
        else:
            values[list_name].add(code)
    systems = {system for system, _ in codes} | {"local"}
    units = set(Unit.objects.values_list("code", flat=True)) | set(
        Team.objects.values_list("code", flat=True)
    )
    inside = units if scope.codes is None else units & scope.codes
    return KnownValues(
        unit=frozenset(inside),
        unit_outside_scope=frozenset(units - inside),
        create_units=scope.everywhere,
        worker=frozenset(
            User.objects.filter(worker__isnull=False).values_list("username", flat=True)
        ),
        reason=frozenset(values[CodeList.REASON]),
        target_group=frozenset(values[CodeList.TARGET_GROUP]),
        partners=frozenset(values[CodeList.PARTNER]),
        referred_by=frozenset(values[CodeList.REFERRAL_SOURCE]),
        referred_to=frozenset(values[CodeList.DESTINATION]),
        codes=frozenset(codes),
        code_systems=frozenset(systems),
        create_missing=create_missing,
    )


def batches_in_scope(user: User | AnonymousUser) -> QuerySet[ImportBatch]:
    """The batches a user may list: their own, and those that wrote into their scope."""
    if not subject_of(user).can(Action.IMPORT_DATA):
        return ImportBatch.objects.none()
    scope = write_scope(user, Action.IMPORT_DATA)
    if scope.unit_ids is None:
        return ImportBatch.objects.all()
    # EXISTS per batch (the batch foreign key is indexed), not a scan of the scope's rows.
    wrote_here = Exists(
        Encounter.objects.filter(batch_id=OuterRef("pk"), unit_id__in=scope.unit_ids)
    )
    return ImportBatch.objects.filter(Q(started_by_id=user.pk) | Q(wrote_here))


class ImportNotAllowed(PermissionDenied):
    """The user may not import at all (IMPORT_DATA)."""


def run_import(
    path: Path,
    options: ImportOptions,
    *,
    by: User | None = None,
    progress: Progress | None = None,
    channel: Channel = Channel.CLI,
    file_name: str | None = None,
) -> ImportResult:
    """Import a file. With `by` (a user, not the command line) the rows may touch only
    the units in that user's IMPORT_DATA scope: a row for another unit is an error
    naming its line, and a client of another unit keeps its attributes. ``file_name``
    is the name the batch keeps (the uploaded file's own name when ``path`` is the
    stored copy)."""
    if by is not None and not subject_of(by).can(Action.IMPORT_DATA):
        raise ImportNotAllowed()
    scope = write_scope(by, Action.IMPORT_DATA)
    profile = resolve_profile(options.profile)
    ctx = ImportContext(
        pseudonym_secret=settings.PSEUDONYM_KEY,
        today=today(),
        profile=profile,
        bands=county_bands(),
        known=known_values(options.create_missing, scope),
        limits=settings_limits(),
    )
    reap_dead_batches()
    with set_actor(by):
        batch = ImportBatch.objects.create(
            file_name=(file_name or path.name)[:255],
            source_system=profile.source_system or "import",
            profile=profile.name,
            options={
                "dry_run": options.dry_run,
                "skip_invalid": options.skip_invalid,
                "create_missing": options.create_missing,
                **process_marker(),
            },
            started_by=by,
        )
    try:
        return _run_batch(batch, path, ctx, profile, options, progress, scope, channel)
    except BaseException as error:
        # However it ends, a batch never stays "running" after its import has stopped.
        mark_failed(batch, error)
        raise


def _run_batch(
    batch: ImportBatch,
    path: Path,
    ctx: ImportContext,
    profile: Profile,
    options: ImportOptions,
    progress: Progress | None,
    scope: WriteScope,
    channel: Channel,
) -> ImportResult:
    writer = _Writer(batch, write=not options.dry_run, scope=scope, channel=channel)
    result = ImportResult(batch)
    run = _open_run(path, ctx, profile, options.sheet, writer.planner if writer.write else None)
    rejected: list[tuple[int, dict[str, Any], list[RowError]]] = []
    try:
        if options.dry_run or options.skip_invalid:
            _stream(run, writer, result, rejected, progress, atomic_batches=True)
        else:
            try:
                with transaction.atomic():
                    try:
                        _stream(run, writer, result, rejected, progress, atomic_batches=False)
                        writer.finish()
                    finally:
                        # Whatever happened, the writing thread is done before the
                        # transaction commits or rolls back.
                        writer.abandon()
                    if result.errors:
                        raise _Rollback
            except _Rollback:
                writer.forget_counts()
    finally:
        writer.abandon()  # also after a batch-by-batch import or an error
        run.close()
    result.parser_peak_kb = getattr(run, "peak_memory_kb", None)
    if rejected and options.skip_invalid:
        result.rejected_file = _write_rejected(path, rejected, options.sheet, options.language)
    _finish(batch, result, options)
    _analyze_after_big_import(batch)
    return result


ANALYZE_AFTER_ROWS = 10_000


def _analyze_after_big_import(batch: ImportBatch) -> None:
    """PostgreSQL: refresh the planner's statistics of the tables a big import grew.

    Until autovacuum gets round to it, the planner plans the first reports and
    the tally recount for the tables as they were before the import (the same
    blindness that once made the import's own look-ups scan whole tables).
    Sampling costs well under a second."""
    if connection.vendor != "postgresql" or batch.rows_created + batch.rows_updated < (
        ANALYZE_AFTER_ROWS
    ):
        return
    tables = [model._meta.db_table for model in (Encounter, EncounterLink, Client)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _open_run(
    path: Path,
    ctx: ImportContext,
    profile: Profile,
    sheet: str | None,
    planner: plan.Planner | None,
) -> ImportRun | ProcessImportRun:
    """Parse (and plan) in a second process when the file is big and there is a core to
    spare."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size >= settings.IMPORT_PARSE_PROCESS_BYTES and (os.cpu_count() or 1) > 1:
        check_file(path, sheet, ctx.limits)  # before a process is started for it
        return ProcessImportRun(path, ctx, profile=profile, sheet=sheet, planner=planner)
    return iter_import(path, ctx, profile=profile, sheet=sheet)


def _stream(
    run: Any,
    writer: _Writer,
    result: ImportResult,
    rejected: list[tuple[int, dict[str, Any], list[RowError]]],
    progress: Progress | None,
    *,
    atomic_batches: bool,
) -> None:
    pending: list[NormalisedRow | plan.Plan] = []
    read = 0
    for line, item in run:
        if isinstance(item, list):
            if line == 1 and run.header_errors:
                result.errors.extend(item)
                return
            result.errors.extend(item)
            rejected.append((line, {}, item))
            if not atomic_batches:
                # All or nothing: a bad row means nothing stays, so nothing more is
                # written; the rest of the file is still read to report every bad row.
                writer.abandon()
                writer.write = False
        else:
            pending.append(item)
        read += 1
        if len(pending) >= BATCH_SIZE:
            writer.flush(pending, atomic=atomic_batches)
            pending = []
            if progress:
                progress(run.progress(), read)
    writer.flush(pending, atomic=atomic_batches)
    writer.batch.rows_read = read
    if progress:
        progress(1.0, read)


def _write_rejected(
    path: Path,
    rejected: list[tuple[int, dict[str, Any], list[RowError]]],
    sheet: str | None,
    language: str = "fi",
) -> Path:
    """The rejected rows as they were in the file, with ``line`` and ``errors`` columns,
    so they can be fixed and imported again. Read from the file a second time (the
    import itself keeps no cells); CSV keeps the input's delimiter and encoding, an
    XLSX export gives a UTF-8 CSV. Cells shaped like an identity code are blanked.
    The first two columns' names and the errors are in ``language``; the file's own
    columns keep their names, so the fixed file imports again."""
    target = path.with_name(path.stem + ".rejected.csv")
    reasons: dict[int, list[str]] = {}
    with translation.override(language):
        for line, _raw, errors in rejected:
            reasons.setdefault(line, []).extend(error_text(error) for error in errors)
    added = headers(["line", "errors"], language)
    try:
        source = open_rows(path, sheet=sheet)
    except ImportFileError:
        source = None
    delimiter = (source.delimiter if source else None) or ","
    encoding = (source.encoding if source and source.encoding != "utf-8-sig" else None) or "utf-8"
    with target.open("w", encoding=encoding, errors="replace", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        header = source.header if source else []
        out.writerow([*added, *header])
        written: set[int] = set()
        if source is not None:
            with source:
                for line, cells in source:
                    if line in reasons:
                        written.add(line)
                        out.writerow(
                            [line, "; ".join(reasons[line])]
                            + [_without_hetu(cells.get(name, "")) for name in header]
                        )
        for line in sorted(set(reasons) - written):  # the header line, or a line not read
            out.writerow([line, "; ".join(reasons[line])])
    return target


def _without_hetu(cell: object) -> object:
    return "" if isinstance(cell, str) and looks_like_hetu(cell) else cell


def _finish(batch: ImportBatch, result: ImportResult, options: ImportOptions) -> None:
    errors = result.errors
    if options.dry_run:
        batch.status = ImportStatus.VALIDATED
    elif errors and not options.skip_invalid:
        batch.status = ImportStatus.REJECTED
    else:
        batch.status = ImportStatus.DONE
    batch.rows_rejected = len({error.line for error in errors})
    batch.errors = [error.to_dict() for error in errors[:MAX_STORED_ERRORS]]
    batch.finished_at = now()
    batch.save()


# What an import writes: the encounter's primary key and client, then a plan's values;
# an update rewrites the client and all values but the source and creation time.
ENCOUNTER_COLUMNS = ["id", "client_id", *plan.TEMPLATE_COLUMNS]
UPDATED_COLUMNS = ["client_id", *plan.TEMPLATE_COLUMNS[plan.UPDATED_FROM : plan.UPDATED_TO]]
CLIENT_ATTRIBUTES = ["birth_year", "gender", "language", "employment"]
NEW_CLIENT_COLUMNS = [
    "id",
    "key",
    *CLIENT_ATTRIBUTES,
    "team_id",
    "pending_since",
    "status",
    "municipality",
    "segment",
    "created_at",
]


class _Pipeline:
    """Runs one batch's writes in a second thread while the importer prepares the next.

    PostgreSQL writes in a process of its own: while it inserts one batch (most of
    an import's time), this process reads, resolves and builds the next one. The
    jobs run on the import's own connection, so inside its transaction, one at a
    time and in order; the importer touches the connection only after `wait()`.
    SQLite writes inside this process and needs the interpreter lock to bind every
    value: a second thread would only wait for it, so there a job runs at once."""

    # While the writes run, the interpreter hands its lock between the threads every
    # half millisecond instead of every five: the writing thread needs it for a
    # moment after each wait for the database, and five milliseconds each time
    # leave the database idle (a million rows: 44.7 s against 47.3 s).
    SWITCH_INTERVAL = 0.0005

    def __init__(self, db: BaseDatabaseWrapper, *, threaded: bool) -> None:
        self.db = db
        self.executor: ThreadPoolExecutor | None = None
        self.pending: Future[None] | None = None
        self.switch_interval = sys.getswitchinterval()
        if threaded:
            db.inc_thread_sharing()
            self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writes")
            sys.setswitchinterval(min(self.switch_interval, self.SWITCH_INTERVAL))

    def submit(self, job: Callable[[], None]) -> None:
        self.wait()
        if self.executor is None:
            job()
        else:
            self.pending = self.executor.submit(job)

    def wait(self) -> None:
        """Until the last job is done; its error, if it failed, is raised here."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        if self.executor is not None:
            executor, self.executor = self.executor, None
            executor.shutdown(wait=True)
            self.db.dec_thread_sharing()
            sys.setswitchinterval(self.switch_interval)


def _write_in_thread(db: BaseDatabaseWrapper) -> bool:
    return db.vendor == "postgresql"


@dataclass
class _Job:
    """The writes of one batch, every value and key ready: `run` makes them (in the
    writing thread, on the import's connection, without the ORM)."""

    writer: _Writer
    stamp: dt.datetime
    new_clients: list[tuple[Any, ...]] = field(default_factory=list)
    changed_clients: list[tuple[Any, ...]] = field(default_factory=list)
    new_encounters: list[tuple[Any, ...]] = field(default_factory=list)
    changed_encounters: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[int, str, int]] = field(default_factory=list)
    months: set[tuple[int, Any]] = field(default_factory=set)
    audit: list[tuple[Any, ...]] = field(default_factory=list)
    # What the next batch must know before this job is written: the source ids it
    # writes (a batch repeating one waits for it) and the clients it writes.
    sources: set[str] = field(default_factory=set)
    clients: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def run(self) -> None:
        writer = self.writer
        db = writer.db
        writer.client_table.insert(self.new_clients)
        update_rows(Client, CLIENT_ATTRIBUTES, self.changed_clients, db=db)
        writer.encounter_table.insert(self.new_encounters)
        if self.changed_encounters:
            update_rows(Encounter, UPDATED_COLUMNS, self.changed_encounters, db=db)
            changed = [values[-1] for values in self.changed_encounters]
            delete_in(EncounterLink, "encounter", changed, db=db)
        writer.link_table.insert(self.links)
        mark_stale(self.months, db=db)
        writer.audit_table.insert(self.audit)


class _Writer:
    """Plans rows (importing/plan.py: names to ids, once per combination) and writes
    batches of them as plain tuples.

    Per row, what is left here is a few dictionary look-ups: clients seen earlier
    in the run are remembered (`clients`), and in the first import of a source
    system no encounter can exist yet except those this run wrote, which a filter
    of the source ids written so far tells apart (`_existing`). A big file comes
    planned from the parsing process; rows that name something to create come
    unplanned and are planned here, where it can be created.

    A batch goes in three steps: the reads (clients, existing encounters) while the
    connection is free, then the building of its writes, which wait (`unsent`)
    until the next batch has made its reads; so the database writes one batch
    while this process builds the next (`_Pipeline`).
    """

    def __init__(
        self,
        batch: ImportBatch,
        *,
        write: bool,
        scope: WriteScope = EVERYWHERE,
        channel: Channel = Channel.CLI,
    ) -> None:
        self.batch = batch
        self.write = write
        self.scope = scope
        self.channel = channel
        # Clients of teams outside the scope: their attributes are not the importer's to change.
        self.outside: set[str] = set()
        self.db = bound_connection()
        ids = plan.Ids(
            values={
                (row[0], row[1], row[2]): row[3]
                for row in CodeValue.objects.values_list("list", "system", "code", "id")
            },
            units={code: (pk, None) for code, pk in Unit.objects.values_list("code", "id")},
            first_team=dict(Team.objects.order_by("-code").values_list("unit_id", "id")),
            workers={
                username: (pk, title)
                for username, pk, title in Worker.objects.values_list(
                    "user__username", "id", "job_title"
                )
            },
        )
        ids.units.update(
            {
                code: (unit_id, pk)
                for code, unit_id, pk in Team.objects.values_list("code", "unit_id", "id")
            }
        )
        self.planner = plan.Planner(
            ids,
            task_deriver(),
            source_system=batch.source_system,
            batch_id=batch.pk,
            stamp=now(),
            create=self._create,
        )
        self.created: dict[str, set[str]] = {}
        self.logged = IdSet()  # the clients this run has written an audit row for
        # key -> (id, *CLIENT_ATTRIBUTES) of the clients this run has met.
        self.clients: dict[str, tuple[Any, ...]] = {}
        # Plain values, not the choices' enum members: COPY writes plain types.
        self.client_defaults = tuple(
            getattr(default, "value", default)
            for default in (f.get_default() for f in concrete_fields(Client, CLIENT_ATTRIBUTES))
        )
        self.sql_clients = _select_sql(Client, ["key", "id", *CLIENT_ATTRIBUTES, "team_id"], "key")
        self.sql_encounters = _select_sql(
            Encounter,
            ["source_id", "id", "row_hash", "unit_id", "date"],
            "source_id",
            "source_system",
        )
        self.detail = {"encounters": f"imported in batch {batch.pk} ({batch.file_name})"}
        self.actor = batch.started_by
        ContentType.objects.get_for_model(Client)  # read now: the audit rows need it later
        # The first import of a source system: only its own rows can already exist.
        self.written: StringFilter | None = None
        self.unsent: _Job | None = None
        self.pipeline = _Pipeline(self.db, threaded=write and _write_in_thread(self.db))
        if write:
            self.encounter_table = TableInserter(Encounter, ENCOUNTER_COLUMNS)
            self.link_table = TableInserter(EncounterLink, ["encounter_id", "role", "value_id"])
            self.client_table = TableInserter(Client, NEW_CLIENT_COLUMNS)
            self.audit_table = bulk_change_inserter()
            self.encounter_keys = KeyBlock(Encounter)
            self.client_keys = KeyBlock(Client)
            if not Encounter.objects.filter(source_system=batch.source_system).exists():
                self.written = StringFilter()

    def forget_counts(self) -> None:
        """After a rollback nothing of this run stays: neither rows nor created values."""
        batch = self.batch
        batch.rows_created = batch.rows_updated = batch.rows_unchanged = 0
        batch.created_values = {}

    def flush(self, items: list[NormalisedRow | plan.Plan], *, atomic: bool) -> None:
        if not items or not self.write:
            return
        if atomic:  # this batch's own transaction: written before it commits
            with transaction.atomic():
                job = self._prepare(self._plans(items))
                self.pipeline.submit(job.run)
                self.pipeline.wait()
        else:
            self.unsent = self._prepare(self._plans(items))

    def finish(self) -> None:
        """Write what is still unsent and wait until it is written."""
        self._send_unsent()
        self.pipeline.wait()

    def abandon(self) -> None:
        """Drop what is unsent and let the writing thread end (after an error, or at the end).

        A write still running is waited for; if it fails, that is logged, not raised:
        whatever is abandoning (an error, a bad row) is what the import reports, and
        nothing of a run that abandons stays written."""
        self.unsent = None
        try:
            self.pipeline.wait()
        except Exception:
            log.warning("an import's write failed while the import was stopping", exc_info=True)
        finally:
            self.pipeline.close()

    def _send_unsent(self) -> None:
        job, self.unsent = self.unsent, None
        if job is not None:
            self.pipeline.submit(job.run)

    def _plans(self, items: list[NormalisedRow | plan.Plan]) -> list[plan.Plan]:
        planned = []
        for item in items:
            if isinstance(item, NormalisedRow):
                found = self.planner.plan(item)
                assert found is not None  # this planner creates what a row names
                item = found
            planned.append(item)
        return planned

    # ------------------------------------------------------------ creating what rows name

    def _create(self, kind: str, key: Any) -> Any:
        """A code value or unit an import with create_missing meets (the row check refused
        unknown values otherwise), made and flagged for review."""
        self.pipeline.wait()  # the ORM uses the connection
        if kind == "value":
            list_name, system, code = key
            value = CodeValue.objects.create(
                list=list_name,
                system=system,
                code=code,
                name_fi=code,
                name_sv=code,
                needs_review=True,
            )
            self.created.setdefault(list_name, set()).add(f"{system}:{code}" if system else code)
            created: Any = value.pk
        else:
            area = ServiceArea.objects.order_by("code").first()
            if area is None:
                raise ValueError(
                    "no service area exists to hold a new unit: load the organisation first "
                    "(tyonjako org load ORGANISATION.yaml)"
                )
            unit = Unit.objects.create(
                code=key, name_fi=key, name_sv=key, service_area=area, needs_review=True
            )
            self.created.setdefault("unit", set()).add(key)
            created = (unit.pk, None)
        self.batch.created_values = {k: sorted(v) for k, v in self.created.items()}
        return created

    def _team_for_new_client(self, unit_id: int) -> int:
        """A new client joins a team: the unit's first, or one made for the import."""
        first_team = self.planner.ids.first_team
        team = first_team.get(unit_id)
        if team is None:
            self.pipeline.wait()
            code = f"{Unit.objects.get(pk=unit_id).code}-IMPORT"
            team = Team.objects.create(unit_id=unit_id, code=code, name_fi=code, name_sv=code).pk
            first_team[unit_id] = team
        return team

    # ------------------------------------------------------------ clients and sources

    def _unseen_clients(self, plans: Iterable[plan.Plan]) -> list[str]:
        """The batch's client keys this run has not met (all of them once memory is full)."""
        known = self.clients
        # "" is no client (a consultation, group session or information event).
        unseen = list({p[plan.CLIENT_KEY] for p in plans if p[plan.CLIENT_KEY] not in known})
        if "" in unseen:
            unseen.remove("")
        if len(known) + len(unseen) > CLIENT_CACHE_LIMIT:
            # The older half goes (a dict keeps the order the clients were met in).
            for key in list(islice(known, len(known) // 2)):
                del known[key]
            if self.unsent is not None:  # not written yet: a look-up would not find them
                known.update(self.unsent.clients)
            unseen = list({p[plan.CLIENT_KEY] for p in plans if p[plan.CLIENT_KEY] not in known})
            if "" in unseen:
                unseen.remove("")
        return unseen

    def _clients(
        self,
        plans: Iterable[plan.Plan],
        found: list[tuple[Any, ...]],
        keys: list[int],
        job: _Job,
    ) -> dict[str, int | None]:
        """Client ids by key, with the job's new clients and changed attributes;
        ``found`` are the rows read of the keys the run had not met, ``keys`` the
        primary keys drawn for the new ones."""
        known = self.clients
        teams = self.scope.team_ids
        for key, pk, *attributes, team_id in found:
            known[key] = (pk, *attributes)
            if teams is not None and team_id not in teams:
                self.outside.add(key)
        # key -> [id, *attributes] as the rows leave them; new clients also
        # [..., team_id, pending_since] and no id yet.
        states: dict[str, list[Any]] = {}
        changed: list[str] = []
        for p in plans:
            key = p[plan.CLIENT_KEY]
            if not key:  # no client
                continue
            state = states.get(key)
            if state is None:
                seen = known.get(key)
                if seen is not None:
                    state = states[key] = list(seen)
                else:
                    team = p[plan.NEW_CLIENT_TEAM]
                    if team is None:
                        team = self._team_for_new_client(p[plan.UNIT_ID])
                    state = states[key] = [None, *self.client_defaults, team, p[plan.DATE]]
            if key in self.outside:
                continue
            if _apply_client_attributes(state, p[plan.CLIENT_ATTRIBUTES]) and state[0] is not None:
                changed.append(key)
        new = [(key, state) for key, state in states.items() if state[0] is None]
        stamp = job.stamp
        for (key, state), pk in zip(new, keys, strict=True):
            state[0] = pk
            job.new_clients.append((pk, key, *state[1:], ClientStatus.ACTIVE.value, "", "", stamp))
        job.changed_clients = [
            (*states[key][1:5], states[key][0]) for key in dict.fromkeys(changed)
        ]
        for key, state in states.items():
            job.clients[key] = known[key] = tuple(state[:5])
        return {"": None, **{key: state[0] for key, state in states.items()}}

    def _existing(self, source_ids: list[str]) -> dict[str, tuple[Any, ...]]:
        """(id, digest, unit id, date) of the encounters these source ids already have."""
        written = self.written
        ask = source_ids if written is None else written.maybe(source_ids)
        found = {
            source_id: (pk, digest, unit_id, day)
            for source_id, pk, digest, unit_id, day in (
                select_in(self.sql_encounters, ask, [self.batch.source_system]) if ask else ()
            )
        }
        if written is not None:
            written.add(source_ids)
        return found

    # ------------------------------------------------------------ a batch

    def _prepare(self, plans: list[plan.Plan]) -> _Job:
        """Read and build one batch's writes; sends the previous batch's writes as soon
        as this batch's reads are done."""
        batch = self.batch
        job = _Job(self, stamp=self.planner.stamp)
        # The last row wins when a file repeats a source id.
        by_source = {p[plan.SOURCE_ID]: p for p in plans}
        unsent = self.unsent
        if unsent is not None and not unsent.sources.isdisjoint(by_source):
            self._send_unsent()  # a source id again: read it as that batch wrote it
        unseen = self._unseen_clients(by_source.values())
        self.pipeline.wait()  # the connection is free until the next submit
        found = select_in(self.sql_clients, unseen) if unseen else []
        existing = self._existing(list(by_source))
        # Keys for the new rows, drawn while the connection is free: an unseen key
        # not found is a new client, a source id not found a new encounter.
        keys = iter(self.encounter_keys.take(len(by_source) - len(existing)))
        client_keys = self.client_keys.take(len(unseen) - len(found))
        self._send_unsent()
        client_ids = self._clients(by_source.values(), found, client_keys, job)
        # The months whose tallies these rows change: new rows' and changed rows'
        # months, and the months changed rows move away from.
        months = job.months
        touched: set[int] = set()
        for source_id, p in by_source.items():
            seen = existing.get(source_id)
            if seen is not None and seen[1] == p[plan.DIGEST]:
                batch.rows_unchanged += 1
                continue
            units = self.scope.unit_ids
            if seen is not None and units is not None and seen[2] not in units:
                # Another unit's encounter under this source id: not the importer's to move.
                batch.rows_unchanged += 1
                continue
            client_id = client_ids[p[plan.CLIENT_KEY]]
            if client_id is not None:
                touched.add(client_id)
            months.add((p[plan.UNIT_ID], p[plan.DATE]))
            job.sources.add(source_id)
            values = p[plan.VALUES]
            if seen is None:
                pk = next(keys)
                job.new_encounters.append((pk, client_id, *values))
            else:
                pk = seen[0]
                job.changed_encounters.append(
                    (client_id, *values[plan.UPDATED_FROM : plan.UPDATED_TO], pk)
                )
                months.add((seen[2], seen[3]))
            job.links += [(pk, role, value) for role, value in p[plan.PAIRS]]
        # One audit row per client and import (not per batch): the report says which batch.
        job.audit = client_change_rows(
            self.actor, self.logged.add_new(touched), Purpose.IMPORT, self.channel, self.detail
        )
        batch.rows_created += len(job.new_encounters)
        batch.rows_updated += len(job.changed_encounters)
        return job


# Clients remembered across batches (about 170 bytes each); then the older half is forgotten.
CLIENT_CACHE_LIMIT = 100_000


def _select_sql(model: Any, columns: list[str], key: str, *equal: str) -> str:
    """``SELECT columns FROM table WHERE equal = %s AND … key IN`` (values follow)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    where = "".join(f"{quote(column)} = %s AND " for column in equal)
    return f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE {where}{quote(key)} IN"


def _apply_client_attributes(state: list[Any], attributes: tuple[Any, ...]) -> bool:
    """Copy a row's client attributes onto ``state`` ([id, *CLIENT_ATTRIBUTES, …]);
    True if anything changed. An empty value on the row keeps what is there."""
    changed = False
    for index, value in enumerate(attributes, start=1):
        if value is not None and value != "" and state[index] != value:
            state[index] = value
            changed = True
    return changed
