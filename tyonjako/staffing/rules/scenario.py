"""A scenario: today's posts with changes applied, and its figures.

Changes (`op`):

* ``convert`` — social-worker posts become counsellor posts: named ``posts``,
  or ``count`` of them, open ones (vacancies) first, then by code. The converted
  post is filled when ``fill`` is true (the default: the reason to convert is
  that counsellors can be recruited).
* ``add`` — ``count`` new posts of a ``profession`` with ``fte``, ``grade``,
  ``kind`` and ``funding``; filled unless ``fill`` is false.
* ``remove`` — named ``posts`` are removed.
* ``set_fte`` — named ``posts`` get a new ``fte``.
* ``fill`` — named ``posts``, or ``count`` unfilled posts of a ``kind``
  (e.g. substitute), become filled.

`figures` gives, for one set of posts: cost (budget, paid, by funding source),
FTE and capacity by profession, coverage of the demand only a social worker may
meet (a shortfall is flagged: the law requires a social worker) and of the
demand a counsellor may meet, weighted caseload per FTE by segment and
special-support clients per social-worker FTE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

from .costs import (
    COUNSELLOR,
    COUNTY,
    POST_KINDS,
    CostParameters,
    PostFact,
    annual_cost,
    capacity_hours,
    cost_by_source,
)

OPS = ("convert", "add", "remove", "set_fte", "fill")
CARE = "care"  # the segment that always needs a social worker (huolenpitoasiakkuus)
TENTH = Decimal("0.1")
HUNDREDTH = Decimal("0.01")


class ChangeError(ValueError):
    """A change that cannot be applied; the message names the change and why."""


@dataclass(frozen=True)
class Change:
    op: str
    posts: tuple[str, ...] = ()
    count: int = 0
    profession: str = COUNSELLOR
    to: str = COUNSELLOR
    fte: Decimal = Decimal("1")
    grade: str = ""
    kind: str = "permanent"
    fill: bool = True
    funding: Mapping[str, Decimal] = field(
        default_factory=lambda: MappingProxyType({COUNTY: Decimal("1")})
    )

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"op": self.op}
        if self.posts:
            data["posts"] = list(self.posts)
        if self.count:
            data["count"] = self.count
        if self.op == "convert":
            data.update(to=self.to, grade=self.grade, fill=self.fill)
        if self.op == "add":
            data.update(
                profession=self.profession,
                fte=str(self.fte),
                grade=self.grade,
                kind=self.kind,
                fill=self.fill,
                funding={k: str(v) for k, v in self.funding.items()},
            )
        if self.op == "set_fte":
            data["fte"] = str(self.fte)
        if self.op == "fill" and not self.posts:
            data["kind"] = self.kind
        return data


@dataclass(frozen=True)
class ScenarioSpec:
    key: str
    name: str
    changes: tuple[Change, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "changes": [change.as_dict() for change in self.changes],
        }


def _decimal(value: Any, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise ChangeError(f"{what}: not a number: {value!r}") from None


def parse_change(data: Any, index: int = 0) -> Change:
    """A change from plain data (a scenario file or a form). Raises ChangeError."""
    where = f"change {index + 1}"
    if not isinstance(data, Mapping):
        raise ChangeError(f"{where}: must be a mapping with an 'op'")
    op = data.get("op")
    if op not in OPS:
        raise ChangeError(f"{where}: op must be one of {', '.join(OPS)}, not {op!r}")
    posts = data.get("posts") or ()
    if isinstance(posts, str):
        posts = [part.strip() for part in posts.split(",") if part.strip()]
    try:
        count = int(data.get("count") or 0)
    except (TypeError, ValueError):
        raise ChangeError(f"{where}: count must be a whole number") from None
    if count < 0:
        raise ChangeError(f"{where}: count must not be negative")
    if op in ("convert", "fill") and not posts and not count:
        raise ChangeError(f"{where}: name posts or give a count")
    if op in ("remove", "set_fte") and not posts:
        raise ChangeError(f"{where}: name the posts")
    if op == "add" and count < 1:
        raise ChangeError(f"{where}: count must be at least 1")
    fte = _decimal(data.get("fte", "1"), where)
    if not Decimal("0") < fte <= Decimal("1"):
        raise ChangeError(f"{where}: FTE must be more than 0 and at most 1")
    kind = str(data.get("kind") or "permanent")
    if kind not in POST_KINDS:
        raise ChangeError(f"{where}: kind must be one of {', '.join(POST_KINDS)}")
    funding_data = data.get("funding") or {COUNTY: 1}
    if not isinstance(funding_data, Mapping):
        raise ChangeError(f"{where}: funding maps a source to its share")
    funding = {str(k): _decimal(v, where) for k, v in funding_data.items()}
    if sum(funding.values()) != 1 or any(v < 0 for v in funding.values()):
        raise ChangeError(f"{where}: funding shares must add up to 1")
    fill = data.get("fill", True)
    if isinstance(fill, str):
        fill = fill.strip().lower() not in ("false", "no", "0", "")
    return Change(
        op=str(op),
        posts=tuple(str(p) for p in posts),
        count=count,
        profession=str(data.get("profession") or COUNSELLOR),
        to=str(data.get("to") or COUNSELLOR),
        fte=fte,
        grade=str(data.get("grade") or ""),
        kind=kind,
        fill=bool(fill),
        funding=MappingProxyType(funding),
    )


def parse_spec(data: Any) -> ScenarioSpec:
    """A scenario from plain data: {key, name, changes: [...]}. Raises ChangeError."""
    if not isinstance(data, Mapping):
        raise ChangeError("a scenario is a mapping with 'key', 'name' and 'changes'")
    key = str(data.get("key") or "").strip()
    if not key:
        raise ChangeError("key: required (a stable key, e.g. convert-two-vacancies)")
    changes = data.get("changes") or []
    if not isinstance(changes, list):
        raise ChangeError("changes: must be a list")
    return ScenarioSpec(
        key=key,
        name=str(data.get("name") or key),
        changes=tuple(parse_change(change, i) for i, change in enumerate(changes)),
    )


def _find(posts: list[PostFact], codes: Iterable[str], where: str) -> list[int]:
    index = {post.code: i for i, post in enumerate(posts)}
    missing = [code for code in codes if code not in index]
    if missing:
        raise ChangeError(f"{where}: no post {', '.join(missing)}")
    return [index[code] for code in codes]


def _pick(posts: list[PostFact], wanted: Sequence[int], count: int, where: str) -> list[int]:
    if len(wanted) < count:
        raise ChangeError(f"{where}: only {len(wanted)} posts fit, {count} asked")
    return list(wanted[:count])


def apply_changes(posts: Sequence[PostFact], changes: Iterable[Change]) -> list[PostFact]:
    """Today's posts with the changes applied in order. Raises ChangeError."""
    result = list(posts)
    for number, change in enumerate(changes, start=1):
        where = f"change {number} ({change.op})"
        if change.op == "convert":
            if change.posts:
                targets = _find(result, change.posts, where)
                not_sw = [result[i].code for i in targets if not result[i].is_social_worker]
                if not_sw:
                    raise ChangeError(f"{where}: not a social worker's post: {', '.join(not_sw)}")
            else:
                candidates = sorted(
                    (i for i, p in enumerate(result) if p.is_social_worker),
                    key=lambda i: (result[i].filled, result[i].code),
                )
                targets = _pick(result, candidates, change.count, where)
            for i in targets:
                result[i] = replace(
                    result[i],
                    profession=change.to,
                    grade=change.grade,
                    public_office=False,
                    filled=result[i].filled or change.fill,
                )
        elif change.op == "add":
            taken = {p.code for p in result}
            for n in range(change.count):
                code = f"NEW-{number}-{n + 1}"
                while code in taken:
                    code += "'"
                result.append(
                    PostFact(
                        code=code,
                        profession=change.profession,
                        fte=change.fte,
                        kind=change.kind,
                        filled=change.fill,
                        grade=change.grade,
                        funding=change.funding,
                    )
                )
        elif change.op == "remove":
            drop = set(_find(result, change.posts, where))
            result = [p for i, p in enumerate(result) if i not in drop]
        elif change.op == "set_fte":
            for i in _find(result, change.posts, where):
                result[i] = replace(result[i], fte=change.fte)
        elif change.op == "fill":
            if change.posts:
                targets = _find(result, change.posts, where)
            else:
                candidates = sorted(
                    (i for i, p in enumerate(result) if not p.filled and p.kind == change.kind),
                    key=lambda i: result[i].code,
                )
                targets = _pick(result, candidates, change.count, where)
            for i in targets:
                result[i] = replace(result[i], filled=True)
        else:  # pragma: no cover - parse_change refuses other ops
            raise ChangeError(f"{where}: unknown op")
    return result


