"""Column-mapping profiles: how another export's headers and values map onto
the canonical encounter columns. Profiles are YAML files; see
``docs/import-format.md`` and the examples in ``profiles/``.

Matching of headers, ignored headers and source values is case-insensitive
and ignores surrounding (and repeated inner) spaces. A header that equals a
canonical column name maps to that column unless the profile maps it
elsewhere, so every profile also reads canonical files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tyonjako.common.yamlines import (
    HIDDEN_KEYS,
    YamlSyntaxError,
    line_of,
    lines_by_path,
    load_with_lines,
)

from . import values as v

# The columns are described once, in columns.py (re-exported here).
from .columns import CANONICAL_COLUMNS as CANONICAL_COLUMNS
from .columns import CLIENT_COLUMNS as CLIENT_COLUMNS
from .columns import ENUM_TARGETS as ENUM_TARGETS
from .columns import LIST_COLUMNS as LIST_COLUMNS
from .columns import MAPPABLE as MAPPABLE
from .columns import REQUIRED_COLUMNS as REQUIRED_COLUMNS
from .columns import TEXT_TARGETS as TEXT_TARGETS
from .errors import RowError

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"

TOP_LEVEL = frozenset(
    {
        "name",
        "description",
        "source_system",
        "columns",
        "ignore",
        "values",
        "default_code_system",
        "list_separator",
    }
)


class ProfileError(ValueError):
    """A profile is invalid; ``errors`` are messages starting with ``line N:``."""

    def __init__(self, errors: list[str], source: str = "") -> None:
        self.errors = errors
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(errors))


@dataclass(frozen=True)
class Profile:
    """A parsed profile. Keys of ``columns``, ``ignore`` and ``values`` are folded
    (see :func:`values.fold`); ``values`` targets are canonical values (``bool``
    for consent)."""

    name: str
    description: str = ""
    source_system: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    values: Mapping[str, Mapping[str, str | bool]] = field(default_factory=dict)
    default_code_system: str = "local"
    list_separator: str | None = None

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Picklable (the parsing process receives it) although its maps are read-only views."""
        return _rebuild_profile, (
            self.name,
            self.description,
            self.source_system,
            dict(self.columns),
            self.ignore,
            {column: dict(table) for column, table in self.values.items()},
            self.default_code_system,
            self.list_separator,
        )

    def column_for(self, header: str) -> str | None:
        """The canonical column of an export header, or None if it is unknown."""
        key = v.fold(header)
        mapped = self.columns.get(key)
        if mapped is not None:
            return mapped
        return key if key in _CANONICAL_SET else None

    def ignores(self, header: str) -> bool:
        return v.fold(header) in self.ignore

    def map_value(self, column: str, value: object) -> object:
        """The profile's translation of a cell value, or the value unchanged."""
        table = self.values.get(column)
        if not table:
            return value
        return table.get(v.fold(v.text(value)), value)


def _rebuild_profile(
    name: str,
    description: str,
    source_system: str,
    columns: dict[str, str],
    ignore: frozenset[str],
    values: dict[str, dict[str, str | bool]],
    default_code_system: str,
    list_separator: str | None,
) -> Profile:
    return Profile(
        name=name,
        description=description,
        source_system=source_system,
        columns=MappingProxyType(columns),
        ignore=ignore,
        values=MappingProxyType(values),
        default_code_system=default_code_system,
        list_separator=list_separator,
    )


_CANONICAL_SET = frozenset(CANONICAL_COLUMNS)
CANONICAL_PROFILE = Profile(
    name="canonical", description="The canonical columns", source_system="canonical"
)


# ------------------------------------------------------------------------ headers


@dataclass(frozen=True)
class HeaderMap:
    """Where each export column goes: ``targets[i]`` is a canonical column or
    ``None`` (ignored)."""

    header: tuple[str, ...]
    targets: tuple[str | None, ...]

    @property
    def present(self) -> frozenset[str]:
        return frozenset(t for t in self.targets if t is not None)


