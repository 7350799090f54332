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
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction

from tyonjako.audit.log import log_client_changes
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.clients.models import Client, ClientStatus
from tyonjako.common.bulk import TableInserter, concrete_fields, select_in, update_rows
from tyonjako.common.clock import now, today
from tyonjako.common.pseudonym import looks_like_hetu
from tyonjako.organisation.models import ServiceArea, Team, Unit, Worker

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
)
from .importing.parallel import ProcessImportRun
from .models import (
    CodeList,
    CodeValue,
    Encounter,
    EncounterLink,
    ImportBatch,
    ImportStatus,
    LinkRole,
)
from .tallies import mark_stale
from .task_links import task_deriver

BATCH_SIZE = 2000
MAX_STORED_ERRORS = 1000
Progress = Callable[[float | None, int], None]

# Row field with several values → (code list, link role).
MULTI_VALUES = {
    "partners": (CodeList.PARTNER, LinkRole.PARTNER),
    "referred_to": (CodeList.DESTINATION, LinkRole.DESTINATION),
}


@dataclass
class ImportOptions:
    profile: str = "canonical"
    dry_run: bool = False
    skip_invalid: bool = False
    create_missing: bool = False
    sheet: str | None = None


@dataclass
class ImportResult:
    batch: ImportBatch
    errors: list[RowError] = field(default_factory=list)
    rejected_file: Path | None = None

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


