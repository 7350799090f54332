"""Pilots: loading, figures against hand counts, freezing at the cut-off, the command line."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import Org
from tests.factories import AssignmentFactory, ClientFactory
from tyonjako.assessments import actions as assessment_actions
from tyonjako.encounters.models import Encounter
from tyonjako.pilots import actions
from tyonjako.pilots.definition import DefinitionError
from tyonjako.pilots.models import Checkpoint, Pilot

pytestmark = pytest.mark.django_db
LIGHT = {"coping": 1, "functional_capacity": "good", "uses_digital_services": True}

PILOT = """\
key: trial-2026
name: {fi: Kokeilu, sv: Försök}
period: {start: 2026-01-01, end: 2026-12-31}
baseline: {start: 2025-01-01, end: 2025-12-31}
places: [KESKI-3064]
main_goal: {fi: Tavoite, sv: Mål}
evaluation_questions:
  - {key: q1, text: {fi: Kysymys, sv: Fråga}, indicators: [contacts, encounter_clients]}
indicators: [adoption_rate, override_rate, days_to_assessment_median]
checkpoints:
  - {key: cp-1, name: {fi: Väli, sv: Mellan}, cut_off: 2026-10-31, report_due: 2026-11-30}
  - {key: final, name: {fi: Loppu, sv: Slut}, cut_off: 2026-12-31, report_due: 2026-12-31}