def map_header(header: list[str], profile: Profile) -> HeaderMap | list[RowError]:
    """Map an export header through a profile; errors are on line 1."""
    errors: list[RowError] = []
    targets: list[str | None] = []
    seen: dict[str, str] = {}
    for index, name in enumerate(header, start=1):
        if not name.strip():
            errors.append(RowError.of(1, f"#{index}", "unnamed_column"))
            targets.append(None)
            continue
        if profile.ignores(name):
            targets.append(None)
            continue
        target = profile.column_for(name)
        if target is None:
            errors.append(RowError.of(1, name, "unknown_column", value=v.show(name)))
        elif target in seen:
            errors.append(
                RowError.of(
                    1,
                    name,
                    "duplicate_target",
                    first=v.show(seen[target]),
                    second=v.show(name),
                    column=target,
                )
            )
            target = None
        else:
            seen[target] = name
        targets.append(target)
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            errors.append(RowError.of(1, column, "required_column", column=column))
    if not any(column in seen for column in CLIENT_COLUMNS):
        errors.append(RowError.of(1, "client", "client_column_required"))
    if errors:
        return errors
    return HeaderMap(tuple(header), tuple(targets))


# ------------------------------------------------------------------------ loading


def builtin_profiles() -> list[str]:
    """Names of the profiles shipped in ``profiles/``."""
    return sorted(path.stem for path in PROFILES_DIR.glob("*.yaml"))


def load_builtin_profile(name: str) -> Profile:
    path = PROFILES_DIR / f"{name}.yaml"
    if name not in builtin_profiles():
        raise ProfileError([f"no profile {name!r} (there are {', '.join(builtin_profiles())})"])
    return load_profile(path)


def load_profile(path_or_text: Path | str) -> Profile:
    """Load and validate a profile from a file (a ``Path``, or a one-line string
    ending in ``.yaml``/``.yml``) or from YAML text. Raises :class:`ProfileError`."""
    source = ""
    if isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and path_or_text.strip().lower().endswith((".yaml", ".yml"))
    ):
        path = Path(path_or_text)
        source = path.name
        try:
            content = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ProfileError([f"cannot read the profile: {exc.strerror}"], source) from None
    else:
        content = path_or_text
    try:
        data = load_with_lines(content)
        key_lines = lines_by_path(content)
    except YamlSyntaxError as exc:
        raise ProfileError([str(exc)], source) from None
    return _Builder(data, key_lines, source).build()


