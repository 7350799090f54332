"""What the importer writes for a normalised row, with every name resolved to its id.

A :class:`Planner` holds the ids of the units, teams, workers and code values
that exist when an import starts, and the task deriver. It turns a
:class:`~.rows.NormalisedRow` into a :data:`Plan`: a plain tuple with the
encounter's column values, its links and its client's attributes. A plan is
cheap to send from the parsing process, and the writer only adds what the
database decides (primary keys, the client's id). A row that names something
not there yet (an import with ``--create-missing``) has no plan in the parsing
process; the writer's planner creates what it names and plans it.

No Django here: the writer hands in the ids it read, and a ``create`` function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .rows import NormalisedRow

# (task codes "SYSTEM:CODE", reason code, worker's job title, chosen task) -> (task, flag)
TaskDeriver = Callable[[tuple[str, ...], str, "str | None", str], tuple[str, str]]

# A plan: (source_id, digest, client_key, client attributes, unit id, team for a new
# client (None: the unit has none yet), date, the encounter's values in
# TEMPLATE_COLUMNS' order, link pairs (role, value id)). A plain tuple read by the
# index names below: a million of them cross a pipe.
Plan = tuple[Any, ...]
SOURCE_ID, DIGEST, CLIENT_KEY, CLIENT_ATTRIBUTES, UNIT_ID, NEW_CLIENT_TEAM, DATE, VALUES, PAIRS = (
    range(9)
)

# The encounter's columns a plan gives, in order; the writer puts the primary key
# and the client's id in front.
TEMPLATE_COLUMNS = (
    "source_system",
    "source_id",
    "date",
    "time",
    "unit_id",
    "team_id",
    "worker_id",
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
    "updated_at",
    "created_at",
)
# What an update of an encounter rewrites: all but its source and creation time.
UPDATED_FROM = 2
UPDATED_TO = len(TEMPLATE_COLUMNS) - 1

# The code lists (encounters.models.CodeList) a row's single values come from.
REASON, TARGET_GROUP, REFERRAL_SOURCE = "reason", "target_group", "referral_source"

CACHE_LIMIT = 50_000


class Unresolved(LookupError):
    """The row names something this planner has no id for (and may not create)."""


@dataclass
class Ids:
    """The ids an import starts with. The writer's planner adds what it creates."""

    values: dict[tuple[str, str, str], int]  # (list, system, code) -> id
    units: dict[str, tuple[int, int | None]]  # unit or team code -> (unit id, team id)
    first_team: dict[int, int]  # unit id -> the team a new client of the unit joins
    workers: dict[str, tuple[int, str]]  # username -> (worker id, job title)


# create(kind, key) -> id, kind "value" (key (list, system, code)) or "unit" (key
# the code, answering (unit id, None)): the writer's, which makes the database row.
Create = Callable[[str, Any], Any]


class Planner:
    """Plans rows; each combination of names is resolved once (imports repeat them)."""

    def __init__(
        self,
        ids: Ids,
        derive_task: TaskDeriver,
        *,
        source_system: str,
        batch_id: int,
        stamp: dt.datetime,
        create: Create | None = None,
    ) -> None:
        self.ids = ids
        self.derive_task = derive_task
        self.source_system = source_system
        self.batch_id = batch_id
        self.stamp = stamp
        self.create = create
        self._resolved: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._pairs: dict[tuple[Any, ...], tuple[tuple[str, int], ...]] = {}

    def __getstate__(self) -> dict[str, Any]:
        # Sent to the parsing process without the writer's create function or caches.
        return {**self.__dict__, "create": None, "_resolved": {}, "_pairs": {}}

    def plan(self, row: NormalisedRow) -> Plan | None:
        """The row's plan, or None if it names something there is no id for."""
        try:
            resolved = self._resolve(row)
            pairs = self._link_pairs(row)
        except Unresolved:
            return None
        unit_id, team_id, new_client_team = resolved[0], resolved[1], resolved[-1]
        return (
            row.source_id,
            row.digest,
            row.client_key,
            (row.client_birth_year, row.client_gender, row.client_language, row.client_employment),
            unit_id,
            new_client_team,
            row.date,
            (
                self.source_system,
                row.source_id,
                row.date,
                row.time,
                unit_id,
                team_id,
                resolved[2],
                row.contact_type,
                row.duration_min,
                row.duration_band or "",
                resolved[3],
                resolved[4],
                resolved[5],
                row.provider or "",
                row.consent,
                resolved[6],
                resolved[7],
                self.batch_id,
                row.digest,
                self.stamp,
                self.stamp,
            ),
            pairs,
        )

    # ------------------------------------------------------------ names to ids

    def _value(self, list_name: str, system: str, code: str) -> int:
        key = (list_name, system, code)
        found = self.ids.values.get(key)
        if found is None:
            found = self.ids.values[key] = self._created("value", key)
        return found

    def _optional_value(self, list_name: str, code: str) -> int | None:
        return self._value(list_name, "", code) if code else None

    def _unit(self, code: str) -> tuple[int, int | None]:
        found = self.ids.units.get(code)
        if found is None:
            found = self.ids.units[code] = self._created("unit", code)
        return found

    def _created(self, kind: str, key: Any) -> Any:
        if self.create is None:
            raise Unresolved(kind)
        return self.create(kind, key)

    def _resolve(self, row: NormalisedRow) -> tuple[Any, ...]:
        """(unit, team, worker, reason, target group, referral source, task, task flag,
        team for a new client) of the row."""
        key = (
            row.unit,
            row.worker,
            row.reason,
            row.target_group,
            row.referred_by,
            row.codes,
            row.task,
        )
        found = self._resolved.get(key)
        if found is None:
            unit_id, team_id = self._unit(row.unit)
            worker_id, job_title = self.ids.workers.get(row.worker, (None, None))
            qualified = tuple(f"{system}:{code}" for system, code in row.codes)
            # None when the unit has no team yet: the writer makes one if a new client needs it.
            new_client_team = team_id if team_id is not None else self.ids.first_team.get(unit_id)
            found = (
                unit_id,
                team_id,
                worker_id,
                self._optional_value(REASON, row.reason),
                self._optional_value(TARGET_GROUP, row.target_group),
                self._optional_value(REFERRAL_SOURCE, row.referred_by),
                *self.derive_task(qualified, row.reason, job_title, row.task),
                new_client_team,
            )
            _bound(self._resolved)
            self._resolved[key] = found
        return found

    def _link_pairs(self, row: NormalisedRow) -> tuple[tuple[str, int], ...]:
        """(role, value id) of the row's codes, partners and onward referrals, once each."""
        key = (row.codes, row.partners, row.referred_to)
        pairs = self._pairs.get(key)
        if pairs is None:
            found = [("code", self._value("code", system, code)) for system, code in row.codes]
            found += [("partner", self._value("partner", "", code)) for code in row.partners]
            found += [
                ("destination", self._value("destination", "", code)) for code in row.referred_to
            ]
            _bound(self._pairs)
            pairs = self._pairs[key] = tuple(dict.fromkeys(found))
        return pairs


def _bound(cache: dict[Any, Any]) -> None:
    """Start a cache afresh when it is full: memory stays flat on a file of unique rows."""
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
