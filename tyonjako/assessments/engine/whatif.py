"""Compare a draft instrument version with the current one over many cases."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .answers import validate_answers
from .errors import AnswerError
from .evaluate import route
from .model import OUTPUTS, Instrument, Row

FIELDS: tuple[str, ...] = ("segment", "personal_worker", "special_support", "pair_required")


@dataclass(frozen=True)
class WhatIfReport:
    current_version: str
    draft_version: str
    total: int
    changed: dict[str, int]  # per field in FIELDS: cases whose value changed
    changed_any: int
    segment_transitions: dict[tuple[str, str], int]  # (old, new) -> cases, diagonal included
    worker_transitions: dict[tuple[str, str], int]
    causing_rules: dict[str, int]  # draft rule id -> changed cases it decided
    changed_case_ids: tuple[str, ...]
    invalid_cases: dict[str, str] = field(default_factory=dict)  # case id -> answer error

    def to_dict(self) -> dict[str, object]:
        return {
            "current_version": self.current_version,
            "draft_version": self.draft_version,
            "total": self.total,
            "changed": dict(self.changed),
            "changed_any": self.changed_any,
            "segment_transitions": _matrix(self.segment_transitions),
            "worker_transitions": _matrix(self.worker_transitions),
            "causing_rules": dict(self.causing_rules),
            "changed_case_ids": list(self.changed_case_ids),
            "invalid_cases": dict(self.invalid_cases),
        }


def what_if(
    current: Instrument, draft: Instrument, cases: Iterable[tuple[str, Mapping[str, object]]]
) -> WhatIfReport:
    """Evaluate every case with both versions and summarise what would change.

    A case whose answers do not fit one of the versions (e.g. the draft made
    an item required) is listed in ``invalid_cases`` instead of aborting.
    """
    # Normalising once is enough when the questions did not change, which is
    # the common case for a rules-only draft; it halves the work.
    same_items = current.items == draft.items
    changed: Counter[str] = Counter()
    segments: Counter[tuple[str, str]] = Counter()
    workers: Counter[tuple[str, str]] = Counter()
    causes: Counter[str] = Counter()
    changed_ids: list[str] = []
    invalid: dict[str, str] = {}
    total = 0
    for case_id, raw in cases:
        total += 1
        try:
            old_env = validate_answers(current, raw)
            new_env = dict(old_env) if same_items else validate_answers(draft, raw)
        except AnswerError as exc:
            invalid[case_id] = str(exc)
            continue
        route(current, old_env)
        new_rows = route(draft, new_env)
        segments[(str(old_env["segment"]), str(new_env["segment"]))] += 1
        workers[(str(old_env["personal_worker"]), str(new_env["personal_worker"]))] += 1
        diff = [name for name in FIELDS if old_env[name] != new_env[name]]
        if diff:
            changed.update(diff)
            changed_ids.append(case_id)
            causes.update(_causes(diff, new_rows))
    return WhatIfReport(
        current_version=current.rule_version,
        draft_version=draft.rule_version,
        total=total,
        changed={name: changed[name] for name in FIELDS},
        changed_any=len(changed_ids),
        segment_transitions=dict(sorted(segments.items())),
        worker_transitions=dict(sorted(workers.items())),
        causing_rules=dict(causes.most_common()),
        changed_case_ids=tuple(changed_ids),
        invalid_cases=invalid,
    )


def _causes(diff: list[str], rows: tuple[Row, ...]) -> set[str]:
    """Draft rows that decided a changed output (each counted once per case)."""
    wanted = set(diff)
    return {row.id for row in rows if row.output in wanted and row.output in OUTPUTS}


def _matrix(transitions: Mapping[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    matrix: dict[str, dict[str, int]] = {}
    for (old, new), count in transitions.items():
        matrix.setdefault(old, {})[new] = count
    return matrix