@dataclass(frozen=True)
class Demand:
    """Measured client work over a period, as hours (from the task report).

    ``social_worker_only`` = tasks reserved to a social worker and all work
    with special-support clients; ``counsellor_eligible`` = tasks a counsellor
    may do; ``other`` = unlinked or other tasks. ``done_by`` = who did each
    kind of demand: {kind: {profession: hours}}.
    """

    period_days: int
    social_worker_only: Decimal = Decimal("0")
    counsellor_eligible: Decimal = Decimal("0")
    other: Decimal = Decimal("0")
    done_by: Mapping[str, Mapping[str, Decimal]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def __post_init__(self) -> None:
        if self.period_days < 1:
            raise ValueError("the demand period has at least one day")
        if min(self.social_worker_only, self.counsellor_eligible, self.other) < 0:
            raise ValueError("demand hours must not be negative")

    def annual(self, hours: Decimal) -> Decimal:
        return hours * Decimal(365) / Decimal(self.period_days)


@dataclass(frozen=True)
class Caseload:
    """Active clients by segment ('' = not assessed) and how many need special support.

    A count is None when it is hidden (small-cell suppression); figures made
    from it are then hidden too.
    """

    by_segment: Mapping[str, int | None] = field(default_factory=lambda: MappingProxyType({}))
    special_support: int | None = 0
    weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {CARE: 3.0, "cooperation": 2.0, "guidance": 1.0, "self_service": 0.5, "": 1.0}
        )
    )


