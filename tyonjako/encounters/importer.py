"""Writing imported encounters: batches, idempotency, all-or-nothing by default.

The pure layer (`importing/`) reads and validates rows; this module resolves
codes, units, workers and clients to database rows and writes in batches.

- Default: every row is checked and written inside one transaction; if any row
  is bad, nothing stays written (exit code 1), and every bad row is reported.
  A killed import rolls back whole, and running it again completes it.
- `skip_invalid`: good rows are written batch by batch (each batch atomic); bad
  rows go to `FILE.rejected.csv` with the reason.
- `dry_run`: only validates.
- Idempotent: (source system, source id) identifies an encounter; a row whose
  content is unchanged is skipped, a changed row updates its encounter.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
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
from tyonjako.common.clock import now, today
from tyonjako.organisation.models import ServiceArea, Team, Unit, Worker

from .importing import (
    ImportContext,
    KnownValues,
    NormalisedRow,
    Profile,
    RowError,
    iter_import,
    load_builtin_profile,
    load_profile,
)
from .models import (
    CodeList,
    CodeValue,
    Encounter,
    EncounterLink,
    ImportBatch,
    ImportStatus,
    LinkRole,
)
from .signals import encounters_written

BATCH_SIZE = 1000
MAX_STORED_ERRORS = 1000
Progress = Callable[[float | None, int], None]

# Row field → (code list, link role or None for a foreign key on the encounter).
SINGLE_VALUES = {
    "reason": CodeList.REASON,
    "target_group": CodeList.TARGET_GROUP,
    "referred_by": CodeList.REFERRAL_SOURCE,
}
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
    run = iter_import(path, ctx, profile=profile, sheet=options.sheet)
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
        result.rejected_file = _write_rejected(path, rejected)
    _finish(batch, result, options)
    return result


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


def _write_rejected(path: Path, rejected: list[tuple[int, dict[str, Any], list[RowError]]]) -> Path:
    target = path.with_name(path.stem + ".rejected.csv")
    with target.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["line", "column", "reason"])
        for line, _raw, errors in rejected:
            for error in errors:
                out.writerow([line, error.column, error.message])
    return target


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


def row_hash(row: NormalisedRow) -> str:
    content = row.to_dict()
    content.pop("missing", None)
    return hashlib.md5(
        json.dumps(content, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()


class _Writer:
    """Resolves values to ids (cached) and writes batches of rows."""

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
        self.workers = dict(Worker.objects.values_list("user__username", "id"))
        self.created: dict[str, set[str]] = {}
        self.logged: set[int] = set()

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

    def _clients(self, rows: list[NormalisedRow]) -> dict[str, int]:
        keys = {row.client_key for row in rows}
        existing = {c.key: c for c in Client.objects.filter(key__in=keys)}
        new: dict[str, Client] = {}
        changed: dict[str, Client] = {}
        for row in rows:
            client = existing.get(row.client_key) or new.get(row.client_key)
            if client is None:
                unit_id, team_id = self._unit(row.unit)
                client = Client(
                    key=row.client_key,
                    team_id=self._team_for_new_client(unit_id, team_id),
                    pending_since=row.date,
                    status=ClientStatus.ACTIVE,
                )
                new[row.client_key] = client
            if _apply_client_attributes(client, row) and client.pk:
                changed[client.key] = client
        if new:
            Client.objects.bulk_create(new.values(), batch_size=BATCH_SIZE)
        if changed:
            Client.objects.bulk_update(
                changed.values(), ["birth_year", "gender", "language", "employment"]
            )
        ids = {key: c.pk for key, c in existing.items()}
        ids.update({key: c.pk for key, c in new.items()})
        if len(new) != sum(1 for c in new.values() if c.pk):
            ids.update(dict(Client.objects.filter(key__in=list(new)).values_list("key", "id")))
        return ids

    def _encounter(self, row: NormalisedRow, client_id: int, source_system: str) -> Encounter:
        unit_id, team_id = self._unit(row.unit)
        return Encounter(
            source_system=source_system,
            source_id=row.source_id,
            date=row.date,
            time=row.time,
            unit_id=unit_id,
            team_id=team_id,
            worker_id=self.workers.get(row.worker) if row.worker else None,
            client_id=client_id,
            contact_type=row.contact_type,
            duration_min=row.duration_min,
            duration_band=row.duration_band or "",
            reason_id=self._value_id(CodeList.REASON, "", row.reason) if row.reason else None,
            target_group_id=self._value_id(CodeList.TARGET_GROUP, "", row.target_group)
            if row.target_group
            else None,
            referred_by_id=self._value_id(CodeList.REFERRAL_SOURCE, "", row.referred_by)
            if row.referred_by
            else None,
            provider=row.provider or "",
            consent=row.consent,
            task_code=row.task,
            batch=self.batch,
            row_hash=row_hash(row),
        )

    def _insert(
        self, rows: list[NormalisedRow], client_ids: dict[str, int], source_system: str
    ) -> dict[str, int]:
        """New encounters by the driver's executemany; returns source id -> primary key."""
        if not rows:
            return {}
        stamp = now()
        values = []
        for row in rows:
            encounter = self._encounter(row, client_ids[row.client_key], source_system)
            values.append(
                tuple(
                    stamp if name in ("created_at", "updated_at") else getattr(encounter, name)
                    for name in INSERT_FIELDS
                )
            )
        with connection.cursor() as cursor:
            cursor.executemany(_insert_sql(Encounter, INSERT_FIELDS), _adapt(values))
        return dict(
            Encounter.objects.filter(
                source_system=source_system, source_id__in=[r.source_id for r in rows]
            ).values_list("source_id", "id")
        )

    def _links(self, encounter_id: int, row: NormalisedRow) -> Iterable[EncounterLink]:
        seen: set[tuple[str, int]] = set()
        for system, code in row.codes:
            yield from _once(
                seen, encounter_id, LinkRole.CODE, self._value_id(CodeList.CODE, system, code)
            )
        for name, (list_name, role) in MULTI_VALUES.items():
            for code in getattr(row, name):
                yield from _once(seen, encounter_id, role, self._value_id(list_name, "", code))

    def _write(self, rows: list[NormalisedRow]) -> None:
        batch = self.batch
        source_system = batch.source_system
        # The last row wins when a file repeats a source id.
        by_source = {row.source_id: row for row in rows}
        client_ids = self._clients(list(by_source.values()))
        existing = {
            source_id: (pk, digest)
            for source_id, pk, digest in Encounter.objects.filter(
                source_system=source_system, source_id__in=list(by_source)
            ).values_list("source_id", "id", "row_hash")
        }
        new_rows, changed_rows = [], []
        for source_id, row in by_source.items():
            found = existing.get(source_id)
            if found is None:
                new_rows.append(row)
            elif found[1] != row_hash(row):
                changed_rows.append((found[0], row))
            else:
                batch.rows_unchanged += 1
        new_ids = self._insert(new_rows, client_ids, source_system)
        links = [link for row in new_rows for link in self._links(new_ids[row.source_id], row)]
        if changed_rows:
            updated = []
            for pk, row in changed_rows:
                encounter = self._encounter(row, client_ids[row.client_key], source_system)
                encounter.pk = pk
                updated.append(encounter)
            Encounter.objects.bulk_update(updated, UPDATED_FIELDS, batch_size=BATCH_SIZE)
            EncounterLink.objects.filter(encounter_id__in=[pk for pk, _ in changed_rows]).delete()
            links += [link for pk, row in changed_rows for link in self._links(pk, row)]
        _insert_links(links)
        # One audit row per client and import (not per batch): the report says which batch.
        touched = {
            client_ids[row.client_key] for row in [*new_rows, *(row for _pk, row in changed_rows)]
        }
        log_client_changes(
            batch.started_by,
            touched - self.logged,
            Purpose.IMPORT,
            Channel.CLI,
            {"encounters": f"imported in batch {batch.pk} ({batch.file_name})"},
        )
        self.logged |= touched
        encounters_written.send(
            Encounter, ids=[*new_ids.values(), *(pk for pk, _row in changed_rows)]
        )
        batch.rows_created += len(new_rows)
        batch.rows_updated += len(changed_rows)


