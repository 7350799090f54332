"""`tyonjako org load FILE`: an organisation from YAML or CSV, in one transaction.

Both formats become the same list of records, each with the line it came
from. Every record is checked before anything is written; one bad record
means nothing is written, and every problem is reported with its line and
field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from tyonjako.common.dates import parse_date
from tyonjako.common.yamlines import HIDDEN_KEYS, YamlSyntaxError, line_of, load_with_lines

from .choices import JobTitle, Licence, Profession, Role, TeamKind
from .models import Post, ServiceArea, Team, TeamMembership, Unit, WellbeingArea, Worker

#: Another app that keeps more about a post (staffing) checks and writes its own
#: fields of a post record through these hooks, so that this app imports it not:
#: check(values) -> [(field, message)], write(post, values) in the same transaction.
PostCheck = Callable[[dict[str, Any]], list[tuple[str, str]]]
PostWrite = Callable[["Post", dict[str, Any]], None]
_POST_EXTENSIONS: list[tuple[PostCheck, PostWrite]] = []


def register_post_extension(check: PostCheck, write: PostWrite) -> None:
    if (check, write) not in _POST_EXTENSIONS:
        _POST_EXTENSIONS.append((check, write))


KINDS = ("area", "service_area", "unit", "team", "worker", "membership", "post")
LANGUAGE_CODES = {"fi", "sv", "en", "other"}


@dataclass
class Record:
    kind: str
    line: int
    values: dict[str, Any]


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1


class OrganisationFileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# ---------------------------------------------------------------- reading


def read_records(path: Path) -> list[Record]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return records_from_csv(text)
    if path.suffix.lower() in {".yaml", ".yml"}:
        return records_from_yaml(text)
    raise OrganisationFileError([f"{path.name}: use a .yaml, .yml or .csv file"])


def records_from_csv(text: str) -> list[Record]:
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or "kind" not in reader.fieldnames:
        raise OrganisationFileError(["line 1: the header must have a 'kind' column"])
    records = []
    for row in reader:
        values = {
            key.strip(): value.strip()
            for key, value in row.items()
            if key and value and value.strip()
        }
        kind = values.pop("kind", "")
        if "languages" in values:
            values["languages"] = [
                part.strip() for part in values["languages"].split("|") if part.strip()
            ]
        records.append(Record(kind, reader.line_num, values))
    return records


def records_from_yaml(text: str) -> list[Record]:
    try:
        data = load_with_lines(text)
    except YamlSyntaxError as error:
        raise OrganisationFileError([str(error)]) from None
    if not isinstance(data, dict):
        raise OrganisationFileError(
            ["line 1: the file must be a mapping with 'wellbeing_area' etc."]
        )
    records: list[Record] = []
    area = data.get("wellbeing_area")
    if isinstance(area, dict):
        records.append(_record("area", area))
    for service_area in data.get("service_areas") or []:
        records.append(_record("service_area", service_area, parent=_code(area)))
        for unit in service_area.get("units") or []:
            records.append(_record("unit", unit, parent=service_area.get("code")))
            for team in unit.get("teams") or []:
                records.append(_record("team", team, parent=unit.get("code")))
    for worker in data.get("workers") or []:
        records.append(_record("worker", worker))
        for membership in worker.get("teams") or []:
            records.append(_record("membership", membership, username=worker.get("username")))
    for post in data.get("posts") or []:
        records.append(_record("post", post))
    return records


def _code(mapping: Any) -> Any:
    return mapping.get("code") if isinstance(mapping, dict) else None


_NESTED = HIDDEN_KEYS | {"service_areas", "units", "teams"}


def _record(kind: str, mapping: Any, **extra: Any) -> Record:
    if not isinstance(mapping, dict):
        return Record(kind, 0, {"__invalid__": True})
    values = {key: value for key, value in mapping.items() if key not in _NESTED}
    if kind == "team" and "kind" in values:
        # In YAML a team's own "kind" is natural; CSV needs "team_kind" (its
        # "kind" column says what the row is).
        values["team_kind"] = values.pop("kind")
    values.update({key: value for key, value in extra.items() if value is not None})
    return Record(kind, line_of(mapping), values)


# ---------------------------------------------------------------- checking


class _Checker:
    """Collects every problem instead of stopping at the first one."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, record: Record, field_name: str, message: str) -> None:
        self.errors.append(f"line {record.line}: {record.kind}.{field_name}: {message}")

    def required(self, record: Record, *names: str) -> bool:
        missing = [name for name in names if record.values.get(name) in (None, "")]
        for name in missing:
            self.error(record, name, "required")
        return not missing

    def choice(
        self, record: Record, name: str, allowed: Any, default: str | None = None
    ) -> str | None:
        value = record.values.get(name, default)
        if value is None:
            return None
        if str(value) not in allowed.values:
            self.error(
                record, name, f"unknown value {value!r}; use one of {', '.join(allowed.values)}"
            )
            return None
        return str(value)

    def number(self, record: Record, name: str, kind: type = int) -> Any:
        value = record.values.get(name)
        if value in (None, ""):
            return None
        try:
            return kind(str(value))
        except (ValueError, InvalidOperation):
            self.error(record, name, f"not a number: {value!r}")
            return None

    def date(self, record: Record, name: str) -> dt.date | None:
        value = record.values.get(name)
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            self.error(record, name, str(error))
            return None

    def boolean(self, record: Record, name: str) -> bool:
        value = record.values.get(name, False)
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "kyllä", "ja", "x"}:
            return True
        if text in {"0", "false", "no", "ei", "nej", ""}:
            return False
        self.error(record, name, f"not yes/no: {value!r}")
        return False