def _round(value: Decimal, step: Decimal = TENTH) -> Decimal:
    return value.quantize(step, ROUND_HALF_UP)


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return _round(part / whole, Decimal("0.001"))


def figures(
    posts: Sequence[PostFact],
    parameters: CostParameters,
    demand: Demand | None = None,
    caseload: Caseload | None = None,
) -> dict[str, Any]:
    """The figures of one set of posts. Money in euros (2 decimals), hours to 0.1."""
    budget = paid = Decimal("0")
    by_source: dict[str, Decimal] = {}
    paid_by_source: dict[str, Decimal] = {}
    fte: dict[str, Decimal] = {}
    filled_fte: dict[str, Decimal] = {}
    capacity: dict[str, Decimal] = {}
    for post in posts:
        cost = annual_cost(post, parameters)
        budget += cost
        split = cost_by_source(post, parameters)
        for source, amount in split.items():
            by_source[source] = by_source.get(source, Decimal("0")) + amount
        profession = "social_worker" if post.is_social_worker else post.profession
        fte[profession] = fte.get(profession, Decimal("0")) + post.fte
        if post.filled:
            paid += cost
            for source, amount in split.items():
                paid_by_source[source] = paid_by_source.get(source, Decimal("0")) + amount
            filled_fte[profession] = filled_fte.get(profession, Decimal("0")) + post.fte
            capacity[profession] = capacity.get(profession, Decimal("0")) + capacity_hours(
                post, parameters
            )
    result: dict[str, Any] = {
        "posts": len(posts),
        "vacancies": sum(1 for p in posts if not p.filled),
        "cost": {
            "budget": budget,
            "paid": paid,
            "budget_by_source": dict(sorted(by_source.items())),
            "paid_by_source": dict(sorted(paid_by_source.items())),
        },
        "fte": {k: v for k, v in sorted(fte.items())},
        "filled_fte": {k: v for k, v in sorted(filled_fte.items())},
        "capacity_hours": {k: _round(v) for k, v in sorted(capacity.items())},
    }
    sw_capacity = capacity.get("social_worker", Decimal("0"))
    so_capacity = capacity.get(COUNSELLOR, Decimal("0"))
    if demand is not None:
        sw_only = demand.annual(demand.social_worker_only)
        eligible = demand.annual(demand.counsellor_eligible)
        spare = max(Decimal("0"), sw_capacity - sw_only)
        shortfall = max(Decimal("0"), sw_only - sw_capacity)
        result["demand"] = {
            "social_worker_only_hours": _round(sw_only),
            "counsellor_eligible_hours": _round(eligible),
            "other_hours": _round(demand.annual(demand.other)),
            "social_worker_only_coverage": _ratio(sw_capacity, sw_only),
            "social_worker_shortfall_hours": _round(shortfall),
            "social_worker_shortfall": shortfall > 0,
            "counsellor_eligible_coverage": _ratio(so_capacity + spare, eligible),
            "social_worker_spare_hours": _round(spare),
        }
    if caseload is not None:
        result["caseload"] = _caseload(caseload, filled_fte)
    return result


