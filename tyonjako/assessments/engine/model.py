"""Immutable data classes describing a loaded instrument.

Built only by :mod:`definition`, which validates the source first; code that
receives an :class:`Instrument` may assume it is internally consistent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from .calendar import WorkCalendar

Texts = dict[str, str]
"""Text per language code, e.g. ``{"fi": ..., "sv": ..., "en": ...}``."""

Env = Mapping[str, object]
"""Evaluation environment: normalised answers plus already derived outputs."""

Predicate = Callable[[Env], bool]
Normaliser = Callable[[object], object]

ITEM_TYPES: tuple[str, ...] = ("bool", "scale", "choice", "multi", "text", "date")

# Outputs are decided in this order; a table may use ``var`` only for outputs
# decided before it, so evaluation never needs more than one pass.
OUTPUTS: tuple[str, ...] = ("special_support", "segment", "personal_worker", "pair_required")
PROFESSIONALS: tuple[str, ...] = ("social_worker", "counsellor", "either")
SOCIAL_WORKER = "social_worker"


@dataclass(frozen=True)
class Option:
    value: str | int
    label: Texts


@dataclass(frozen=True)
class Item:
    key: str
    type: str
    label: Texts
    help: Texts | None
    required: bool
    default: object
    options: tuple[Option, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    section: str = ""

    @property
    def option_values(self) -> tuple[str | int, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class Section:
    key: str
    title: Texts
    items: tuple[Item, ...]


@dataclass(frozen=True)
class OutputValue:
    value: str
    label: Texts
    description: Texts | None = None


@dataclass(frozen=True)
class DeadlineSpec:
    """How a deadline date is computed once its row matched."""

    start: str  # a ``date`` item key, or "today"
    unit: str  # "weekdays", "days" or "months"
    amount: int


@dataclass(frozen=True)
class Row:
    """One row of a decision table: condition, outcome and its justification."""

    id: str
    output: str
    # Closures never compare equal; two rows are equal when their source is.
    predicate: Predicate = field(compare=False, repr=False)
    value: object = None
    explanation: Texts = field(default_factory=dict)
    legal_basis: Texts = field(default_factory=dict)
    refs: tuple[str, ...] = ()
    is_default: bool = False
    when: object = field(default=None, repr=False)  # source tree, for docs/UIs


@dataclass(frozen=True)
class Table:
    output: str
    rows: tuple[Row, ...]
    label: Texts | None = None

    def match(self, env: Env) -> Row:
        """First matching row; validation guarantees a final default row."""
        for row in self.rows:
            if row.predicate(env):
                return row
        return self.rows[-1]


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    name: Texts
    description: Texts | None
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    items: Mapping[str, Item]
    segments: tuple[OutputValue, ...]
    professionals: tuple[OutputValue, ...]
    tables: tuple[Table, ...]
    deadline_tables: tuple[Table, ...]
    calendar: WorkCalendar
    normalisers: Mapping[str, Normaliser] = field(compare=False, repr=False)
    source_name: str = field(default="<data>", compare=False)
    effective_from: date | None = None

    @property
    def rule_version(self) -> str:
        return f"{self.key}@{self.version}"

    def rule_ids(self) -> tuple[str, ...]:
        return tuple(row.id for table in self.all_tables() for row in table.rows)

    def all_tables(self) -> tuple[Table, ...]:
        return self.tables + self.deadline_tables

    def row(self, rule_id: str) -> Row:
        for table in self.all_tables():
            for row in table.rows:
                if row.id == rule_id:
                    return row
        raise KeyError(rule_id)
