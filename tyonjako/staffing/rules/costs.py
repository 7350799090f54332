"""Cost parameters and the annual cost of a post.

Every figure is a parameter, never a constant: the defaults below are the
documented facts of docs/scenarios.md (Talentia's salary recommendations,
side costs 2024) or, where no source was found, this project's assumptions,
marked as such in `ASSUMPTIONS` and shown in the UI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

# The one table of professions (re-exported for the staffing modules).
from tyonjako.common.professions import COUNSELLOR as COUNSELLOR
from tyonjako.common.professions import LEAD_SOCIAL_WORKER as LEAD_SOCIAL_WORKER
from tyonjako.common.professions import OTHER as OTHER
from tyonjako.common.professions import SERVICE_SECRETARY as SERVICE_SECRETARY
from tyonjako.common.professions import SOCIAL_WORKER as SOCIAL_WORKER

#: Professions that count as a social worker's (a lead is a social worker).
SOCIAL_WORKER_PROFESSIONS = (SOCIAL_WORKER, LEAD_SOCIAL_WORKER)

PERMANENT = "permanent"
SUBSTITUTE = "substitute"
FIXED_TERM = "fixed_term"
POST_KINDS = (PERMANENT, SUBSTITUTE, FIXED_TERM)

COUNTY = "county"

#: Parameters whose default is this project's assumption, not a documented fact.
ASSUMPTIONS = (
    "holiday_bonus_months",
    "substitute_extra_pct",
    "annual_hours_per_fte",
    "client_work_share",
    "default_grade_other",
)

CENT = Decimal("0.01")
EURO = Decimal("1")


def _salaries() -> Mapping[str, Mapping[str, Decimal]]:
    """Talentia's recommendations, monthly, full time (docs/scenarios.md)."""
    return MappingProxyType(
        {
            SOCIAL_WORKER: MappingProxyType(
                {"1": Decimal("3800"), "2": Decimal("4000"), "3": Decimal("4200")}
            ),
            LEAD_SOCIAL_WORKER: MappingProxyType({"1": Decimal("4500")}),
            COUNSELLOR: MappingProxyType(
                {"1": Decimal("3000"), "2": Decimal("3200"), "3": Decimal("3400")}
            ),
            # No source found: assumption, like a counsellor's basic pay.
            SERVICE_SECRETARY: MappingProxyType({"1": Decimal("2800")}),
            OTHER: MappingProxyType({"1": Decimal("3000")}),
        }
    )


