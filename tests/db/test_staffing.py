"""Seed 003 as data: its posts load with the organisation file, and the scenario
"convert two social-worker vacancies to counsellor posts" is held to a hand calculation."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from tyonjako.organisation.loader import (
    OrganisationFileError,
    Record,
    load_organisation,
    load_records,
)
from tyonjako.organisation.models import Post, Unit
from tyonjako.staffing import actions
from tyonjako.staffing.models import PostDetail, PostEvent, PostStatus, RecruitmentRound, Scenario
from tyonjako.staffing.rules import ChangeError, CostParameters, parse_spec
from tyonjako.staffing.services import post_facts, run_request, scenario_report

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "tyonjako" / "staffing" / "data"
SEED = DATA / "seed003-seinajoki.yaml"
SCENARIO = DATA / "seed003-convert-two-vacancies.yaml"


@pytest.fixture
def seed003(db: Any) -> Unit:
    load_organisation(SEED)
    return Unit.objects.get(code="EP-TSTO")


def test_seed_003_loads_its_posts_vacancies_and_funding(seed003: Unit) -> None:
    assert Post.objects.filter(unit=seed003).count() == 15
    substitutes = PostDetail.objects.filter(kind="substitute", status=PostStatus.RECRUITING)
    assert substitutes.count() == 5
    pilot = PostDetail.objects.get(post__code="EP-SO-PILOTTI-2")
    assert pilot.funding_shares() == {"county": Decimal("0.5"), "project": Decimal("0.5")}
    round_ = RecruitmentRound.objects.get(post__code="EP-STT-AVOIN-1")
    assert (round_.applicants, round_.qualified, round_.outcome) == (0, 0, "no_qualified")
    assert PostEvent.objects.filter(post__code="EP-SO-PILOTTI-1", status="filled").exists()
    facts = post_facts(seed003)
    assert sum(1 for p in facts if not p.filled) == 7


def test_loading_the_file_again_changes_nothing(seed003: Unit) -> None:
    load_organisation(SEED)
    assert PostDetail.objects.filter(post__unit=seed003).count() == 15
    assert RecruitmentRound.objects.count() == 1


def test_convert_two_vacancies_matches_the_hand_calculation(seed003: Unit) -> None:
    """Hand calculation with the shipped parameters (docs/scenarios.md):

    a social worker's post  3 800 € × (12 + 0.5) × 1.224 = 58 140 €
    a counsellor's post     3 000 € × (12 + 0.5) × 1.224 = 45 900 €
    today's budget: 13 social-worker posts (6 filled, 2 vacancies, 5 substitutes)
        13 × 58 140 + 2 × 45 900 = 755 820 + 91 800 = 847 620 €
        of which project funding 0.5 × 45 900 = 22 950 €, the county 824 670 €
    paid today: 6 × 58 140 + 2 × 45 900 = 440 640 €
    after converting the two vacancies (and filling them):
        budget 847 620 − 2 × 58 140 + 2 × 45 900 = 823 140 € (−24 480 €)
        paid   440 640 + 2 × 45 900 = 532 440 € (+91 800 €)
    client-work hours a year per FTE: 1 600 × 0.6 = 960 h
        social workers 6 × 960 = 5 760 h; counsellors 2 × 960 = 1 920 h → 4 × 960 = 3 840 h
    """
    data = SCENARIO.read_text(encoding="utf-8")
    import yaml

    result = run_request(yaml.safe_load(data), role="director")
    today, scenario = result["today"], result["scenarios"][0]
    assert scenario["key"] == "ep-tsto-convert-two-vacancies"
    assert today["cost"]["budget"] == Decimal("847620.00")
    assert today["cost"]["budget_by_source"] == {
        "county": Decimal("824670.00"),
        "project": Decimal("22950.00"),
    }
    assert today["cost"]["paid"] == Decimal("440640.00")
    assert scenario["figures"]["cost"]["budget"] == Decimal("823140.00")
    assert scenario["change"]["cost"]["budget"] == Decimal("-24480.00")
    assert scenario["change"]["cost"]["paid"] == Decimal("91800.00")
    assert today["capacity_hours"] == {
        "counsellor": Decimal("1920.0"),
        "social_worker": Decimal("5760.0"),
    }
    assert scenario["figures"]["capacity_hours"]["counsellor"] == Decimal("3840.0")
    assert scenario["change"]["capacity_hours"]["social_worker"] == Decimal("0.0")
    # no encounters recorded in this unit: the demand is hidden from a director
    assert result["demand_hidden"] is True


def test_the_command_prints_the_same_figures_as_json(seed003: Unit) -> None:
    out = io.StringIO()
    call_command("scenarios", "run", str(SCENARIO), "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["today"]["cost"]["budget"] == 847620
    assert result["scenarios"][0]["change"]["cost"]["budget"] == -24480


def test_the_command_names_a_bad_file(tmp_path: Path, seed003: Unit) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "unit: EP-TSTO\nscenarios:\n  - {key: x, changes: [{op: convert, posts: [NOPE]}]}\n"
    )
    with pytest.raises(CommandError, match="no post NOPE"):
        call_command("scenarios", "run", str(bad))
    bad.write_text("unit: NOWHERE\nscenarios: []\n")
    with pytest.raises(CommandError, match="unknown unit"):
        call_command("scenarios", "run", str(bad))


def test_a_bad_funding_in_the_organisation_file_is_reported_with_its_line() -> None:
    records = [
        Record(
            "post",
            7,
            {"code": "P", "unit": "X", "profession": "social_worker", "funding": {"county": "0.4"}},
        ),
    ]
    with pytest.raises(OrganisationFileError) as error:
        load_records(records)
    assert "line 7: post.funding: shares must add up to 1" in error.value.errors


def test_a_cost_parameter_version_changes_the_figures(seed003: Unit, org: Any) -> None:
    params = CostParameters.from_dict({"effective_from": "2026-01-01", "side_cost_pct": "0"})
    actions.save_cost_parameters(params, "test", by=org.admin.user)
    report = scenario_report(seed003, [], role="admin")
    # 13 × 3 800 × 12.5 + 2 × 3 000 × 12.5 = 617 500 + 75 000
    assert report["today"]["cost"]["budget"] == Decimal("692500.00")
    assert report["parameter_source"] == {"effective_from": "2026-01-01", "note": "test"}
    with pytest.raises(PermissionDenied):
        actions.save_cost_parameters(params, by=org.director.user)


def test_post_lifecycle_moves_forward_with_dates_and_audit(seed003: Unit, org: Any) -> None:
    post = Post.objects.get(code="EP-STT-AVOIN-2")
    admin = org.admin.user
    detail = actions.move_post(post, PostStatus.RECRUITING, by=admin)
    assert detail.status == PostStatus.RECRUITING
    detail = actions.move_post(post, PostStatus.FILLED, by=admin)
    assert detail.vacant_since is None
    with pytest.raises(actions.StaffingError):
        actions.move_post(post, PostStatus.PROPOSED, by=admin)
    from auditlog.models import LogEntry

    assert LogEntry.objects.filter(object_repr__contains="EP-STT-AVOIN-2").exists()
    with pytest.raises(PermissionDenied):  # the director of another service area
        actions.move_post(post, PostStatus.ENDED, by=org.director.user)
    with pytest.raises(PermissionDenied):
        actions.move_post(post, PostStatus.ENDED, by=org.lead.user)


def test_a_scenario_is_saved_by_its_stable_key(seed003: Unit, org: Any) -> None:
    spec = {"key": "two", "name": "Two", "changes": [{"op": "convert", "count": 2}]}
    first = actions.save_scenario(seed003, spec, by=org.admin.user)
    again = actions.save_scenario(seed003, {**spec, "name": "Two again"}, by=org.admin.user)
    assert first.pk == again.pk and Scenario.objects.get(key="two").name == "Two again"
    assert parse_spec(again.as_spec_data()).changes[0].count == 2
    with pytest.raises(ChangeError):
        actions.save_scenario(
            seed003, {"key": "bad", "changes": [{"op": "nope"}]}, by=org.admin.user
        )
    with pytest.raises(PermissionDenied):
        actions.save_scenario(seed003, spec, by=org.evaluator.user)


def _encounter(org: Any, worker: Any, client: Any, task: str, minutes: int | None) -> None:
    import datetime as dt

    from tyonjako.encounters.models import Encounter

    Encounter.objects.create(
        source_system="t",
        source_id=f"s{Encounter.objects.count()}",
        date=dt.date(2026, 11, 2),
        unit=org.team_a.unit,
        team=org.team_a,
        client=client,
        worker=worker,
        contact_type="visit",
        duration_min=minutes,
        task_code=task,
    )


def test_measured_demand_splits_work_by_the_task_catalogue_and_hides_few_clients(
    org: Any,
) -> None:
    import datetime as dt

    from tests.factories import ClientFactory
    from tyonjako.reports.staffing import measured_for

    clients = [org.own_client, org.team_client, *(ClientFactory(team=org.team_a) for _ in range(4))]
    for client in clients:
        _encounter(org, org.social_worker, client, "erityisen-tuen-paatokset", 60)
        _encounter(org, org.counsellor, client, "sosiaaliohjaus", 30)
        _encounter(org, org.social_worker, client, "palveluohjaus", 30)
        _encounter(org, org.counsellor, client, "", 45)
    unit = org.team_a.unit
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    measured = measured_for(unit, start, end, suppress=True)
    assert measured.demand is not None and measured.clients_measured == 6
    assert measured.demand.social_worker_only == Decimal("6")  # 6 × 60 min
    assert measured.demand.counsellor_eligible == Decimal("6")  # 6 × (30 + 30) min
    assert measured.demand.other == Decimal("4.5")
    assert measured.demand.done_by["counsellor_eligible"] == {
        "counsellor": Decimal("3"),
        "social_worker": Decimal("3"),
    }
    # the caseload: 6 active clients of team A and 1 of team A2, none assessed
    assert measured.caseload.by_segment == {"": 7}
    from tyonjako.encounters.models import Encounter

    # two clients behind the work: hidden from a role that does not see clients
    Encounter.objects.exclude(client__in=clients[:2]).delete()
    hidden = measured_for(unit, start, end, suppress=True)
    assert hidden.demand is None and hidden.clients_measured is None
    shown = measured_for(unit, start, end, suppress=False)
    assert shown.demand is not None and shown.clients_measured == 2
