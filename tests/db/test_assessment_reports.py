import json

import pytest
from django.core.management import call_command

from tests.conftest import Org
from tests.factories import ClientFactory
from tyonjako.assessments import actions
from tyonjako.assessments.engine import DEFAULT_INSTRUMENT_PATH
from tyonjako.assessments.reports import override_figures, suppress_override_figures
from tyonjako.assessments.rules import Decision

pytestmark = pytest.mark.django_db
LIGHT = {"coping": 1, "functional_capacity": "good", "uses_digital_services": True}
MIDDLE = {"coping": 3, "functional_capacity": "poor", "commits_to_services": True}


def decide_many(org: Org, team, count: int, *, override: bool) -> None:
    for _ in range(count):
        client = ClientFactory(team=team)
        assessment = actions.recommend(client, LIGHT, by=org.lead.user)
        if override:
            actions.decide(
                assessment,
                Decision(False, "guidance", "counsellor", False),
                by=org.lead.user,
                reason="more_complex",
            )
        else:
            actions.decide(assessment, assessment.recommendation, by=org.lead.user)


def test_overrides_are_counted_per_team_with_direction_and_reason(org: Org) -> None:
    decide_many(org, org.team_a, 6, override=False)
    decide_many(org, org.team_a, 2, override=True)
    figures = override_figures(None)
    row = figures["teams"]["KESKI-3064"]
    assert (row["decided"], row["overrides"], row["override_rate"]) == (8, 2, 25.0)
    assert row["directions"]["heavier"] == 2 and row["reasons"]["more_complex"] == 2
    assert figures["total"]["decided"] == 8


def test_the_period_is_the_date_of_decision(org: Org) -> None:
    import datetime as dt

    decide_many(org, org.team_a, 1, override=False)
    assert (
        override_figures(None, dt.date(2026, 11, 25), dt.date(2026, 11, 25))["total"]["decided"]
        == 1
    )
    assert override_figures(None, dt.date(2026, 11, 26), None)["total"]["decided"] == 0


def test_small_counts_are_hidden_from_aggregate_viewers(org: Org) -> None:
    decide_many(org, org.team_a, 6, override=False)
    decide_many(org, org.team_a, 2, override=True)
    hidden = suppress_override_figures(override_figures(None), 5)
    assert hidden["teams"]["KESKI-3064"]["overrides"] is None
    assert hidden["teams"]["KESKI-3064"]["override_rate"] is None
    assert hidden["total"]["decided"] == 8


def test_the_command_gives_the_same_figures(org: Org, capsys) -> None:
    decide_many(org, org.team_a, 3, override=True)
    call_command("report", "overrides", "--team", "KESKI-3064")
    out = json.loads(capsys.readouterr().out)
    assert out["teams"] == override_figures([org.team_a.pk])["teams"]
    assert out["period"] and out["suppressed"] is False


def test_what_if_counts_the_changes_a_draft_would_make(org: Org, tmp_path, capsys) -> None:
    for _ in range(3):
        actions.recommend(ClientFactory(team=org.team_a), MIDDLE, by=org.lead.user)
    actions.recommend(ClientFactory(team=org.team_a), LIGHT, by=org.lead.user)
    baseline_source = DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8")
    draft = tmp_path / "v2.yaml"
    draft.write_text(baseline_source.replace("version: 1", "version: 2", 1), encoding="utf-8")
    call_command("assess", "--what-if", str(draft))
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 4 and report["changed_any"] == 0