def check_records(records: list[Record]) -> list[str]:
    """Every problem in the records, against each other and the database."""
    checker = _Checker()
    known = _known_codes(records)
    seen: set[tuple[str, str]] = set()
    for record in records:
        if record.kind not in KINDS:
            checker.error(
                record, "kind", f"unknown kind {record.kind!r}; use one of {', '.join(KINDS)}"
            )
            continue
        if record.values.get("__invalid__"):
            checker.error(record, "", "must be a mapping")
            continue
        identity = (
            record.kind,
            str(record.values.get("code") or record.values.get("username") or ""),
        )
        if identity[1] and identity in seen and record.kind != "membership":
            checker.error(record, "code", f"duplicate {identity[1]!r}")
        seen.add(identity)
        _CHECKS[record.kind](checker, record, known)
    return checker.errors


def _known_codes(records: list[Record]) -> dict[str, set[str]]:
    def existing(kind: str) -> set[str]:
        return {
            str(r.values.get("code")) for r in records if r.kind == kind and r.values.get("code")
        }

    user_model = get_user_model()
    return {
        "area": existing("area") | set(WellbeingArea.objects.values_list("code", flat=True)),
        "service_area": existing("service_area")
        | set(ServiceArea.objects.values_list("code", flat=True)),
        "unit": existing("unit") | set(Unit.objects.values_list("code", flat=True)),
        "team": existing("team") | set(Team.objects.values_list("code", flat=True)),
        "worker": {str(r.values.get("username")) for r in records if r.kind == "worker"}
        | set(user_model.objects.values_list("username", flat=True)),
    }


def _check_named(checker: _Checker, record: Record) -> None:
    checker.required(record, "code", "name_fi", "name_sv")


def _check_parent(checker: _Checker, record: Record, known: dict[str, set[str]], kind: str) -> None:
    parent = record.values.get("parent")
    if checker.required(record, "parent") and str(parent) not in known[kind]:
        checker.error(record, "parent", f"unknown {kind.replace('_', ' ')} code {parent!r}")


def _check_area(checker: _Checker, record: Record, known: dict[str, set[str]]) -> None:
    _check_named(checker, record)


def _check_service_area(checker: _Checker, record: Record, known: dict[str, set[str]]) -> None:
    _check_named(checker, record)
    _check_parent(checker, record, known, "area")