INSERT_FIELDS = [
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
    "created_at",
    "updated_at",
]


def _insert_sql(model: Any, columns: list[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"


def _insert_links(links: list[EncounterLink]) -> None:
    """Links by the driver's executemany: Django's bulk_create costs ten times more per row here."""
    if not links:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            _insert_sql(EncounterLink, ["encounter_id", "role", "value_id"]),
            [(link.encounter_id, link.role, link.value_id) for link in links],
        )


UPDATED_FIELDS = [
    "date",
    "time",
    "unit",
    "team",
    "worker",
    "client",
    "contact_type",
    "duration_min",
    "duration_band",
    "reason",
    "target_group",
    "referred_by",
    "provider",
    "consent",
    "task_code",
    "batch",
    "row_hash",
]


def _adapt(values: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Dates, times and datetimes as the backend wants them (SQLite stores text)."""
    ops = connection.ops
    adapted = []
    for row in values:
        adapted.append(
            tuple(
                ops.adapt_datetimefield_value(v)
                if isinstance(v, dt.datetime)
                else ops.adapt_datefield_value(v)
                if isinstance(v, dt.date)
                else ops.adapt_timefield_value(v)
                if isinstance(v, dt.time)
                else v
                for v in row
            )
        )
    return adapted


def _once(
    seen: set[tuple[str, int]], encounter_id: int, role: str, value_id: int
) -> Iterable[EncounterLink]:
    if (role, value_id) not in seen:
        seen.add((role, value_id))
        yield EncounterLink(encounter_id=encounter_id, role=role, value_id=value_id)


def _apply_client_attributes(client: Client, row: NormalisedRow) -> bool:
    """Copy the row's client attributes onto the client; True if anything changed."""
    changed = False
    for field_name, value in (
        ("birth_year", row.client_birth_year),
        ("gender", row.client_gender),
        ("language", row.client_language),
        ("employment", row.client_employment),
    ):
        if value not in (None, "") and getattr(client, field_name) != value:
            setattr(client, field_name, value)
            changed = True
    return changed
