import json

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Org
from tyonjako.assessments import actions as assessment_actions
from tyonjako.caseload.models import ComplianceSnapshot
from tyonjako.caseload.rules import RULES

pytestmark = pytest.mark.django_db
CARE = {
    "coping": 3,
    "functional_capacity": "moderate",
    "difficulty_seeking_services": True,
    "cognitive_or_mental": True,
}


def test_a_special_support_client_with_a_counsellor_alone_is_a_finding(org: Org, capsys) -> None:
    assessment = assessment_actions.recommend(org.own_client, CARE, by=org.social_worker.user)
    assessment_actions.decide(assessment, assessment.recommendation, by=org.social_worker.user)
    call_command("compliance", "--team", org.team_a.code)
    findings = json.loads(capsys.readouterr().out)
    rules = {(f["client"], f["rule"]) for f in findings}
    assert ("AS-1", "special_support_without_social_worker") in rules
    assert ("AS-1", "care_without_social_worker") in rules
    assert all(
        set(f) == {"client", "team", "rule", "severity", "since", "legal_basis", "message", "fix"}
        for f in findings
    )


def test_an_overdue_assessment_start_is_a_finding(org: Org, capsys) -> None:
    import datetime as dt

    org.team_client.assessment_start_by = dt.date(2026, 11, 20)
    org.team_client.save()
    call_command("compliance", "--team", org.team_a.code, "--format", "csv", "--language", "sv")
    out = capsys.readouterr().out
    assert "AS-2,KESKI-3064,assessment_deadline_passed" in out and "36 §" in out


def test_record_stores_counts_per_team_and_rule(org: Org) -> None:
    call_command("compliance", "--team", org.team_a.code, "--record")
    call_command("compliance", "--team", org.team_a.code, "--record")
    assert ComplianceSnapshot.objects.filter(team=org.team_a).count() == len(RULES)


def test_an_unknown_team_is_named(org: Org) -> None:
    with pytest.raises(CommandError, match="NOPE"):
        call_command("compliance", "--team", "NOPE")


def test_the_clients_the_findings_name_are_logged_as_read_on_the_command_line(
    org: Org, capsys
) -> None:
    import datetime as dt

    from auditlog.models import LogEntry

    org.team_client.assessment_start_by = dt.date(2026, 11, 20)
    org.team_client.save()
    call_command("compliance", "--team", org.team_a.code)
    named = {f["client"] for f in json.loads(capsys.readouterr().out)}
    logged = set(
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS, additional_data__channel="cli"
        ).values_list("object_repr", flat=True)
    )
    assert named and logged == named


def test_a_long_wait_is_a_finding_and_is_counted_in_the_compliance_report(
    org: Org, capsys, login, settings
) -> None:
    import datetime as dt

    from tyonjako.caseload.services import intake_queue
    from tyonjako.common.clock import today

    day = today()
    org.team_client.pending_since = day - dt.timedelta(days=45)
    org.team_client.save()
    settings.QUEUE_LONG_WAIT_DAYS = 40
    queue = {row["client"]: row for row in intake_queue(org.team_a, day)}
    assert queue["AS-2"]["long_wait"] and queue["AS-2"]["days_pending"] == 45
    call_command("compliance", "--team", org.team_a.code)
    found = {(f["client"], f["rule"]) for f in json.loads(capsys.readouterr().out)}
    assert ("AS-2", "long_wait") in found
    call_command("compliance", "--team", org.team_a.code, "--record")
    assert ComplianceSnapshot.objects.get(team=org.team_a, rule="long_wait", day=day).count >= 1
    report = login(org.lead).get("/reports/compliance/").context["report"]
    assert "long_wait" in report["rules"]
    assert report["teams"][org.team_a.code]["rules"]["long_wait"] >= 1
    settings.QUEUE_LONG_WAIT_DAYS = 50  # the limit is configurable: 45 days is no long wait now
    assert not {r["client"]: r for r in intake_queue(org.team_a, day)}["AS-2"]["long_wait"]
    capsys.readouterr()
    call_command("compliance", "--team", org.team_a.code)
    found = {(f["client"], f["rule"]) for f in json.loads(capsys.readouterr().out)}
    assert ("AS-2", "long_wait") not in found