@dataclass(frozen=True)
class CostParameters:
    """One version of the cost parameters, in force from `effective_from`.

    Annual cost of a post = monthly salary × FTE × (12 + holiday bonus months)
    × (1 + side costs %) × (1 + substitute extra % when the post is a substitute's).
    Capacity of a filled post = FTE × annual working hours × client-work share.
    """

    effective_from: dt.date
    salaries: Mapping[str, Mapping[str, Decimal]] = field(default_factory=_salaries)
    side_cost_pct: Decimal = Decimal("22.4")
    holiday_bonus_months: Decimal = Decimal("0.5")
    substitute_extra_pct: Decimal = Decimal("0")
    annual_hours_per_fte: Decimal = Decimal("1600")
    client_work_share: Decimal = Decimal("0.60")

    def __post_init__(self) -> None:
        numbers = (
            self.side_cost_pct,
            self.holiday_bonus_months,
            self.substitute_extra_pct,
            self.annual_hours_per_fte,
            self.client_work_share,
        )
        if any(value < 0 for value in numbers):
            raise ValueError("cost parameters must not be negative")
        if self.client_work_share > 1:
            raise ValueError("the client-work share is at most 1")
        for profession, grades in self.salaries.items():
            if not grades:
                raise ValueError(f"no salary for {profession!r}")
            if any(value < 0 for value in grades.values()):
                raise ValueError(f"a negative salary for {profession!r}")

    def salary(self, profession: str, grade: str = "") -> Decimal:
        """Monthly full-time salary; an unknown grade takes the profession's lowest grade."""
        grades = self.salaries.get(profession) or self.salaries.get(OTHER)
        if not grades:
            raise ValueError(f"no salary for profession {profession!r}")
        if grade in grades:
            return grades[grade]
        return grades[min(grades)]

    @property
    def client_hours_per_fte(self) -> Decimal:
        return self.annual_hours_per_fte * self.client_work_share

    def as_dict(self) -> dict[str, Any]:
        return {
            "effective_from": self.effective_from.isoformat(),
            "salaries": {
                profession: {grade: str(value) for grade, value in sorted(grades.items())}
                for profession, grades in self.salaries.items()
            },
            "side_cost_pct": str(self.side_cost_pct),
            "holiday_bonus_months": str(self.holiday_bonus_months),
            "substitute_extra_pct": str(self.substitute_extra_pct),
            "annual_hours_per_fte": str(self.annual_hours_per_fte),
            "client_work_share": str(self.client_work_share),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CostParameters:
        """The inverse of `as_dict`; missing keys take the defaults. Raises ValueError."""
        try:
            day = data.get("effective_from")
            base = cls(
                effective_from=dt.date.fromisoformat(str(day)) if day else dt.date(2024, 1, 1)
            )
            salaries = data.get("salaries")
            values: dict[str, Any] = {
                name: Decimal(str(data[name]))
                for name in (
                    "side_cost_pct",
                    "holiday_bonus_months",
                    "substitute_extra_pct",
                    "annual_hours_per_fte",
                    "client_work_share",
                )
                if data.get(name) not in (None, "")
            }
            if salaries:
                values["salaries"] = MappingProxyType(
                    {
                        str(profession): MappingProxyType(
                            {str(grade): Decimal(str(v)) for grade, v in grades.items()}
                        )
                        for profession, grades in salaries.items()
                    }
                )
            return cls(effective_from=base.effective_from, **values)
        except (ArithmeticError, TypeError, AttributeError) as error:
            raise ValueError(f"bad cost parameters: {error}") from None


def default_parameters(effective_from: dt.date = dt.date(2024, 1, 1)) -> CostParameters:
    return CostParameters(effective_from=effective_from)


def in_force(versions: list[CostParameters], day: dt.date) -> CostParameters:
    """The newest version in force on `day`; the defaults when none is."""
    valid = [v for v in versions if v.effective_from <= day]
    if not valid:
        return default_parameters()
    return max(valid, key=lambda v: v.effective_from)


@dataclass(frozen=True)
class PostFact:
    """A post as the arithmetic sees it. `funding` maps a source to its share (sum 1)."""

    code: str
    profession: str
    fte: Decimal = Decimal("1")
    kind: str = PERMANENT
    filled: bool = True
    grade: str = ""
    public_office: bool = False
    funding: Mapping[str, Decimal] = field(
        default_factory=lambda: MappingProxyType({COUNTY: Decimal("1")})
    )
    team: str = ""

    def __post_init__(self) -> None:
        if not Decimal("0") < self.fte <= Decimal("1"):
            raise ValueError(f"{self.code}: FTE must be more than 0 and at most 1")
        if self.kind not in POST_KINDS:
            raise ValueError(f"{self.code}: unknown kind {self.kind!r}")
        if any(share < 0 for share in self.funding.values()):
            raise ValueError(f"{self.code}: a funding share is negative")
        if self.funding and sum(self.funding.values()) != Decimal("1"):
            raise ValueError(f"{self.code}: funding shares must add up to 1")

    @property
    def is_social_worker(self) -> bool:
        return self.profession in SOCIAL_WORKER_PROFESSIONS


def annual_cost(post: PostFact, parameters: CostParameters) -> Decimal:
    """Employer's cost of the post for a year, in cents (filled or not)."""
    monthly = parameters.salary(post.profession, post.grade)
    pay = monthly * post.fte * (Decimal("12") + parameters.holiday_bonus_months)
    cost = pay * (1 + parameters.side_cost_pct / 100)
    if post.kind == SUBSTITUTE:
        cost *= 1 + parameters.substitute_extra_pct / 100
    return cost.quantize(CENT, ROUND_HALF_UP)


def cost_by_source(post: PostFact, parameters: CostParameters) -> dict[str, Decimal]:
    """The annual cost split by funding source; the cents left by rounding go to the county."""
    total = annual_cost(post, parameters)
    funding = post.funding or {COUNTY: Decimal("1")}
    split = {
        source: (total * share).quantize(CENT, ROUND_HALF_UP) for source, share in funding.items()
    }
    rest = total - sum(split.values())
    if rest:
        split[COUNTY] = split.get(COUNTY, Decimal("0")) + rest
    return split


def capacity_hours(post: PostFact, parameters: CostParameters) -> Decimal:
    """Client-work hours a year; an unfilled post gives none."""
    if not post.filled:
        return Decimal("0")
    return post.fte * parameters.client_hours_per_fte
