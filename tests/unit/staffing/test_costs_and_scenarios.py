"""The staffing arithmetic, without a database: costs, changes, coverage, caseload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tyonjako.staffing.rules import (
    Caseload,
    Change,
    ChangeError,
    CostParameters,
    Demand,
    PostFact,
    annual_cost,
    apply_changes,
    compare,
    default_parameters,
    figures,
    in_force,
    parse_change,
    parse_spec,
    plain,
)
from tyonjako.staffing.rules.costs import cost_by_source

D = Decimal
PARAMS = default_parameters()


def sw(code: str, *, filled: bool = True, kind: str = "permanent", fte: str = "1") -> PostFact:
    return PostFact(code=code, profession="social_worker", fte=D(fte), kind=kind, filled=filled)


def so(code: str, *, filled: bool = True, funding: dict[str, D] | None = None) -> PostFact:
    return PostFact(
        code=code,
        profession="counsellor",
        kind="fixed_term",
        filled=filled,
        funding=funding or {"county": D("1")},
    )


def test_a_social_workers_post_costs_twelve_and_a_half_months_of_pay_plus_side_costs() -> None:
    # 3 800 € × (12 + 0.5 holiday bonus) × 1.224 = 58 140.00 €
    assert annual_cost(sw("A"), PARAMS) == D("58140.00")


def test_a_counsellors_post_costs_less_by_the_pay_gap() -> None:
    # 3 000 € × 12.5 × 1.224 = 45 900.00 €
    assert annual_cost(so("B"), PARAMS) == D("45900.00")


def test_part_time_and_substitute_extra_scale_the_cost() -> None:
    params = CostParameters(effective_from=dt.date(2024, 1, 1), substitute_extra_pct=D("10"))
    assert annual_cost(sw("A", fte="0.5"), params) == D("29070.00")
    assert annual_cost(sw("S", kind="substitute"), params) == D("63954.00")


def test_an_unknown_grade_takes_the_lowest_and_a_known_grade_its_own_salary() -> None:
    assert PARAMS.salary("social_worker", "9") == D("3800")
    assert PARAMS.salary("social_worker", "3") == D("4200")
    assert PARAMS.salary("lead_social_worker") == D("4500")


def test_cost_is_split_by_funding_share() -> None:
    post = so("B", funding={"county": D("0.5"), "project": D("0.5")})
    assert cost_by_source(post, PARAMS) == {"county": D("22950.00"), "project": D("22950.00")}


def test_funding_shares_must_add_up_to_one() -> None:
    with pytest.raises(ValueError, match="add up to 1"):
        so("B", funding={"county": D("0.5")})


def test_parameters_refuse_negative_values_and_a_share_above_one() -> None:
    with pytest.raises(ValueError):
        CostParameters(effective_from=dt.date(2024, 1, 1), side_cost_pct=D("-1"))
    with pytest.raises(ValueError):
        CostParameters(effective_from=dt.date(2024, 1, 1), client_work_share=D("1.5"))


def test_the_version_in_force_is_the_newest_started() -> None:
    old = CostParameters(effective_from=dt.date(2023, 1, 1), side_cost_pct=D("21"))
    new = CostParameters(effective_from=dt.date(2024, 1, 1))
    future = CostParameters(effective_from=dt.date(2030, 1, 1), side_cost_pct=D("30"))
    assert in_force([old, new, future], dt.date(2026, 11, 25)) is new
    assert in_force([old, new], dt.date(2023, 6, 1)) is old
    assert in_force([future], dt.date(2026, 1, 1)).side_cost_pct == D("22.4")


def test_parameters_round_trip_through_plain_data() -> None:
    params = CostParameters(effective_from=dt.date(2025, 1, 1), side_cost_pct=D("23"))
    assert CostParameters.from_dict(params.as_dict()) == params
    with pytest.raises(ValueError):
        CostParameters.from_dict({"side_cost_pct": "x"})


# ------------------------------------------------------------------ changes


def test_convert_by_count_takes_vacancies_first() -> None:
    posts = [sw("A"), sw("V2", filled=False), sw("V1", filled=False), so("C")]
    after = apply_changes(posts, [parse_change({"op": "convert", "count": 2})])
    assert [p.profession for p in after] == [
        "social_worker",
        "counsellor",
        "counsellor",
        "counsellor",
    ]
    assert all(p.filled for p in after)


def test_convert_without_fill_leaves_the_vacancy_open() -> None:
    after = apply_changes(
        [sw("V", filled=False)], [parse_change({"op": "convert", "posts": "V", "fill": "false"})]
    )
    assert after[0].profession == "counsellor"
    assert not after[0].filled


def test_convert_refuses_a_counsellors_post_and_too_many() -> None:
    with pytest.raises(ChangeError, match="not a social worker"):
        apply_changes([so("C")], [parse_change({"op": "convert", "posts": ["C"]})])
    with pytest.raises(ChangeError, match="only 1 posts fit, 2 asked"):
        apply_changes([sw("A")], [parse_change({"op": "convert", "count": 2})])
    with pytest.raises(ChangeError, match="no post X"):
        apply_changes([sw("A")], [parse_change({"op": "remove", "posts": ["X"]})])


def test_add_remove_set_fte_and_fill_substitutes() -> None:
    posts = [
        sw("A"),
        sw("S1", filled=False, kind="substitute"),
        sw("S2", filled=False, kind="substitute"),
    ]
    changes = [
        parse_change({"op": "add", "profession": "counsellor", "count": 2, "fte": "0.5"}),
        parse_change({"op": "remove", "posts": ["A"]}),
        parse_change({"op": "set_fte", "posts": ["S2"], "fte": "0.8"}),
        parse_change({"op": "fill", "kind": "substitute", "count": 1}),
    ]
    after = apply_changes(posts, changes)
    assert [(p.code, p.fte, p.filled) for p in after] == [
        ("S1", D("1"), True),
        ("S2", D("0.8"), False),
        ("NEW-1-1", D("0.5"), True),
        ("NEW-1-2", D("0.5"), True),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("x", "mapping"),
        ({"op": "explode"}, "op must be one of"),
        ({"op": "convert"}, "name posts or give a count"),
        ({"op": "remove"}, "name the posts"),
        ({"op": "add", "count": 0}, "at least 1"),
        ({"op": "add", "count": "two"}, "whole number"),
        ({"op": "add", "count": 1, "fte": "1.5"}, "FTE"),
        ({"op": "add", "count": 1, "fte": "abc"}, "not a number"),
        ({"op": "add", "count": 1, "kind": "forever"}, "kind"),
        ({"op": "add", "count": 1, "funding": {"county": 0.3}}, "add up to 1"),
    ],
)
def test_a_bad_change_is_refused_with_a_reason(data: object, message: str) -> None:
    with pytest.raises(ChangeError, match=message):
        parse_change(data)


def test_a_scenario_needs_a_stable_key() -> None:
    with pytest.raises(ChangeError, match="key"):
        parse_spec({"changes": []})
    spec = parse_spec({"key": "k", "changes": [{"op": "convert", "count": 1}]})
    assert parse_spec(spec.as_dict()) == spec


# ------------------------------------------------------------------ figures


def test_coverage_flags_a_social_worker_shortfall() -> None:
    demand = Demand(period_days=365, social_worker_only=D("2000"), counsellor_eligible=D("1000"))
    result = figures([sw("A")], PARAMS, demand)
    # one social worker: 1 600 h × 0.6 = 960 client hours a year
    assert result["capacity_hours"] == {"social_worker": D("960.0")}
    assert result["demand"]["social_worker_shortfall"] is True
    assert result["demand"]["social_worker_shortfall_hours"] == D("1040.0")
    assert result["demand"]["social_worker_only_coverage"] == D("0.480")
    assert result["demand"]["counsellor_eligible_coverage"] == D("0.000")


def test_demand_of_a_shorter_period_is_made_annual() -> None:
    demand = Demand(period_days=73, social_worker_only=D("100"))
    assert figures([], PARAMS, demand)["demand"]["social_worker_only_hours"] == D("500.0")
    assert figures([], PARAMS, demand)["demand"]["social_worker_only_coverage"] == D("0.000")
    assert (
        figures([], PARAMS, Demand(period_days=1))["demand"]["social_worker_only_coverage"] is None
    )


def test_caseload_per_fte_by_segment_and_special_support_per_social_worker() -> None:
    caseload = Caseload(
        by_segment={"care": 10, "guidance": 8, "cooperation": None}, special_support=12
    )
    result = figures([sw("A"), sw("B", fte="0.5"), so("C")], PARAMS, caseload=caseload)["caseload"]
    # care: 10 × 3 / 1.5 social-worker FTE; guidance: 8 × 1 / 2.5 FTE
    assert result["weighted_per_fte"] == {
        "care": D("20.00"),
        "cooperation": None,
        "guidance": D("3.20"),
    }
    assert result["special_support_per_social_worker_fte"] == D("8.00")
    hidden = figures(
        [so("C")], PARAMS, caseload=Caseload(by_segment={"care": 5}, special_support=None)
    )
    assert hidden["caseload"] == {
        "weighted_per_fte": {"care": None},
        "special_support_per_social_worker_fte": None,
    }


def test_plain_turns_decimals_into_numbers() -> None:
    assert plain({"a": [D("1.50"), D("2")], "b": None}) == {"a": [1.5, 2], "b": None}


# ------------------------------------------------------------------ properties

posts_strategy = st.lists(
    st.builds(
        PostFact,
        code=st.uuids().map(str),
        profession=st.sampled_from(["social_worker", "counsellor", "lead_social_worker"]),
        fte=st.sampled_from([D("0.2"), D("0.5"), D("0.8"), D("1")]),
        kind=st.sampled_from(["permanent", "substitute", "fixed_term"]),
        filled=st.booleans(),
        grade=st.sampled_from(["", "1", "2", "3"]),
    ),
    max_size=12,
)


@given(posts_strategy)
def test_paid_cost_never_exceeds_budget_and_sources_add_up(posts: list[PostFact]) -> None:
    result = figures(posts, PARAMS)
    assert D(0) <= result["cost"]["paid"] <= result["cost"]["budget"]
    assert sum(result["cost"]["budget_by_source"].values()) == result["cost"]["budget"]


@given(posts_strategy, st.integers(min_value=0, max_value=12))
def test_converting_social_workers_never_raises_the_budget(posts: list[PostFact], n: int) -> None:
    n = min(n, sum(1 for p in posts if p.is_social_worker))
    after = apply_changes(posts, [Change(op="convert", count=n, fill=False)])
    assert figures(after, PARAMS)["cost"]["budget"] <= figures(posts, PARAMS)["cost"]["budget"]
    assert sum(p.fte for p in after) == sum(p.fte for p in posts)


@given(posts_strategy)
def test_no_change_changes_nothing(posts: list[PostFact]) -> None:
    result = compare(posts, [parse_spec({"key": "none", "changes": []})], PARAMS)
    assert result["scenarios"][0]["figures"] == result["today"]
    assert result["scenarios"][0]["change"]["cost"]["budget"] == 0


# ------------------------------------------------------------------ demand

from tyonjako.staffing.rules.demand import WorkRow, demand_of, kind_of  # noqa: E402
from tyonjako.tasks.catalogue import default_catalogue  # noqa: E402

CATALOGUE = default_catalogue()


def test_a_special_support_clients_work_is_always_a_social_workers() -> None:
    row = WorkRow("sosiaaliohjaus", "counsellor", 30, special_support=True)
    assert kind_of(row, CATALOGUE) == "social_worker_only"
    assert kind_of(WorkRow("sosiaaliohjaus", "counsellor", 30, False), CATALOGUE) == (
        "counsellor_eligible"
    )
    assert kind_of(WorkRow("kriisityo", "social_worker", 30, False), CATALOGUE) == (
        "social_worker_only"
    )
    assert kind_of(WorkRow(None, "social_worker", 30, False), CATALOGUE) == "other"
    assert kind_of(WorkRow("unknown-task", "social_worker", 30, False), CATALOGUE) == "other"


def test_demand_counts_typical_minutes_when_the_duration_is_missing() -> None:
    typical = CATALOGUE.task("sosiaaliohjaus").typical_minutes or 0
    demand = demand_of([WorkRow("sosiaaliohjaus", "counsellor", None, False, 3)], CATALOGUE, 30)
    assert demand.counsellor_eligible == D(typical * 3) / 60
    assert demand.done_by["counsellor_eligible"] == {"counsellor": D(typical * 3) / 60}


@given(
    st.lists(
        st.builds(
            WorkRow,
            task_code=st.sampled_from([None, "sosiaaliohjaus", "kriisityo", "palveluohjaus"]),
            profession=st.sampled_from(["social_worker", "counsellor"]),
            minutes=st.one_of(st.none(), st.integers(min_value=0, max_value=300)),
            special_support=st.booleans(),
            count=st.integers(min_value=1, max_value=5),
        ),
        max_size=20,
    )
)
def test_every_minute_lands_in_exactly_one_kind(rows: list[WorkRow]) -> None:
    demand = demand_of(rows, CATALOGUE, 365)
    total = demand.social_worker_only + demand.counsellor_eligible + demand.other
    by_profession = sum(sum(v.values(), D(0)) for v in demand.done_by.values())
    assert abs(total - by_profession) < D("0.000001")
