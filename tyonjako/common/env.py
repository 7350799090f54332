"""Typed readers for environment variables.

A wrong value stops the program with a message that names the variable:
a silently ignored setting is worse than a failed start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """An environment variable holds a value the program cannot use."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    source = os.environ if environ is None else environ
    return source.get(name)


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvError(f"{name}: expected true/false (1/0, yes/no, on/off), got {value!r}")


def env_str(name: str, default: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    if value is None or value == "":
        if default is None:
            raise EnvError(f"{name}: required but not set")
        return default
    return value


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise EnvError(f"{name}: expected a whole number, got {value!r}") from None


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path, environ: Mapping[str, str] | None = None) -> Path:
    value = _raw(name, environ)
    return Path(value).expanduser().resolve() if value else default.resolve()
