"""The import's columns, described once: name, whether required, whether a list, what a
mapping profile may translate, and the word an error message uses for a value.

The profiles (`profiles.py`: CANONICAL_COLUMNS, REQUIRED_COLUMNS, …), the row
validation (`rows.py`), the fast path (`fast.py`), the canonical profile
(`profiles/canonical.yaml`) and the column table of docs/import-format.md read or are
checked against this table (tests/unit/encounters/test_columns.py). Pure: no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from . import values as v

Mapping_ = Literal["", "enum", "text", "codes", "consent"]


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    is_list: bool = False
    # What a profile's `values:` may translate: an enum (targets are `choices`), free
    # text (a code of a list), codes, or consent (yes/no); "" = nothing.
    mapping: Mapping_ = ""
    choices: tuple[str, ...] = ()
    # The word an error uses for one value ("unknown referral target 'X'").
    noun: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("source_id"),
    Column("date", required=True),
    Column("unit", required=True, mapping="text", noun="unit"),
    Column("worker", mapping="text", noun="worker"),
    Column("client"),
    Column("hetu"),
    Column("client_birth_year"),
    Column("client_gender", mapping="enum", choices=v.GENDERS),
    Column("client_language", mapping="enum", choices=v.LANGUAGES),
    Column("client_employment", mapping="enum", choices=v.EMPLOYMENTS),
    Column("contact_type", required=True, mapping="enum", choices=v.CONTACT_TYPES),
    Column("duration_min"),
    Column("duration_band"),
    Column("reason", mapping="text", noun="reason"),
    Column("target_group", mapping="text", noun="target group"),
    Column("codes", is_list=True, mapping="codes", noun="code"),
    Column("partners", is_list=True, mapping="text", noun="partner"),
    Column("referred_by", mapping="text", noun="referrer"),
    Column("referred_to", is_list=True, mapping="text", noun="referral target"),
    Column("provider", mapping="enum", choices=v.PROVIDERS),
    Column("consent", mapping="consent"),
    Column("task", mapping="text", noun="task"),
)
BY_NAME: Mapping[str, Column] = MappingProxyType({column.name: column for column in COLUMNS})

CANONICAL_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
CLIENT_COLUMNS: tuple[str, ...] = ("client", "hetu")  # one of them is required
LIST_COLUMNS: frozenset[str] = frozenset(c.name for c in COLUMNS if c.is_list)
# Columns whose values a profile may translate, and what a target must be.
ENUM_TARGETS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {c.name: c.choices for c in COLUMNS if c.mapping == "enum"}
)
TEXT_TARGETS: frozenset[str] = frozenset(c.name for c in COLUMNS if c.mapping == "text")
MAPPABLE: frozenset[str] = frozenset(c.name for c in COLUMNS if c.mapping)
# The word an error message uses for a value of a column.
NOUNS: Mapping[str, str] = MappingProxyType({c.name: c.noun for c in COLUMNS if c.noun})
