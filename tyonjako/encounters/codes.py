"""Loading code lists into the database: all or nothing, upsert by (list, system, code)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.db import transaction

from .codelists import EXAMPLES_DIR, CodeRecord, parse_codes_csv, parse_thl_csv
from .models import CodeValue


@dataclass(frozen=True)
class CodeLoadReport:
    created: int
    updated: int


def load_code_records(
    records: Iterable[CodeRecord], *, example: bool = False, by: User | None = None
) -> CodeLoadReport:
    created = updated = 0
    with transaction.atomic(), set_actor(by):
        for record in records:
            _value, was_created = CodeValue.objects.update_or_create(
                list=record.list,
                system=record.system,
                code=record.code,
                defaults={
                    "name_fi": record.labels.get("fi", record.code),
                    "name_sv": record.labels.get("sv") or record.labels.get("fi", record.code),
                    "name_en": record.labels.get("en", ""),
                    "valid_from": record.valid_from,
                    "valid_to": record.valid_to,
                    "is_example": example,
                    "needs_review": False,
                },
            )
            created += was_created
            updated += not was_created
    return CodeLoadReport(created, updated)


def load_code_file(
    path: Path,
    *,
    default_list: str | None = None,
    default_system: str = "",
    thl: bool = False,
    oid: str | None = None,
    example: bool | None = None,
    by: User | None = None,
) -> CodeLoadReport:
    """Parse (raises CodeListError naming every bad line) and load one file."""
    if thl:
        if not default_list or not default_system:
            raise ValueError("a THL export needs --list and --system")
        records = parse_thl_csv(path, list=default_list, system=default_system, oid=oid).records
    else:
        records = parse_codes_csv(path, default_list=default_list, default_system=default_system)
    is_example = path.name.startswith("example-") if example is None else example
    return load_code_records(records, example=is_example, by=by)


def load_examples() -> CodeLoadReport:
    """The shipped example code lists (clearly flagged as examples, not official values)."""
    created = updated = 0
    for path in sorted(EXAMPLES_DIR.glob("example-*.csv")):
        if "thl" in path.name:
            continue
        report = load_code_file(path, example=True)
        created += report.created
        updated += report.updated
    return CodeLoadReport(created, updated)
