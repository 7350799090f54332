"""The one rule of versioned definitions (assessment instruments, the task catalogue,
and next survey and indicator definitions): a version in use cannot change.

Pure: the callers tell whether the stored version is in use; this decides.
"""

from __future__ import annotations

from enum import StrEnum


class VersionInUse(ValueError):
    """A changed definition under the key and version of one in use."""

    def __init__(self, key: str, version: int) -> None:
        super().__init__(
            f"{key} version {version} is in use and cannot change; give the changed "
            f"definition a new version number"
        )
        self.key = key
        self.version = version


class Load(StrEnum):
    NEW = "new"  # no such version yet: store it
    SAME = "same"  # the same text again: nothing to do
    REPLACE = "replace"  # a changed text of a version never used: replace it


def decide_load(
    key: str, version: int, stored_source: str | None, source: str, *, in_use: bool
) -> Load:
    """What loading `source` as (key, version) does; raises VersionInUse if it may not."""
    if stored_source is None:
        return Load.NEW
    if stored_source == source:
        return Load.SAME
    if in_use:
        raise VersionInUse(key, version)
    return Load.REPLACE
