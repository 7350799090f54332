"""The arithmetic of pilot indicators: pure functions over measure values.

A measure answers a number (a count or hours) or a list of per-case values
(days). An indicator's statistic turns one or two of them into a value:

* `count`  – the numerator (a list is summed);
* `rate`   – numerator / denominator as a percentage, one decimal;
* `ratio`  – numerator / denominator, two decimals;
* `median` and `p90` – of a per-case list (nearest-rank percentile).

`n` is how many cases the value rests on; suppression hides a value that rests
on fewer than the threshold (and a count under it), for people who do not see
clients, with the reason `small`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

Number = float | int
MeasureValue = Number | Sequence[float]


@dataclass(frozen=True)
class IndicatorValue:
    statistic: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    n: int = 0
    suppressed: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "statistic": self.statistic,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "n": self.n,
            "suppressed": self.suppressed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> IndicatorValue:
        def number(key: str) -> float | None:
            value = data.get(key)
            return float(value) if isinstance(value, int | float) else None

        n = data.get("n")
        return cls(
            statistic=str(data.get("statistic", "")),
            value=number("value"),
            numerator=number("numerator"),
            denominator=number("denominator"),
            n=int(n) if isinstance(n, int | float) else 0,
            suppressed=bool(data.get("suppressed")),
        )


def total(value: MeasureValue) -> float:
    """A measure's value as one number (a per-case list summed), to two decimals."""
    return round(float(sum(value)) if isinstance(value, Sequence) else float(value), 2)


def cases(value: MeasureValue) -> int:
    return len(value) if isinstance(value, Sequence) else int(value)


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return float(ordered[rank - 1])


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def compute(
    statistic: str, numerator: MeasureValue, denominator: MeasureValue | None = None
) -> IndicatorValue:
    """The indicator's value from its measures' values."""
    if statistic == "count":
        return IndicatorValue(statistic, total(numerator), total(numerator), None, cases(numerator))
    if statistic in ("median", "p90"):
        values = list(numerator) if isinstance(numerator, Sequence) else [float(numerator)]
        value = median(values) if statistic == "median" else percentile(values, 0.9)
        return IndicatorValue(statistic, value, None, None, len(values))
    if statistic in ("rate", "ratio"):
        if denominator is None:
            raise ValueError(f"the statistic {statistic!r} needs a denominator")
        top, bottom = total(numerator), total(denominator)
        n = cases(denominator)
        if bottom == 0:
            return IndicatorValue(statistic, None, top, bottom, n)
        value = round(100 * top / bottom, 1) if statistic == "rate" else round(top / bottom, 2)
        return IndicatorValue(statistic, value, top, bottom, n)
    raise ValueError(f"unknown statistic {statistic!r}")


def suppress(value: IndicatorValue, threshold: int) -> IndicatorValue:
    """Hide a value resting on fewer cases than the threshold (zero is shown: it hides no one)."""
    small = 0 < value.n < threshold
    if value.statistic == "count":
        small = value.value is not None and 0 < value.value < threshold
    if value.statistic == "rate" and value.numerator is not None and value.denominator:
        # The part and its complement both give people away when small.
        rest = value.denominator - value.numerator
        small = small or 0 < value.numerator < threshold or 0 < rest < threshold
    if not small:
        return value
    return replace(value, value=None, numerator=None, denominator=None, suppressed=True)


def difference(current: IndicatorValue, baseline: IndicatorValue) -> float | None:
    """Pilot minus baseline, when both are shown."""
    if current.value is None or baseline.value is None:
        return None
    return round(current.value - baseline.value, 2)