def known_values(create_missing: bool) -> KnownValues:
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
    return KnownValues(
        unit=frozenset(units),
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


def run_import(
    path: Path, options: ImportOptions, *, by: User | None = None, progress: Progress | None = None
) -> ImportResult:
    profile = resolve_profile(options.profile)
    ctx = ImportContext(
        pseudonym_secret=settings.PSEUDONYM_KEY,
        today=today(),
        profile=profile,
        known=known_values(options.create_missing),
    )
    with set_actor(by):
        batch = ImportBatch.objects.create(
            file_name=path.name,
            source_system=profile.source_system or "import",
            profile=profile.name,
            options={
                "dry_run": options.dry_run,
                "skip_invalid": options.skip_invalid,
                "create_missing": options.create_missing,
            },
            started_by=by,
        )
    writer = _Writer(batch, write=not options.dry_run)
    result = ImportResult(batch)
    run = _open_run(path, ctx, profile, options.sheet)
    rejected: list[tuple[int, dict[str, Any], list[RowError]]] = []
    try:
        if options.dry_run or options.skip_invalid:
            _stream(run, writer, result, rejected, progress, atomic_batches=True)
        else:
            try:
                with transaction.atomic():
                    _stream(run, writer, result, rejected, progress, atomic_batches=False)
                    if result.errors:
                        raise _Rollback
            except _Rollback:
                writer.forget_counts()
    finally:
        run.close()
    if rejected and options.skip_invalid:
        result.rejected_file = _write_rejected(path, rejected, options.sheet)
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
    path: Path, ctx: ImportContext, profile: Profile, sheet: str | None
) -> ImportRun | ProcessImportRun:
    """Parse in a second process when the file is big and there is a core to spare."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size >= settings.IMPORT_PARSE_PROCESS_BYTES and (os.cpu_count() or 1) > 1:
        return ProcessImportRun(path, ctx, profile=profile, sheet=sheet)
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
    pending: list[NormalisedRow] = []
    read = 0
    for line, item in run:
        if isinstance(item, list):
            if line == 1 and run.header_errors:
                result.errors.extend(item)
                return
            result.errors.extend(item)
            rejected.append((line, {}, item))
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
    path: Path, rejected: list[tuple[int, dict[str, Any], list[RowError]]], sheet: str | None
) -> Path:
    """The rejected rows as they were in the file, with ``line`` and ``errors`` columns,
    so they can be fixed and imported again. Read from the file a second time (the
    import itself keeps no cells); CSV keeps the input's delimiter and encoding, an
    XLSX export gives a UTF-8 CSV. Cells shaped like an identity code are blanked."""
    target = path.with_name(path.stem + ".rejected.csv")
    reasons: dict[int, list[str]] = {}
    for line, _raw, errors in rejected:
        reasons.setdefault(line, []).extend(
            f"{error.column}: {error.message}" if error.column else error.message
            for error in errors
        )
    try:
        source = open_rows(path, sheet=sheet)
    except ImportFileError:
        source = None
    delimiter = (source.delimiter if source else None) or ","
    encoding = (source.encoding if source and source.encoding != "utf-8-sig" else None) or "utf-8"
    with target.open("w", encoding=encoding, errors="replace", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        header = source.header if source else []
        out.writerow(["line", "errors", *header])
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


# Columns an import writes on an encounter; an update rewrites all but the first two.
ENCOUNTER_COLUMNS = [
    "source_system",
    "source_id",
    "date",
    "time",
    "unit_id",
    "team_id",
    "worker_id",
    "client_id",
    "contact_type",
    "duration_min",
    "duration_band",
    "reason_id",
    "target_group_id",
    "referred_by_id",
    "provider",
    "consent",
    "task_code",
    "task_flag",
    "batch_id",
    "row_hash",
    "updated_at",
    "created_at",
]
UPDATED_COLUMNS = ENCOUNTER_COLUMNS[2:-1]
CLIENT_ATTRIBUTES = ["birth_year", "gender", "language", "employment"]
NEW_CLIENT_COLUMNS = [
    "key",
    *CLIENT_ATTRIBUTES,
    "team_id",
    "pending_since",
    "status",
    "municipality",
    "segment",
    "created_at",
]


class _Writer:
    """Resolves values to ids (cached) and writes batches of rows as plain tuples."""

    def __init__(self, batch: ImportBatch, *, write: bool) -> None:
        self.batch = batch
        self.write = write
        self.values: dict[tuple[str, str, str], int] = {
            (row[0], row[1], row[2]): row[3]
            for row in CodeValue.objects.values_list("list", "system", "code", "id")
        }
        self.units: dict[str, tuple[int, int | None]] = {
            code: (pk, None) for code, pk in Unit.objects.values_list("code", "id")
        }
        self.units.update(
            {
                code: (unit_id, pk)
                for code, unit_id, pk in Team.objects.values_list("code", "unit_id", "id")
            }
        )
        self.first_team = dict(Team.objects.order_by("-code").values_list("unit_id", "id"))
        self.workers: dict[str, tuple[int, str]] = {
            username: (pk, title)
            for username, pk, title in Worker.objects.values_list(
                "user__username", "id", "job_title"
            )
        }
        self.created: dict[str, set[str]] = {}
        self.logged: set[int] = set()
        self.derive_task = task_deriver()
        # Imports repeat the same combinations: tasks and link values are resolved once each.
        self.tasks: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.link_pairs: dict[tuple[Any, ...], tuple[tuple[str, int], ...]] = {}
        # Plain values, not the choices' enum members: COPY writes plain types.
        self.client_defaults = [
            getattr(default, "value", default)
            for default in (f.get_default() for f in concrete_fields(Client, CLIENT_ATTRIBUTES))
        ]
        self.sql_clients = _select_sql(Client, ["key", "id", *CLIENT_ATTRIBUTES], "key")
        self.sql_encounters = _select_sql(
            Encounter,
            ["source_id", "id", "row_hash", "unit_id", "date"],
            "source_id",
            "source_system",
        )
        if write:
            self.encounter_table = TableInserter(Encounter, ENCOUNTER_COLUMNS)
            self.link_table = TableInserter(EncounterLink, ["encounter_id", "role", "value_id"])
            self.client_table = TableInserter(Client, NEW_CLIENT_COLUMNS)

    def forget_counts(self) -> None:
        """After a rollback nothing of this run stays: neither rows nor created values."""
        batch = self.batch
        batch.rows_created = batch.rows_updated = batch.rows_unchanged = 0
        batch.created_values = {}

    def flush(self, rows: list[NormalisedRow], *, atomic: bool) -> None:
        if not rows or not self.write:
            return
        if atomic:
            with transaction.atomic():
                self._write(rows)
        else:
            self._write(rows)

    # ------------------------------------------------------------ values

    def _value_id(self, list_name: str, system: str, code: str) -> int:
        key = (list_name, system, code)
        if key not in self.values:
            # Only reachable with create_missing: the row check refused unknown values otherwise.
            value = CodeValue.objects.create(
                list=list_name,
                system=system,
                code=code,
                name_fi=code,
                name_sv=code,
                needs_review=True,
            )
            self.values[key] = value.pk
            self.created.setdefault(list_name, set()).add(f"{system}:{code}" if system else code)
            self.batch.created_values = {k: sorted(v) for k, v in self.created.items()}
        return self.values[key]

    def _optional_value_id(self, list_name: str, code: str) -> int | None:
        return self._value_id(list_name, "", code) if code else None

    def _unit(self, code: str) -> tuple[int, int | None]:
        if code not in self.units:
            area = ServiceArea.objects.order_by("code").first()
            if area is None:
                raise ValueError("no service area exists to hold a new unit")
            unit = Unit.objects.create(
                code=code, name_fi=code, name_sv=code, service_area=area, needs_review=True
            )
            self.units[code] = (unit.pk, None)
            self.created.setdefault("unit", set()).add(code)
            self.batch.created_values = {k: sorted(v) for k, v in self.created.items()}
        return self.units[code]

    def _team_for_new_client(self, unit_id: int, team_id: int | None) -> int:
        if team_id is not None:
            return team_id
        team = self.first_team.get(unit_id)
        if team is None:
            code = f"{Unit.objects.get(pk=unit_id).code}-IMPORT"
            team = Team.objects.create(unit_id=unit_id, code=code, name_fi=code, name_sv=code).pk
            self.first_team[unit_id] = team
        return team

    # ------------------------------------------------------------ rows

    def _clients(self, rows: list[NormalisedRow], stamp: dt.datetime) -> dict[str, int]:
        """Client ids by key: new clients inserted, changed attributes updated."""
        keys = {row.client_key for row in rows}
        # key -> [id, birth_year, gender, language, employment]
        existing: dict[str, list[Any]] = {
            key: [pk, *attributes]
            for key, pk, *attributes in select_in(self.sql_clients, list(keys))
        }
        new: dict[str, list[Any]] = {}  # key -> [None, *attributes, team_id, pending_since]
        changed: set[str] = set()
        defaults = self.client_defaults
        for row in rows:
            key = row.client_key
            state = existing.get(key)
            if state is None:
                state = new.get(key)
                if state is None:
                    unit_id, team_id = self._unit(row.unit)
                    team = self._team_for_new_client(unit_id, team_id)
                    state = new[key] = [None, *defaults, team, row.date]
            if _apply_client_attributes(state, row) and state[0] is not None:
                changed.add(key)
        if new:
            self.client_table.insert(
                (key, *state[1:], ClientStatus.ACTIVE.value, "", "", stamp)
                for key, state in new.items()
            )
            existing.update((key, [pk]) for key, pk, *_ in select_in(self.sql_clients, list(new)))
        if changed:
            update_rows(
                Client,
                CLIENT_ATTRIBUTES,
                ((*existing[key][1:], existing[key][0]) for key in changed),
            )
        return {key: state[0] for key, state in existing.items()}

    def _encounter_values(
        self, row: NormalisedRow, client_id: int, digest: str, stamp: dt.datetime
    ) -> tuple[Any, ...]:
        """The row's values in the order of ENCOUNTER_COLUMNS[2:] (without source system and id)."""
        unit_id, team_id = self._unit(row.unit)
        worker_id, job_title = self.workers.get(row.worker, (None, None))
        task_key = (row.codes, row.reason, job_title, row.task)
        task = self.tasks.get(task_key)
        if task is None:
            qualified = tuple(f"{system}:{code}" for system, code in row.codes)
            _bound(self.tasks)
            task = self.tasks[task_key] = self.derive_task(
                qualified, row.reason, job_title, row.task
            )
        return (
            row.date,
            row.time,
            unit_id,
            team_id,
            worker_id,
            client_id,
            row.contact_type,
            row.duration_min,
            row.duration_band or "",
            self._optional_value_id(CodeList.REASON, row.reason),
            self._optional_value_id(CodeList.TARGET_GROUP, row.target_group),
            self._optional_value_id(CodeList.REFERRAL_SOURCE, row.referred_by),
            row.provider or "",
            row.consent,
            *task,
            self.batch.pk,
            digest,
            stamp,
        )

    def _links(self, encounter_id: int, row: NormalisedRow) -> Iterable[tuple[int, str, int]]:
        """(encounter, role, value) of the row's codes, partners and referrals, once each."""
        key = (row.codes, row.partners, row.referred_to)
        pairs = self.link_pairs.get(key)
        if pairs is None:
            found = [
                (LinkRole.CODE.value, self._value_id(CodeList.CODE, system, code))
                for system, code in row.codes
            ]
            for name, (list_name, role) in MULTI_VALUES.items():
                found += [
                    (role.value, self._value_id(list_name, "", code)) for code in getattr(row, name)
                ]
            _bound(self.link_pairs)
            pairs = self.link_pairs[key] = tuple(dict.fromkeys(found))
        return [(encounter_id, role, value) for role, value in pairs]

    def _write(self, rows: list[NormalisedRow]) -> None:
        batch = self.batch
        source_system = batch.source_system
        stamp = now()
        # The last row wins when a file repeats a source id.
        by_source = {row.source_id: row for row in rows}
        client_ids = self._clients(list(by_source.values()), stamp)
        existing = {
            source_id: (pk, digest, unit_id, day)
            for source_id, pk, digest, unit_id, day in select_in(
                self.sql_encounters, list(by_source), [source_system]
            )
        }
        # The months whose tallies these rows change: new rows' and changed rows'
        # months, and the months changed rows move away from.
        months: set[tuple[int, Any]] = set()
        new_rows: list[tuple[NormalisedRow, str]] = []
        changed_rows: list[tuple[int, NormalisedRow, str]] = []
        for source_id, row in by_source.items():
            digest = row.digest
            found = existing.get(source_id)
            if found is None:
                new_rows.append((row, digest))
                months.add((self._unit(row.unit)[0], row.date))
            elif found[1] != digest:
                changed_rows.append((found[0], row, digest))
                months.add((self._unit(row.unit)[0], row.date))
                months.add((found[2], found[3]))
            else:
                batch.rows_unchanged += 1
        links: list[tuple[int, str, int]] = []
        if new_rows:
            values = [
                (
                    source_system,
                    row.source_id,
                    *self._encounter_values(row, client_ids[row.client_key], digest, stamp),
                    stamp,
                )
                for row, digest in new_rows
            ]
            ids = self.encounter_table.insert_with_ids(values, check=1)
            if ids is None:  # never expected; the lookup by source id is always right
                looked_up = select_in(
                    self.sql_encounters, [row.source_id for row, _ in new_rows], [source_system]
                )
                by_source_id = {source_id: pk for source_id, pk, *_ in looked_up}
                ids = [by_source_id[row.source_id] for row, _ in new_rows]
            new_ids = {row.source_id: pk for (row, _), pk in zip(new_rows, ids, strict=True)}
            links += [
                link for row, _ in new_rows for link in self._links(new_ids[row.source_id], row)
            ]
        if changed_rows:
            update_rows(
                Encounter,
                UPDATED_COLUMNS,
                (
                    (*self._encounter_values(row, client_ids[row.client_key], digest, stamp), pk)
                    for pk, row, digest in changed_rows
                ),
            )
            EncounterLink.objects.filter(
                encounter_id__in=[pk for pk, _, _ in changed_rows]
            ).delete()
            links += [link for pk, row, _ in changed_rows for link in self._links(pk, row)]
        self.link_table.insert(links)
        mark_stale(months)
        # One audit row per client and import (not per batch): the report says which batch.
        touched = {client_ids[row.client_key] for row, _ in new_rows}
        touched.update(client_ids[row.client_key] for _, row, _ in changed_rows)
        log_client_changes(
            batch.started_by,
            touched - self.logged,
            Purpose.IMPORT,
            Channel.CLI,
            {"encounters": f"imported in batch {batch.pk} ({batch.file_name})"},
        )
        self.logged |= touched
        batch.rows_created += len(new_rows)
        batch.rows_updated += len(changed_rows)


CACHE_LIMIT = 50_000


def _bound(cache: dict[Any, Any]) -> None:
    """Start a cache afresh when it is full: memory stays flat on a file of unique rows."""
    if len(cache) >= CACHE_LIMIT:
        cache.clear()


def _select_sql(model: Any, columns: list[str], key: str, *equal: str) -> str:
    """``SELECT columns FROM table WHERE equal = %s AND … key IN`` (values follow)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    where = "".join(f"{quote(column)} = %s AND " for column in equal)
    return f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE {where}{quote(key)} IN"


def _apply_client_attributes(state: list[Any], row: NormalisedRow) -> bool:
    """Copy the row's client attributes onto ``state`` ([id, *CLIENT_ATTRIBUTES, …]);
    True if anything changed. An empty value on the row keeps what is there."""
    changed = False
    for index, value in enumerate(
        (row.client_birth_year, row.client_gender, row.client_language, row.client_employment),
        start=1,
    ):
        if value not in (None, "") and state[index] != value:
            state[index] = value
            changed = True
    return changed
