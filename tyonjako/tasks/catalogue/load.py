"""Reading a task catalogue from YAML, checking everything before anything is used.

Every problem is collected (not only the first) and named by line and path,
e.g. ``line 41: tasks[7].who: unknown value 'nurse'; use one of ...``.
Indexes in paths count from 0.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tyonjako.common.dates import parse_date
from tyonjako.common.yamlines import (
    HIDDEN_KEYS,
    YamlSyntaxError,
    duplicate_keys,
    key_line,
    line_of,
    load_with_lines,
)

from .changes import format_date
from .model import (
    DESCRIBED_PROFESSIONS,
    INDICATOR_KINDS,
    LANGUAGES,
    RESERVED_VALUES,
    WHO_VALUES,
    Catalogue,
    Category,
    Indicator,
    JobDescription,
    Task,
    Texts,
)
from .rules import may_do

DEFAULT_CATALOGUE_PATH = Path(__file__).with_name("default-catalogue.yaml")

_HIDDEN = HIDDEN_KEYS

_TOP_KEYS = ("key", "version", "names", "descriptions", "categories", "tasks", "job_descriptions")
_CATEGORY_KEYS = ("key", "names")
_TASK_KEYS = (
    "code",
    "names",
    "descriptions",
    "category",
    "who",
    "reserved",
    "legal_basis",
    "typical_minutes",
    "indicators",
)
_JOB_KEYS = ("profession", "unit", "version", "effective_from", "tasks", "notes")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class CatalogueError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def load_catalogue(source: str | Path) -> Catalogue:
    """A catalogue from a YAML file (a Path, or a one-line str ending in .yaml or
    .yml) or from YAML text."""
    try:
        data = load_with_lines(_text(source))
    except YamlSyntaxError as error:
        raise CatalogueError([str(error)]) from None
    reader = _Reader()
    catalogue = reader.catalogue(data)
    if reader.errors or catalogue is None:
        raise CatalogueError(reader.errors or ["line 1: the catalogue is empty"])
    return catalogue


def _text(source: str | Path) -> str:
    is_name = isinstance(source, str) and "\n" not in source
    if isinstance(source, Path) or (is_name and source.strip().endswith((".yaml", ".yml"))):
        return Path(source).read_text(encoding="utf-8-sig")
    return str(source)


@functools.cache
def default_catalogue() -> Catalogue:
    """The shipped starting point; see docs/task-catalogue.md."""
    return load_catalogue(DEFAULT_CATALOGUE_PATH)


def _key_line(mapping: dict[str, Any], key: str) -> int:
    return key_line(mapping, key)


class _Reader:
    """Turns the parsed YAML into model values, collecting every problem."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, line: int, path: str, message: str) -> None:
        self.errors.append(f"line {line}: {path}: {message}")

    # ------------------------------------------------------------ building blocks

    def mapping(self, value: Any, path: str, allowed: tuple[str, ...], line: int) -> bool:
        if not isinstance(value, dict):
            self.error(line, path, "must be a mapping (key: value lines)")
            return False
        for key, line in duplicate_keys(value):
            self.error(line, f"{path}.{key}", "given twice")
        for key in value:
            if key not in allowed and key not in _HIDDEN:
                self.error(
                    _key_line(value, key),
                    f"{path}.{key}",
                    f"unknown key; use one of {', '.join(allowed)}",
                )
        return True

    def items(self, owner: dict[str, Any], key: str, path: str) -> list[Any]:
        value = owner.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(_key_line(owner, key), f"{path}.{key}", "must be a list")
            return []
        return value

    def text(self, owner: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
        value = owner.get(key)
        if value is None or value == "":
            if required:
                self.error(line_of(owner), f"{path}.{key}", "required")
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.error(_key_line(owner, key), f"{path}.{key}", f"must be text, not {value!r}")
            return ""
        return str(value).strip()

    def texts(self, owner: dict[str, Any], key: str, path: str, *, required: bool) -> Texts:
        value = owner.get(key)
        where = f"{path}.{key}"
        if value is None:
            if required:
                self.error(line_of(owner), where, "required, with fi and sv")
            return Texts()
        if not self.mapping(value, where, LANGUAGES, _key_line(owner, key)):
            return Texts()
        found = {lang: self.text(value, lang, where) for lang in LANGUAGES}
        for lang in ("fi", "sv") if required else ():
            if not found[lang]:
                self.error(line_of(value), f"{where}.{lang}", "required")
        return Texts(**found)

    def choice(
        self, owner: dict[str, Any], key: str, path: str, allowed: tuple[str, ...], default: str
    ) -> str | None:
        value = owner.get(key, default)
        value = "" if value is None else value
        if value not in allowed:
            shown = ", ".join(repr(a) if a == "" else a for a in allowed)
            self.error(
                _key_line(owner, key),
                f"{path}.{key}",
                f"unknown value {value!r}; use one of {shown}",
            )
            return None
        return str(value)

    def positive_int(
        self, owner: dict[str, Any], key: str, path: str, *, required: bool
    ) -> int | None:
        value = owner.get(key)
        if value is None:
            if required:
                self.error(line_of(owner), f"{path}.{key}", "required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.error(
                _key_line(owner, key),
                f"{path}.{key}",
                f"must be a positive whole number, not {value!r}",
            )
            return None
        return int(value)

    def date(self, owner: dict[str, Any], key: str, path: str) -> dt.date | None:
        value = owner.get(key)
        if value is None or value == "":
            self.error(line_of(owner), f"{path}.{key}", "required (e.g. 1.5.2023)")
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            self.error(_key_line(owner, key), f"{path}.{key}", str(error))
            return None

    def code(self, owner: dict[str, Any], key: str, path: str) -> str:
        value = self.text(owner, key, path, required=True)
        if value and not _CODE.match(value):
            self.error(
                _key_line(owner, key),
                f"{path}.{key}",
                f"{value!r}: use letters, digits, '-', '_' and '.', no spaces",
            )
            return ""
        return value

    # ------------------------------------------------------------ the parts

    def catalogue(self, data: Any) -> Catalogue | None:
        if not self.mapping(data, "catalogue", _TOP_KEYS, 1):
            return None
        categories = self.categories(data)
        tasks = self.tasks(data, {c.key for c in categories})
        jobs = self.job_descriptions(data, tasks)
        return Catalogue(
            key=self.code(data, "key", "catalogue"),
            version=self.positive_int(data, "version", "catalogue", required=True) or 0,
            names=self.texts(data, "names", "catalogue", required=True),
            descriptions=self.texts(data, "descriptions", "catalogue", required=False),
            categories=tuple(categories),
            tasks=MappingProxyType(tasks),  # read-only: default_catalogue() is shared
            job_descriptions=tuple(jobs),
        )

    def categories(self, data: dict[str, Any]) -> list[Category]:
        found: dict[str, Category] = {}
        for index, item in enumerate(self.items(data, "categories", "catalogue")):
            path = f"categories[{index}]"
            if not self.mapping(item, path, _CATEGORY_KEYS, _key_line(data, "categories")):
                continue
            key = self.code(item, "key", path)
            names = self.texts(item, "names", path, required=True)
            if key in found:
                self.error(_key_line(item, "key"), f"{path}.key", f"duplicate {key!r}")
            elif key:
                found[key] = Category(key, names)
        return list(found.values())

    def tasks(self, data: dict[str, Any], categories: set[str]) -> dict[str, Task]:
        found: dict[str, Task] = {}
        first_line: dict[str, int] = {}
        for index, item in enumerate(self.items(data, "tasks", "catalogue")):
            path = f"tasks[{index}]"
            if not self.mapping(item, path, _TASK_KEYS, _key_line(data, "tasks")):
                continue
            task = self.task(item, path, categories)
            if task is None:
                continue
            if task.code in found:
                self.error(
                    _key_line(item, "code"),
                    f"{path}.code",
                    f"duplicate task code {task.code!r} (first on line {first_line[task.code]})",
                )
                continue
            found[task.code] = task
            first_line[task.code] = _key_line(item, "code")
        return found

    def task(self, item: dict[str, Any], path: str, categories: set[str]) -> Task | None:
        code = self.code(item, "code", path)
        category = self.text(item, "category", path, required=True)
        if category and category not in categories:
            self.error(
                _key_line(item, "category"),
                f"{path}.category",
                f"unknown category {category!r}; use one of {', '.join(sorted(categories))}",
            )
        who = self.choice(item, "who", path, WHO_VALUES, default="")
        reserved = self.choice(item, "reserved", path, RESERVED_VALUES, default="")
        if who and reserved and who != "social_worker_only":
            self.error(
                _key_line(item, "reserved"),
                f"{path}.reserved",
                f"a task reserved for {reserved!r} must have who: social_worker_only, not {who!r}",
            )
        task = Task(
            code=code,
            names=self.texts(item, "names", path, required=True),
            descriptions=self.texts(item, "descriptions", path, required=False),
            category=category,
            who=who or "",
            reserved=reserved or "",
            legal_basis=self.texts(item, "legal_basis", path, required=False),
            typical_minutes=self.positive_int(item, "typical_minutes", path, required=False),
            indicators=self.indicators(item, path),
        )
        return task if code and who else None

    def indicators(self, item: dict[str, Any], path: str) -> tuple[Indicator, ...]:
        found: list[Indicator] = []
        for index, entry in enumerate(self.items(item, "indicators", path)):
            where = f"{path}.indicators[{index}]"
            line = _key_line(item, "indicators")
            if not self.mapping(entry, where, INDICATOR_KINDS, line):
                continue
            kinds = [key for key in entry if key not in _HIDDEN]
            if len(kinds) != 1:
                self.error(line_of(entry), where, "give exactly one of code: or reason:")
                continue
            kind = kinds[0]
            if kind not in INDICATOR_KINDS:
                continue  # already reported as an unknown key
            value = self.text(entry, kind, where, required=True)
            if kind == "code" and value and ":" not in value:
                self.error(
                    line_of(entry), f"{where}.code", f"{value!r}: give the system, e.g. ICD10:Z59.0"
                )
            elif value:
                found.append(Indicator("code" if kind == "code" else "reason", value))
        return tuple(found)

    def job_descriptions(
        self, data: dict[str, Any], tasks: dict[str, Task]
    ) -> list[JobDescription]:
        found: list[JobDescription] = []
        seen: dict[tuple[str, str, object], int] = {}
        for index, item in enumerate(self.items(data, "job_descriptions", "catalogue")):
            path = f"job_descriptions[{index}]"
            if not self.mapping(item, path, _JOB_KEYS, _key_line(data, "job_descriptions")):
                continue
            job = self.job_description(item, path, tasks)
            if job is None:
                continue
            shown_date = format_date(job.effective_from)
            for what, value in (("version", job.version), ("effective_from", shown_date)):
                identity = (job.profession, job.unit, value)
                if identity in seen:
                    self.error(
                        _key_line(item, what),
                        f"{path}.{what}",
                        f"{job.profession} {job.unit or '(all units)'} already has {what} "
                        f"{value} on line {seen[identity]}",
                    )
                seen.setdefault(identity, _key_line(item, what))
            found.append(job)
        return found

    def job_description(
        self, item: dict[str, Any], path: str, tasks: dict[str, Task]
    ) -> JobDescription | None:
        profession = self.choice(item, "profession", path, DESCRIBED_PROFESSIONS, default="")
        unit = self.text(item, "unit", path)
        version = self.positive_int(item, "version", path, required=True)
        effective_from = self.date(item, "effective_from", path)
        notes = self.texts(item, "notes", path, required=False)
        codes = self.job_tasks(item, path, tasks, profession)
        if profession is None or version is None or effective_from is None:
            return None
        return JobDescription(profession, unit, version, effective_from, codes, notes)

    def job_tasks(
        self, item: dict[str, Any], path: str, tasks: dict[str, Task], profession: str | None
    ) -> frozenset[str]:
        codes: set[str] = set()
        line = _key_line(item, "tasks")
        for index, code in enumerate(self.items(item, "tasks", path)):
            where = f"{path}.tasks[{index}]"
            task = tasks.get(str(code))
            if task is None:
                self.error(line, where, f"unknown task code {code!r}")
            elif code in codes:
                self.error(line, where, f"task {code!r} listed twice")
            elif profession and not may_do(task, profession).allowed:
                self.error(line, where, _not_theirs(task, profession))
            codes.add(str(code))
        return frozenset(codes)


def _not_theirs(task: Task, profession: str) -> str:
    if task.reserved:
        return f"task {task.code!r} is reserved by law ({task.reserved}); not for a {profession}"
    return f"task {task.code!r} (who: {task.who}) does not belong to a {profession}"