def _caseload(caseload: Caseload, filled_fte: Mapping[str, Decimal]) -> dict[str, Any]:
    sw_fte = filled_fte.get("social_worker", Decimal("0"))
    all_fte = sw_fte + filled_fte.get(COUNSELLOR, Decimal("0"))
    per_fte: dict[str, Decimal | None] = {}
    for segment, count in sorted(caseload.by_segment.items()):
        weight = Decimal(str(caseload.weights.get(segment, caseload.weights.get("", 1.0))))
        who = sw_fte if segment == CARE else all_fte
        if count is None or who == 0:
            per_fte[segment] = None
        else:
            per_fte[segment] = _round(Decimal(count) * weight / who, HUNDREDTH)
    special = caseload.special_support
    return {
        "weighted_per_fte": per_fte,
        "special_support_per_social_worker_fte": (
            None if special is None or sw_fte == 0 else _round(Decimal(special) / sw_fte, HUNDREDTH)
        ),
    }


def _difference(after: Any, before: Any) -> Any:
    if isinstance(after, dict) and isinstance(before, dict):
        keys = list(dict.fromkeys([*before, *after]))
        return {key: _difference(after.get(key), before.get(key)) for key in keys}
    if isinstance(after, bool) or isinstance(before, bool):
        return None
    if after is None and before is None:
        return None
    if isinstance(after, (Decimal, int)) or isinstance(before, (Decimal, int)):
        if after is None or before is None:
            return None
        return after - before
    return None


def compare(
    today: Sequence[PostFact],
    specs: Sequence[ScenarioSpec],
    parameters: CostParameters,
    demand: Demand | None = None,
    caseload: Caseload | None = None,
) -> dict[str, Any]:
    """Today and each scenario side by side, each with its change from today."""
    base = figures(today, parameters, demand, caseload)
    scenarios = []
    for spec in specs:
        posts = apply_changes(today, spec.changes)
        result = figures(posts, parameters, demand, caseload)
        scenarios.append(
            {
                **spec.as_dict(),
                "figures": result,
                "change": _difference(result, base),
                "post_list": [_post_dict(p) for p in posts],
            }
        )
    return {
        "parameters": parameters.as_dict(),
        "today": base,
        "today_posts": [_post_dict(p) for p in today],
        "scenarios": scenarios,
    }


def _post_dict(post: PostFact) -> dict[str, Any]:
    return {
        "code": post.code,
        "profession": post.profession,
        "fte": post.fte,
        "kind": post.kind,
        "filled": post.filled,
        "grade": post.grade,
        "funding": dict(post.funding),
    }


def plain(value: Any) -> Any:
    """Decimals as JSON numbers (strings keep no precision worth having here)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value