def _check_unit(checker: _Checker, record: Record, known: dict[str, set[str]]) -> None:
    _check_named(checker, record)
    _check_parent(checker, record, known, "service_area")


def _check_team(checker: _Checker, record: Record, known: dict[str, set[str]]) -> None:
    _check_named(checker, record)
    _check_parent(checker, record, known, "unit")
    checker.choice(record, "team_kind", TeamKind, default=TeamKind.ADULT_SOCIAL_WORK)
    low, high = checker.number(record, "age_min"), checker.number(record, "age_max")
    if low is not None and high is not None and low > high:
        checker.error(record, "age_max", "must not be below age_min")


def _check_worker(checker: _Checker, record: Record, known: dict[str, set[str]]) -> None:
    checker.required(record, "username", "role", "job_title")
    checker.choice(record, "role", Role)
    checker.choice(record, "job_title", JobTitle)
    checker.choice(record, "licence", Licence, default=Licence.NONE)
    checker.boolean(record, "public_office")
    checker.boolean(record, "does_client_work")
    fte = checker.number(record, "fte", Decimal)
    if fte is not None and not Decimal("0") < fte <= Decimal("1"):
        checker.error(record, "fte", "must be more than 0 and at most 1")
    number = str(record.values.get("valvira_number") or "")
    if number and not (number.isdigit() and len(number) == 11):
        checker.error(record, "valvira_number", "the registration number has 11 digits")
    languages = record.values.get("languages") or []
    if not isinstance(languages, list) or any(
        str(code) not in LANGUAGE_CODES for code in languages
    ):
        checker.error(record, "languages", f"use a list of {', '.join(sorted(LANGUAGE_CODES))}")
    home = record.values.get("home_unit")
    if home and str(home) not in known["unit"]:
        checker.error(record, "home_unit", f"unknown unit code {home!r}")


def _check_membership(checker: _Checker, record: Record, known: dict[str, set[str]]) -> None:
    if (
        checker.required(record, "team", "start")
        and str(record.values["team"]) not in known["team"]
    ):
        checker.error(record, "team", f"unknown team code {record.values['team']!r}")
    if not record.values.get("username"):
        checker.error(record, "username", "required")
    elif str(record.values["username"]) not in known["worker"]:
        checker.error(record, "username", f"unknown worker {record.values['username']!r}")
    start, end = checker.date(record, "start"), checker.date(record, "end")
    if start and end and end < start:
        checker.error(record, "end", "must not be before start")


def _check_post(checker: _Checker, record: Record, known: dict[str, set[str]]) -> None:
    checker.required(record, "code", "unit", "profession")
    checker.choice(record, "profession", Profession)
    if record.values.get("unit") and str(record.values["unit"]) not in known["unit"]:
        checker.error(record, "unit", f"unknown unit code {record.values['unit']!r}")
    team = record.values.get("team")
    if team and str(team) not in known["team"]:
        checker.error(record, "team", f"unknown team code {team!r}")
    holder = record.values.get("holder")
    if holder and str(holder) not in known["worker"]:
        checker.error(record, "holder", f"unknown worker {holder!r}")
    fte = checker.number(record, "fte", Decimal)
    if fte is not None and not Decimal("0") < fte <= Decimal("1"):
        checker.error(record, "fte", "must be more than 0 and at most 1")
    checker.boolean(record, "public_office")
    for check, _write in _POST_EXTENSIONS:
        for field_name, message in check(record.values):
            checker.error(record, field_name, message)


_CHECKS = {
    "area": _check_area,
    "service_area": _check_service_area,
    "unit": _check_unit,
    "team": _check_team,
    "worker": _check_worker,
    "membership": _check_membership,
    "post": _check_post,
}


# ---------------------------------------------------------------- writing


def load_organisation(path: Path) -> LoadReport:
    return load_records(read_records(path))


def load_records(records: list[Record]) -> LoadReport:
    errors = check_records(records)
    if errors:
        raise OrganisationFileError(errors)
    report = LoadReport()
    with transaction.atomic():
        for record in records:
            _WRITERS[record.kind](record, report)
    return report