class _Builder:
    def __init__(self, data: Any, key_lines: dict[tuple[str, ...], int], source: str) -> None:
        self.data = data
        self.lines = key_lines
        self.source = source
        self.errors: list[str] = []

    def error(self, path: tuple[str, ...], message: str, default: int = 1) -> None:
        line = self.lines.get(path, default)
        self.errors.append(f"line {line}: {message}")

    def key(self, raw: Any, path: tuple[str, ...]) -> str | None:
        """A mapping key as text; YAML booleans (yes/no/on/off) must be quoted."""
        if isinstance(raw, bool) or raw is None:
            self.error(path, f"quote the key {raw!r}: YAML reads yes/no/on/off/~ as booleans")
            return None
        return str(raw)

    def mapping(self, name: str) -> dict[str, Any]:
        raw = self.data.get(name)
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.error((name,), f"{name!r} must be a mapping")
            return {}
        return {k: val for k, val in raw.items() if k not in HIDDEN_KEYS}

    def text(self, name: str, default: str = "") -> str:
        raw = self.data.get(name, default)
        if raw is None:
            return default
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            self.error((name,), f"{name!r} must be text")
            return default
        return str(raw).strip()

    def build(self) -> Profile:
        if not isinstance(self.data, dict):
            raise ProfileError(
                ["line 1: a profile is a mapping (name:, columns:, ...)"], self.source
            )
        for key in self.data:
            if key not in HIDDEN_KEYS and key not in TOP_LEVEL:
                self.error(
                    (str(key),), f"unknown key {key!r} (expected {', '.join(sorted(TOP_LEVEL))})"
                )
        name = self.text("name")
        if not name:
            self.error(("name",), "the profile needs a name", line_of(self.data, 1))
        profile = Profile(
            name=name,
            description=self.text("description"),
            source_system=self.text("source_system") or name,
            columns=MappingProxyType(self.columns()),
            ignore=self.ignore(),
            values=MappingProxyType(self.values()),
            default_code_system=self.code_system(),
            list_separator=self.separator(),
        )
        if self.errors:
            raise ProfileError(self.errors, self.source)
        return profile

    def columns(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for raw_key, target in self.mapping("columns").items():
            path = ("columns", str(raw_key))
            header = self.key(raw_key, path)
            if header is None:
                continue
            if not isinstance(target, str) or target.strip() not in _CANONICAL_SET:
                self.error(
                    path,
                    f"unknown canonical column {target!r} for {header!r} "
                    f"(expected one of {', '.join(CANONICAL_COLUMNS)})",
                )
                continue
            folded = v.fold(header)
            if folded in result:
                self.error(path, f"the header {header!r} is mapped twice")
            result[folded] = target.strip()
        targets = list(result.values())
        for target in set(targets):
            if targets.count(target) > 1:
                self.error(("columns",), f"several headers map to {target!r}")
        return result

    def ignore(self) -> frozenset[str]:
        raw = self.data.get("ignore")
        if raw is None:
            return frozenset()
        if not isinstance(raw, list):
            self.error(("ignore",), "'ignore' must be a list of headers")
            return frozenset()
        result = set()
        for index, item in enumerate(raw):
            if not isinstance(item, str | int) or isinstance(item, bool) or not str(item).strip():
                self.error(("ignore", str(index)), f"ignored headers must be text: {item!r}")
                continue
            result.add(v.fold(str(item)))
        return frozenset(result)

    def values(self) -> dict[str, dict[str, str | bool]]:
        result: dict[str, dict[str, str | bool]] = {}
        for column, table in self.mapping("values").items():
            path = ("values", str(column))
            if column not in MAPPABLE:
                reason = (
                    "unknown canonical column"
                    if column not in _CANONICAL_SET
                    else ("values cannot be mapped for column")
                )
                self.error(path, f"{reason} {column!r} (mappable: {', '.join(sorted(MAPPABLE))})")
                continue
            if not isinstance(table, dict):
                self.error(
                    path, f"values of {column!r} must be a mapping (export value: canonical)"
                )
                continue
            mapped: dict[str, str | bool] = {}
            for raw_key, target in table.items():
                if raw_key in HIDDEN_KEYS:
                    continue
                sub = (*path, str(raw_key))
                source = self.key(raw_key, sub)
                if source is None:
                    continue
                checked = self.target(column, source, target, sub)
                if checked is not None:
                    mapped[v.fold(source)] = checked
            result[column] = mapped
        return result

    def target(
        self, column: str, source: str, target: Any, path: tuple[str, ...]
    ) -> str | bool | None:
        if column == "consent":
            if isinstance(target, bool):
                return target
            if isinstance(target, str) and target.strip() in ("yes", "no"):
                return target.strip() == "yes"
            self.error(path, f"consent of {source!r} must be yes or no, not {target!r}")
            return None
        if not isinstance(target, str | int) or isinstance(target, bool) or not str(target).strip():
            self.error(path, f"the value {source!r} of {column!r} must map to text, not {target!r}")
            return None
        text = str(target).strip()
        allowed = ENUM_TARGETS.get(column)
        if allowed is not None and text not in allowed:
            self.error(
                path,
                f"{source!r} maps to {text!r}, not a {column} (expected {', '.join(allowed)})",
            )
            return None
        if column == "codes":
            try:
                v.parse_code(text, "local")
            except ValueError as exc:
                self.error(path, str(exc))
                return None
        return text

    def code_system(self) -> str:
        system = self.text("default_code_system", "local") or "local"
        if not v.CODE_SYSTEM.match(system):
            self.error(("default_code_system",), f"not a code system name: {system!r}")
        return system

    def separator(self) -> str | None:
        raw = self.data.get("list_separator")
        if raw is None:
            return None
        if not isinstance(raw, str) or len(raw) != 1 or raw.isalnum() or raw in "\"'":
            self.error(("list_separator",), f"list_separator must be one character: {raw!r}")
            return None
        return raw
