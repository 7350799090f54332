"""Staffing and cost scenarios as pure arithmetic: no Django, no database.

`costs.py` holds the cost parameters and the cost of one post; `scenario.py`
applies a scenario's changes to today's posts and computes its figures
(cost, capacity, coverage of demand, caseload per FTE). Everything is tested
without a database (tests/unit/staffing/).
"""

from .costs import CostParameters, PostFact, annual_cost, default_parameters, in_force
from .scenario import (
    Caseload,
    Change,
    ChangeError,
    Demand,
    ScenarioSpec,
    apply_changes,
    compare,
    figures,
    parse_change,
    parse_spec,
    plain,
)

__all__ = [
    "Caseload",
    "Change",
    "ChangeError",
    "CostParameters",
    "Demand",
    "PostFact",
    "ScenarioSpec",
    "annual_cost",
    "apply_changes",
    "compare",
    "default_parameters",
    "figures",
    "in_force",
    "parse_change",
    "parse_spec",
    "plain",
]
