"""Small-cell suppression for aggregates shown to people who do not see clients.

Counts 1–4 (below the threshold) are hidden as "<5". Zeros are shown: they
reveal no person. Secondary suppression makes sure a hidden cell cannot be
worked out from the row total: at least two cells are hidden, and together
they hold more people than there are hidden cells (otherwise every hidden
cell would have to be exactly 1). If that cannot be reached, the total is
hidden too.

A hidden figure says why it is hidden: a count under the threshold is None
(shown "<5"); a figure hidden only to protect a small one beside it — it may be
large — is `PROTECTED` (shown "x", with its own legend), never "<5". `shown` and
`shown_total` give the row with these marks; `cells` and `total` keep None for
both, for arithmetic.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

DEFAULT_THRESHOLD = 5
#: The mark of a figure hidden only to protect a small count beside it.
PROTECTED = "x"

#: A shown figure: a count, None (a count under the threshold) or PROTECTED.
Shown = int | str | None


def mark(value: Shown, threshold: int = DEFAULT_THRESHOLD) -> str:
    """The text of a shown figure: the count, "<5" or "x"."""
    if value is None:
        return f"<{threshold}"
    return str(value)


@dataclass(frozen=True)
class SuppressedRow(Generic[K]):
    """Cells and total after suppression; None marks a hidden value."""

    cells: dict[K, int | None]
    total: int | None
    threshold: int
    protected: frozenset[K] = frozenset()  # hidden although not small
    total_protected: bool = False

    @property
    def shown(self) -> dict[K, Shown]:
        return {
            key: PROTECTED if key in self.protected else value for key, value in self.cells.items()
        }

    @property
    def shown_total(self) -> Shown:
        return PROTECTED if self.total_protected else self.total

    @property
    def hidden(self) -> frozenset[K]:
        return frozenset(key for key, value in self.cells.items() if value is None)

    def label(self, value: int | None) -> str:
        return f"<{self.threshold}" if value is None else str(value)


def is_small(count: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    return 0 < count < threshold


def suppress_row(counts: Mapping[K, int], threshold: int = DEFAULT_THRESHOLD) -> SuppressedRow[K]:
    """Suppress one row of counts that is shown together with its total."""
    total = sum(counts.values())
    if is_small(total, threshold):
        return SuppressedRow(
            {key: None if value else 0 for key, value in counts.items()}, None, threshold
        )
    hidden = {key for key, value in counts.items() if is_small(value, threshold)}
    if hidden:
        hidden = _widen_until_safe(counts, hidden)
    safe = _is_safe(counts, hidden)
    cells = {key: (None if key in hidden else value) for key, value in counts.items()}
    protected = frozenset(key for key in hidden if not is_small(counts[key], threshold))
    return SuppressedRow(
        cells, total if safe else None, threshold, protected, total_protected=not safe
    )


def _is_safe(counts: Mapping[K, int], hidden: set[K]) -> bool:
    if not hidden:
        return True
    hidden_sum = sum(counts[key] for key in hidden)
    return len(hidden) >= 2 and hidden_sum > len(hidden)


def _widen_until_safe(counts: Mapping[K, int], hidden: set[K]) -> set[K]:
    """Hide the smallest shown non-zero cells until the hidden ones are safe."""
    hidden = set(hidden)
    candidates = sorted(
        (key for key, value in counts.items() if key not in hidden and value > 0),
        key=lambda key: (counts[key], str(key)),
    )
    for key in candidates:
        if _is_safe(counts, hidden):
            break
        hidden.add(key)
    return hidden


def suppress_value(count: int, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """A single count shown alone (no total beside it)."""
    return None if is_small(count, threshold) else count