def _names(values: dict[str, Any]) -> dict[str, str]:
    return {name: str(values.get(name) or "") for name in ("name_fi", "name_sv", "name_en")}


def _write_area(record: Record, report: LoadReport) -> None:
    _, created = WellbeingArea.objects.update_or_create(
        code=record.values["code"], defaults=_names(record.values)
    )
    report.count("area", created)


def _write_service_area(record: Record, report: LoadReport) -> None:
    parent = WellbeingArea.objects.get(code=record.values["parent"])
    _, created = ServiceArea.objects.update_or_create(
        code=record.values["code"], defaults={**_names(record.values), "wellbeing_area": parent}
    )
    report.count("service_area", created)


def _write_unit(record: Record, report: LoadReport) -> None:
    parent = ServiceArea.objects.get(code=record.values["parent"])
    _, created = Unit.objects.update_or_create(
        code=record.values["code"], defaults={**_names(record.values), "service_area": parent}
    )
    report.count("unit", created)


def _optional_int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def _write_team(record: Record, report: LoadReport) -> None:
    values = record.values
    defaults = {
        **_names(values),
        "unit": Unit.objects.get(code=values["parent"]),
        "kind": values.get("team_kind") or TeamKind.ADULT_SOCIAL_WORK,
        "age_min": _optional_int(values.get("age_min")),
        "age_max": _optional_int(values.get("age_max")),
    }
    _, created = Team.objects.update_or_create(code=values["code"], defaults=defaults)
    report.count("team", created)


def _write_worker(record: Record, report: LoadReport) -> None:
    values = record.values
    checker = _Checker()
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=values["username"])
    for name in ("first_name", "last_name", "email"):
        if values.get(name):
            setattr(user, name, values[name])
    if not user.has_usable_password() or not user.password:
        user.set_unusable_password()
    user.save()
    home = values.get("home_unit")
    defaults = {
        "role": values["role"],
        "job_title": values["job_title"],
        "licence": values.get("licence") or Licence.NONE,
        "valvira_number": str(values.get("valvira_number") or ""),
        "public_office": checker.boolean(record, "public_office"),
        "does_client_work": checker.boolean(record, "does_client_work")
        if "does_client_work" in values
        else True,
        "fte": Decimal(str(values.get("fte") or "1.00")),
        "languages": list(values.get("languages") or ["fi"]),
        "home_unit": Unit.objects.get(code=home) if home else None,
    }
    _, created = Worker.objects.update_or_create(user=user, defaults=defaults)
    report.count("worker", created)


def _write_membership(record: Record, report: LoadReport) -> None:
    checker = _Checker()
    worker = Worker.objects.get(user__username=record.values["username"])
    team = Team.objects.get(code=record.values["team"])
    _, created = TeamMembership.objects.update_or_create(
        worker=worker,
        team=team,
        start=checker.date(record, "start"),
        defaults={"end": checker.date(record, "end")},
    )
    report.count("membership", created)


def _write_post(record: Record, report: LoadReport) -> None:
    values = record.values
    checker = _Checker()
    holder = values.get("holder")
    team = values.get("team")
    defaults = {
        "unit": Unit.objects.get(code=values["unit"]),
        "team": Team.objects.get(code=team) if team else None,
        "profession": values["profession"],
        "fte": Decimal(str(values.get("fte") or "1.00")),
        "public_office": checker.boolean(record, "public_office"),
        "holder": Worker.objects.get(user__username=holder) if holder else None,
    }
    post, created = Post.objects.update_or_create(code=values["code"], defaults=defaults)
    for _check, write in _POST_EXTENSIONS:
        write(post, values)
    report.count("post", created)


_WRITERS = {
    "area": _write_area,
    "service_area": _write_service_area,
    "unit": _write_unit,
    "team": _write_team,
    "worker": _write_worker,
    "membership": _write_membership,
    "post": _write_post,
}
