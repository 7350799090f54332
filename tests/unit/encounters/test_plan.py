"""Planning a row: every name to its id, once per combination; nothing without an id."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

from tests.unit.encounters.helpers import ok
from tyonjako.encounters.importing import ImportContext, plan
from tyonjako.encounters.models import CodeList, LinkRole

STAMP = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)


def _ids() -> plan.Ids:
    return plan.Ids(
        values={
            ("reason", "", "toimeentulo"): 11,
            ("code", "local", "RS123"): 21,
            ("code", "ICD10", "Z59.0"): 22,
            ("partner", "", "Kela"): 31,
            ("destination", "", "Kela"): 41,
        },
        units={"TSO": (1, None), "TSO-A": (1, 7)},
        first_team={1: 7},
        workers={"maija.m": (5, "counsellor")},
    )


def _derive(codes: tuple[str, ...], reason: str, title: str | None, chosen: str) -> tuple[str, str]:
    return (chosen or ("guidance" if codes else ""), "not_theirs" if title == "x" else "")


def _planner(**kwargs: Any) -> plan.Planner:
    return plan.Planner(_ids(), _derive, source_system="rs", batch_id=9, stamp=STAMP, **kwargs)


def test_a_row_is_planned_with_ids_and_its_links(ctx: ImportContext) -> None:
    row = ok(
        ctx,
        source_id="E-1",
        worker="maija.m",
        reason="toimeentulo",
        codes="RS123;ICD10:Z59.0",
        partners="Kela",
        referred_to="Kela",
        client_gender="N",
        duration_min="45",
    )
    planned = _planner().plan(row)
    assert planned is not None
    assert planned[plan.SOURCE_ID] == "E-1" and planned[plan.DIGEST] == row.digest
    assert planned[plan.CLIENT_KEY] == "A123"
    assert planned[plan.CLIENT_ATTRIBUTES] == (None, "female", None, None)
    assert (planned[plan.UNIT_ID], planned[plan.NEW_CLIENT_TEAM]) == (1, 7)
    values = dict(zip(plan.TEMPLATE_COLUMNS, planned[plan.VALUES], strict=True))
    assert values == {
        "source_system": "rs",
        "source_id": "E-1",
        "date": dt.date(2023, 12, 31),
        "time": None,
        "unit_id": 1,
        "team_id": None,
        "worker_id": 5,
        "contact_type": "visit",
        "duration_min": 45,
        "duration_band": "30_59",
        "reason_id": 11,
        "target_group_id": None,
        "referred_by_id": None,
        "provider": "",
        "consent": None,
        "task_code": "guidance",
        "task_flag": "",
        "batch_id": 9,
        "row_hash": row.digest,
        "updated_at": STAMP,
        "created_at": STAMP,
    }
    assert planned[plan.PAIRS] == (("code", 21), ("code", 22), ("partner", 31), ("destination", 41))


def test_a_team_code_gives_the_unit_and_the_team(ctx: ImportContext) -> None:
    planned = _planner().plan(ok(ctx, unit="TSO-A"))
    assert planned is not None
    values = dict(zip(plan.TEMPLATE_COLUMNS, planned[plan.VALUES], strict=True))
    assert (values["unit_id"], values["team_id"], planned[plan.NEW_CLIENT_TEAM]) == (1, 7, 7)


def test_a_unit_without_a_team_leaves_the_new_clients_team_to_the_writer(
    ctx: ImportContext,
) -> None:
    planner = _planner()
    planner.ids.first_team.clear()
    planned = planner.plan(ok(ctx))
    assert planned is not None and planned[plan.NEW_CLIENT_TEAM] is None


def test_without_create_a_row_naming_something_unknown_has_no_plan(ctx: ImportContext) -> None:
    planner = _planner()
    assert planner.plan(ok(ctx, reason="uusi")) is None
    assert planner.plan(ok(ctx, unit="UUSI")) is None
    assert planner.plan(ok(ctx, partners="Vieras")) is None


def test_with_create_the_writer_makes_what_a_row_names_once(ctx: ImportContext) -> None:
    made: list[tuple[str, Any]] = []

    def create(kind: str, key: Any) -> Any:
        made.append((kind, key))
        return (100 + len(made), None) if kind == "unit" else 100 + len(made)

    planner = _planner(create=create)
    for _ in range(3):
        planned = planner.plan(ok(ctx, unit="UUSI", reason="uusi", codes="X9"))
        assert planned is not None
    assert made == [
        ("unit", "UUSI"),
        ("value", ("reason", "", "uusi")),
        ("value", ("code", "local", "X9")),
    ]


def test_the_planner_sent_to_the_parsing_process_cannot_create(ctx: ImportContext) -> None:
    planner = _planner(create=lambda kind, key: 1)
    planner.plan(ok(ctx))
    sent = pickle.loads(pickle.dumps(planner))
    assert sent.create is None and sent._resolved == {}
    assert sent.plan(ok(ctx, reason="uusi")) is None
    assert sent.plan(ok(ctx)) == planner.plan(ok(ctx))


def test_the_planners_list_names_and_roles_are_the_models() -> None:
    """plan.py names lists and roles as text (no Django there): they must be the models'."""
    assert {plan.REASON, plan.TARGET_GROUP, plan.REFERRAL_SOURCE} <= set(CodeList.values)
    # A link's role is also the name of the list its value comes from.
    assert set(LinkRole.values) == {"code", "partner", "destination"}
    assert set(LinkRole.values) <= set(CodeList.values)
