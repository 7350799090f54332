"""Plain records for code lists: what a parsed code-list file turns into.

Nothing here imports Django; the database side turns :class:`CodeRecord` into
model rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: The code lists an admin can load. ``code`` holds values of code systems
#: (``RS``, ``SPAT``, ``ICD10``, ``local`` …); the others are plain lists.
LISTS: tuple[str, ...] = (
    "reason",
    "target_group",
    "partner",
    "referral_source",
    "destination",
    "code",
)

#: Label languages, Finnish first (required).
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")

#: Name of a code system: upper case letter, then up to 19 of A–Z, 0–9, ``_``, ``-``;
#: or the word ``local`` for the county's own codes.
SYSTEM_PATTERN = re.compile(r"[A-Z][A-Z0-9_-]{0,19}")
LOCAL_SYSTEM = "local"


def system_problem(system: str) -> str | None:
    """Why ``system`` is not a valid code system name, or ``None`` if it is."""
    if system == LOCAL_SYSTEM or SYSTEM_PATTERN.fullmatch(system):
        return None
    hint = ""
    if system.casefold() == LOCAL_SYSTEM:
        hint = " (write local in lower case)"
    elif SYSTEM_PATTERN.fullmatch(system.upper()):
        hint = f" (code system names are upper case: {system.upper()!r})"
    return (
        f"not a code system name: {system!r}; use an upper-case name such as ICD10 "
        f"(A–Z first, then A–Z, 0–9, _ or -, at most 20 characters) or local{hint}"
    )


@dataclass(frozen=True)
class CodeRecord:
    """One entry of a code list.

    ``labels`` maps a language (``fi``, ``sv``, ``en``) to a label; ``fi`` is
    always present, the others only when given. ``valid_from`` and ``valid_to``
    are inclusive (the first and the last day the entry may be used); ``None``
    means open. ``system`` is ``""`` for plain lists unless the file names one.
    ``line`` is the line of the file the entry came from (the header is 1).
    """

    list: str
    system: str
    code: str
    labels: dict[str, str]
    valid_from: dt.date | None
    valid_to: dt.date | None
    line: int

    @property
    def key(self) -> tuple[str, str, str]:
        """``(list, system, code)``: unique within one file."""
        return (self.list, self.system, self.code)

    def label(self, language: str = "fi") -> str:
        """The label in ``language``, falling back to Finnish."""
        return self.labels.get(language) or self.labels["fi"]

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the entry may be used on ``day`` (both ends inclusive)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)


class CodeListError(ValueError):
    """A code-list file has problems; nothing of it was accepted.

    ``errors`` holds every problem as ``"line N: column: message"``.
    """

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def error(line: int, column: str, message: str) -> str:
    """Format one problem as ``line N: column: message``."""
    return f"line {line}: {column}: {message}"


def fi_date(day: dt.date) -> str:
    """``31.12.2023``: a date as Finnish users write it."""
    return f"{day.day}.{day.month}.{day.year}"