"""


def encounter(client, team, day: dt.date, kind: str = "visit") -> Encounter:
    return Encounter.objects.create(
        source_system="t",
        source_id=f"p-{Encounter.objects.count()}",
        date=day,
        unit=team.unit,
        team=team,
        client=client,
        contact_type=kind,
    )


@pytest.fixture
def pilot(org: Org) -> Pilot:
    return actions.load_pilot(PILOT, by=org.lead.user)


def _new_clients(org: Org, count: int, assessed: int) -> None:
    """`count` new clients pending since 1.3.2026, `assessed` of them decided on 15.3.2026."""
    clients = [
        ClientFactory(team=org.team_a, pending_since=dt.date(2026, 3, 1)) for _ in range(count)
    ]
    with time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False):
        for client in clients[:assessed]:
            assessment = assessment_actions.recommend(client, LIGHT, by=org.lead.user)
            assessment_actions.decide(assessment, assessment.recommendation, by=org.lead.user)


def test_a_pilot_is_loaded_with_its_places_and_checkpoints(pilot: Pilot, org: Org) -> None:
    assert list(pilot.teams.all()) == [org.team_a]
    assert [cp.key for cp in pilot.checkpoints.all()] == ["cp-1", "final"]
    assert pilot.description is not None


def test_an_unknown_place_is_refused_and_nothing_is_stored(org: Org) -> None:
    with pytest.raises(DefinitionError, match="no unit or team with the code 'NOWHERE'"):
        actions.load_pilot(PILOT.replace("[KESKI-3064]", "[NOWHERE]"), by=org.lead.user)
    assert not Pilot.objects.exists()


def test_a_pilot_outside_the_loaders_scope_is_refused(org: Org) -> None:
    with pytest.raises(PermissionError):
        actions.load_pilot(PILOT, by=org.counsellor.user)
    with pytest.raises(PermissionError):
        actions.load_pilot(PILOT.replace("KESKI-3064", "ETELA-3064"), by=org.lead.user)
    assert not Pilot.objects.exists()


def test_adoption_rate_and_days_to_assessment_match_a_hand_count(pilot: Pilot, org: Org) -> None:
    _new_clients(org, 5, 3)
    checkpoint = actions.freeze_checkpoint(pilot.checkpoints.get(key="cp-1"), by=org.lead.user)
    indicators = checkpoint.figures["indicators"]
    # Five clients became pending before the cut-off 31.10.; three were decided (15.3.).
    assert indicators["adoption_rate"]["total"]["value"] == 60.0
    assert indicators["adoption_rate"]["places"]["KESKI-3064"]["numerator"] == 3
    assert indicators["days_to_assessment_median"]["total"]["value"] == 14.0
    assert indicators["override_rate"]["total"]["value"] == 0.0
    assert indicators["adoption_rate"]["baseline"]["value"] is None  # nobody new in 2025


def test_a_frozen_checkpoint_keeps_its_figures_until_frozen_again_with_a_reason(
    pilot: Pilot, org: Org
) -> None:
    encounter(org.team_client, org.team_a, dt.date(2026, 5, 4))
    checkpoint = actions.freeze_checkpoint(pilot.checkpoints.get(key="cp-1"), by=org.lead.user)
    assert checkpoint.figures["indicators"]["contacts"]["total"]["value"] == 1
    encounter(
        org.team_client, org.team_a, dt.date(2026, 6, 1)
    )  # a later import, before the cut-off
    checkpoint.refresh_from_db()
    assert checkpoint.figures["indicators"]["contacts"]["total"]["value"] == 1
    with pytest.raises(actions.PilotError, match="anna syy"):
        actions.freeze_checkpoint(checkpoint, by=org.lead.user)
    again = actions.freeze_checkpoint(checkpoint, by=org.lead.user, reason="late import")
    assert again.figures["indicators"]["contacts"]["total"]["value"] == 2
    assert (again.times_frozen, again.freeze_reason) == (2, "late import")


def test_an_approved_report_is_locked(pilot: Pilot, org: Org) -> None:
    checkpoint = pilot.checkpoints.get(key="cp-1")
    with pytest.raises(actions.PilotError, match="Jäädytä"):
        actions.approve_report(checkpoint, by=org.lead.user)
    actions.freeze_checkpoint(checkpoint, by=org.lead.user)
    approved = actions.approve_report(checkpoint, by=org.lead.user)
    assert approved.approved_by == org.lead.user
    with pytest.raises(actions.PilotError, match="lukittu"):
        actions.freeze_checkpoint(approved, by=org.lead.user, reason="again")
    with pytest.raises(actions.PilotError, match="lukittu"):
        actions.save_conclusions(approved, {"decision_fi": "x"}, by=org.lead.user)


def test_a_frozen_checkpoint_cannot_move_or_disappear(pilot: Pilot, org: Org) -> None:
    actions.freeze_checkpoint(pilot.checkpoints.get(key="cp-1"), by=org.lead.user)
    with pytest.raises(DefinitionError, match="cut-off cannot move"):
        actions.load_pilot(PILOT.replace("cut_off: 2026-10-31", "cut_off: 2026-09-30"), by=None)
    first = "  - {key: cp-1, name: {fi: Väli, sv: Mellan}, "
    without = "\n".join(line for line in PILOT.splitlines() if not line.startswith(first)) + "\n"
    with pytest.raises(DefinitionError, match="cannot be removed"):
        actions.load_pilot(without, by=None)
    assert Checkpoint.objects.get(key="cp-1").cut_off == dt.date(2026, 10, 31)


def test_the_schedule_freezes_only_checkpoints_whose_cut_off_has_passed(pilot: Pilot) -> None:
    frozen = actions.freeze_due_checkpoints(dt.date(2026, 11, 25))
    assert [cp.key for cp in frozen] == ["cp-1"]
    assert actions.freeze_due_checkpoints(dt.date(2026, 11, 26)) == []


def test_a_checkpoints_encounter_figures_equal_the_report_command(
    pilot: Pilot, org: Org, capsys
) -> None:
    for day in (dt.date(2026, 1, 5), dt.date(2026, 4, 30), dt.date(2026, 10, 31)):
        encounter(org.team_client, org.team_a, day)
    encounter(org.own_client, org.team_a, dt.date(2026, 7, 1), kind="phone")
    encounter(org.own_client, org.team_a, dt.date(2026, 11, 1))  # after the cut-off
    checkpoint = actions.freeze_checkpoint(pilot.checkpoints.get(key="cp-1"), by=org.lead.user)
    capsys.readouterr()
    call_command(
        "report",
        "encounters",
        "--unit",
        "KESKI-3064",
        "--from",
        "2026-01-01",
        "--to",
        "2026-10-31",
        "--format",
        "json",
    )
    printed = json.loads(capsys.readouterr().out)
    frozen = checkpoint.figures["encounters"]["KESKI-3064"]["all"]
    assert printed["contacts"]["total"] == 4
    header = {"from", "to", "period", "suppressed", "threshold", "profession"}  # the filter
    assert printed["period"] == "1.1.2026–31.10.2026"
    for key, value in printed.items():
        if key not in header:
            assert frozen[key] == value, key


def test_the_command_line_loads_freezes_and_reports(org: Org, tmp_path, capsys) -> None:
    source = tmp_path / "pilot.yaml"
    source.write_text(PILOT, encoding="utf-8")
    call_command("pilots", "load", str(source))
    call_command("pilots", "freeze", "trial-2026", "cp-1")
    capsys.readouterr()
    call_command("pilots", "report", "trial-2026", "--checkpoint", "cp-1", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["cut_off"] == "2026-10-31" and "adoption_rate" in data["figures"]["indicators"]
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    call_command(
        "pilots",
        "report",
        "trial-2026",
        "--checkpoint",
        "cp-1",
        "--format",
        "pdf",
        "--output",
        str(pdf),
    )
    call_command(
        "pilots",
        "report",
        "trial-2026",
        "--checkpoint",
        "cp-1",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        "--language",
        "sv",
    )
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes().startswith(b"PK")
    docx = tmp_path / "d.docx"
    call_command("pilots", "description", "trial-2026", "--format", "docx", "--output", str(docx))
    assert docx.read_bytes().startswith(b"PK")
    with pytest.raises(CommandError, match="no checkpoint 'nope'"):
        call_command("pilots", "freeze", "trial-2026", "nope")
    with pytest.raises(CommandError, match="not frozen yet"):
        call_command("pilots", "report", "trial-2026", "--checkpoint", "final")


def test_a_broken_file_names_its_lines_and_loads_nothing(org: Org, tmp_path, capsys) -> None:
    source = tmp_path / "pilot.yaml"
    source.write_text(PILOT.replace("start: 2026-01-01", "start: 1.13.2026"), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("pilots", "load", str(source))
    assert "line 3: period.start: not a date" in capsys.readouterr().err
    assert not Pilot.objects.exists()


def test_the_model_description_is_prefilled_and_written_sections_win(
    pilot: Pilot, org: Org
) -> None:
    from tyonjako.pilots.documents import description_markdown

    text = description_markdown(pilot, "fi")
    assert "## 1. " in text and "Tavoite" in text
    actions.save_description(
        pilot, {"links": {"fi": "Yhteyshenkilö: hanke", "sv": "Kontakt"}}, by=org.lead.user
    )
    assert "Yhteyshenkilö: hanke" in description_markdown(pilot, "fi")
    with pytest.raises(actions.PilotError):
        actions.save_description(pilot, {"colour": {"fi": "x"}}, by=org.lead.user)


def test_pair_assignments_do_not_count_as_personal_worker_changes(pilot: Pilot, org: Org) -> None:
    client = ClientFactory(team=org.team_a, pending_since=dt.date(2026, 2, 1))
    AssignmentFactory(
        client=client, worker=org.counsellor, start=dt.date(2026, 2, 3), end=dt.date(2026, 5, 1)
    )
    AssignmentFactory(client=client, worker=org.social_worker, start=dt.date(2026, 5, 2))
    AssignmentFactory(client=client, worker=org.lead, kind="pair", start=dt.date(2026, 5, 2))
    from tyonjako.pilots.measures import place_of, worker_changes

    assert worker_changes(place_of("KESKI-3064"), dt.date(2026, 1, 1), dt.date(2026, 10, 31)) == 1


def _survey_round(org: Org, answers: int) -> None:
    from pathlib import Path

    from tests.views.test_surveys import ANSWER
    from tyonjako.surveys import actions as surveys

    path = Path(surveys.__file__).parent / "library" / "october-staff-survey.yaml"
    version = surveys.load_survey(path.read_bytes(), path.name, by=None)
    plan = surveys.RoundPlan(
        "10/2026", dt.date(2026, 10, 1), dt.date(2026, 10, 15), org.team_a.unit, [org.team_a]
    )
    round_ = surveys.open_round(surveys.create_round(version, plan, by=None), by=None)
    for _ in range(answers):
        surveys.submit_open(round_, ANSWER, entered_by="self")


@pytest.mark.parametrize(("answers", "shown"), [(6, True), (3, False)])
def test_a_checkpoint_holds_the_survey_results_its_questions_name_past_the_minimum(
    org: Org, answers: int, shown: bool
) -> None:
    text = PILOT.replace(
        "indicators: [contacts, encounter_clients]}",
        'indicators: [contacts], survey_questions: ["october-staff-survey:clear_roles"]}',
    )
    pilot = actions.load_pilot(text, by=org.lead.user)
    _survey_round(org, answers)
    checkpoint = actions.freeze_checkpoint(pilot.checkpoints.get(key="final"), by=org.lead.user)
    (row,) = checkpoint.figures["surveys"]
    assert (row["reference"], row["shown"]) == ("october-staff-survey:clear_roles", shown)
    assert row["responses"] == (answers if shown else None)
    if shown:
        assert row["mean"] == 4.0 and row["label"]["sv"].startswith("Arbetsfördelningen")
