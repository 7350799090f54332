"""Surveys end to end in the database: load, run a round, answer by link, anonymity,
results only past the minimum, comparison with a baseline, exports, Webropol, CLI."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.conftest import Org
from tyonjako.access.subject import subject_of
from tyonjako.reports import surveys as report
from tyonjako.surveys import actions
from tyonjako.surveys.models import Draft, NamedResponse, Response, Round, Token
from tyonjako.surveys.webropol import read_export

pytestmark = pytest.mark.django_db
LIBRARY = Path(__file__).parents[2] / "tyonjako" / "surveys" / "library"


def _load(name: str):
    path = LIBRARY / f"{name}.yaml"
    return actions.load_survey(path.read_bytes(), path.name, by=None)


def _round(org: Org, name: str = "october-staff-survey", minimum: int = 5) -> Round:
    version = _load(name)
    plan = actions.RoundPlan(
        name="10/2026",
        planned_start=dt.date(2026, 11, 1),
        planned_end=dt.date(2026, 11, 15),
        unit=org.team_a.unit,
        teams=[org.team_a],
        minimum_n=minimum,
    )
    created = actions.create_round(version, plan, by=org.lead.user)
    return actions.open_round(created, by=org.lead.user)


ANSWER = {
    "respondent_role": "nurse",
    "cooperation": ["consultation"],
    "reachable": "4",
    "clear_roles": "4",
    "clients_helped": "5",
    "fits_health_care": "4",
    "overall": "8",
    "feedback": "Hyvä",
}


def _answers(round_: Round, count: int, clear_roles: str = "4") -> None:
    for _ in range(count):
        actions.submit_open(round_, {**ANSWER, "clear_roles": clear_roles}, "self")


def test_the_anonymous_response_table_has_no_path_to_who_answered() -> None:
    """The schema itself: no column of Response points at a token, user, worker or session,
    no table points at a response, and the only time is a date."""
    from django.contrib.auth.models import User
    from django.contrib.sessions.models import Session

    from tyonjako.organisation.models import Worker

    forbidden = {Token, User, Worker, Session, Draft}
    for field in Response._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related not in forbidden, field.name
        if field.is_relation and related is not None:
            assert related.__name__ == "Round", field.name
    for model in (Token, Draft):
        assert all(
            getattr(f, "related_model", None) is not Response for f in model._meta.get_fields()
        )
    token_columns = {f.column for f in Token._meta.concrete_fields}
    assert token_columns == {
        "id",
        "round_id",
        "nonce",
        "worker_id",
        "team_code",
        "used",
        "reminders",
    }
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, Response._meta.db_table)
        relations = connection.introspection.get_relations(cursor, Response._meta.db_table)
    names = {c.name for c in columns}
    assert names == {
        "id",
        "round_id",
        "received_on",
        "answers",
        "team_code",
        "area_code",
        "profession",
        "entered_by",
    }
    assert {target for _col, (_field, target) in relations.items()} == {Round._meta.db_table}
    assert Response._meta.get_field("received_on").get_internal_type() == "DateField"


def test_a_link_answers_once_and_leaves_no_trace_of_who(org: Org) -> None:
    round_ = _round(org)
    raw = actions.issue_tokens(round_, 2, team_code=org.team_a.code, by=org.lead.user)
    token = actions.find_token(raw[0])
    actions.save_draft(token, {"respondent_role": "doctor"}, 1)
    assert Draft.objects.count() == 1
    actions.submit_token(token, {"cooperation": ["meeting"]})
    assert Draft.objects.count() == 0
    response = Response.objects.get()
    assert response.answers == {"respondent_role": "doctor", "cooperation": ["meeting"]}
    assert response.team_code == org.team_a.code and response.received_on == dt.date(2026, 11, 25)
    token.refresh_from_db()
    assert token.used
    with pytest.raises(actions.SurveyError):
        actions.submit_token(token, {})
    assert actions.find_token(raw[0][:-1] + "x") is None


def test_links_by_email_and_reminders_to_those_who_have_not_answered(org: Org) -> None:
    for worker in (org.counsellor, org.social_worker, org.lead):
        worker.user.email = f"{worker.user.username}@example.org"
        worker.user.save()
    round_ = _round(org)
    sent = actions.send_links(round_, lambda t: f"http://x/s/{t}/", by=org.lead.user)
    assert sent == len(mail.outbox) == 3
    first = Token.objects.filter(round=round_).first()
    actions.submit_token(first, ANSWER)
    mail.outbox.clear()
    assert actions.remind(round_, lambda t: f"http://x/s/{t}/", by=org.lead.user) == sent - 1
    assert actions.send_links(round_, lambda t: t, by=org.lead.user) == 0


def test_results_are_shown_only_past_the_minimum(org: Org) -> None:
    round_ = _round(org)
    subject = subject_of(org.lead.user)
    _answers(round_, 4)
    below = report.round_results(round_, subject, "fi")
    assert not below.groups[0].shown and below.groups[0].questions == ()
    _answers(round_, 1)
    shown = report.round_results(round_, subject, "fi")
    clear = next(q for q in shown.groups[0].questions if q.name == "clear_roles")
    assert shown.groups[0].shown and clear.answered == 5
    assert report.export_rows(below)[1] == []


def test_open_answers_need_their_own_right(org: Org) -> None:
    round_ = _round(org)
    _answers(round_, 5)
    lead = report.round_results(round_, subject_of(org.lead.user), "fi")
    director = report.round_results(round_, subject_of(org.director.user), "fi")
    assert next(q for q in lead.groups[0].questions if q.name == "feedback").texts
    assert not next(q for q in director.groups[0].questions if q.name == "feedback").texts


def test_a_counsellor_sees_no_results(org: Org) -> None:
    round_ = _round(org)
    with pytest.raises(PermissionError):
        report.round_results(round_, subject_of(org.counsellor.user), "fi")


def test_a_follow_up_is_compared_with_its_baseline(org: Org) -> None:
    baseline = _round(org)
    _answers(baseline, 6, clear_roles="2")
    follow_up = _round(org)
    _answers(follow_up, 6, clear_roles="4")
    rows = report.compare_rounds(baseline, follow_up, subject_of(org.evaluator.user), "fi")
    clear = next(c for c in rows if c.name == "clear_roles")
    assert clear.difference == 2.0 and clear.indicative and clear.test == "mann-whitney"


def test_a_version_with_responses_cannot_change(org: Org) -> None:
    round_ = _round(org)
    version = round_.version
    changed = (
        (LIBRARY / "october-staff-survey.yaml").read_text().replace("Ammattiryhmäsi", "Ammatti")
    )
    again = actions.load_survey(changed.encode(), "o.yaml", by=None)
    assert again.pk == version.pk  # no responses yet: replaced in place
    _answers(round_, 1)
    newer = actions.load_survey(changed.replace("Ammatti", "Ammattisi").encode(), "o.yaml", by=None)
    assert newer.version == version.version + 1
    version.refresh_from_db()
    assert "Ammatti" in str(version.definition)


def test_exports_have_one_column_per_question_and_a_codes_sheet(org: Org) -> None:
    round_ = _round(org)
    _answers(round_, 5)
    results = report.round_results(round_, subject_of(org.evaluator.user), "sv")
    header = report.as_csv(results).splitlines()[0].split(";")
    assert "clear_roles" in header and "cooperation/consultation" in header
    assert "feedback" not in header  # open answers are not exported
    workbook = openpyxl.load_workbook(io.BytesIO(report.as_xlsx(results, "sv")))
    assert workbook.sheetnames == ["responses", "codes"]
    assert workbook["responses"].max_row == 6


def test_the_named_self_assessment_is_the_respondents_own(org: Org) -> None:
    version = _load("monthly-self-assessment")
    plan = actions.RoundPlan(
        "11/2026", dt.date(2026, 11, 1), dt.date(2026, 11, 30), org.team_a.unit, [org.team_a]
    )
    round_ = actions.open_round(actions.create_round(version, plan, by=None), by=None)
    saved = actions.save_named(
        round_, {"month": "1.11.2026"}, 1, submit=False, by=org.counsellor.user
    )
    actions.save_named(round_, {"coping_clients": "4"}, 2, submit=True, by=org.counsellor.user)
    saved.refresh_from_db()
    assert saved.submitted and saved.answers == {"month": "1.11.2026", "coping_clients": "4"}
    with pytest.raises(actions.SurveyError):
        actions.save_named(round_, {}, 0, submit=True, by=org.counsellor.user)
    assert NamedResponse.objects.count() == 1


def test_webropol_rows_are_mapped_onto_a_version(org: Org) -> None:
    round_ = _round(org)
    export = "Vastaaja;Ammattiryhmä;Työnjako on selkeä;Konsultaatio\n1;Hoitaja;4;1\n2;Lääkäri;2;0\n"
    mapping = (
        "columns:\n  Ammattiryhmä: respondent_role\n  Työnjako on selkeä: clear_roles\n"
        "  Konsultaatio: cooperation=consultation\n"
    )
    rows = read_export(round_.version.parsed(), export.encode(), "w.csv", mapping)
    assert rows[0] == {
        "respondent_role": "nurse",
        "clear_roles": "4",
        "cooperation": ["consultation"],
    }
    assert actions.import_responses(round_, rows, by=None) == 2
    assert Response.objects.filter(entered_by="webropol").count() == 2


def test_the_command_line_loads_shows_and_exports(org: Org, tmp_path: Path, capsys) -> None:
    call_command("surveys", "load", str(LIBRARY / "october-staff-survey.yaml"))
    call_command("surveys", "show", "october-staff-survey", "--format", "json")
    assert '"clear_roles"' in capsys.readouterr().out
    target = tmp_path / "out.xlsx"
    call_command("surveys", "export", "october-staff-survey", "--output", str(target))
    call_command("surveys", "load", str(target), "--key", "copy")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"nonsense")
    with pytest.raises(CommandError) as error:
        call_command("surveys", "load", str(broken))
    assert error.value.returncode == 1
    with pytest.raises(CommandError) as error:
        call_command("surveys", "show", "nothing")
    assert error.value.returncode == 2


def test_a_bad_webropol_file_imports_nothing_and_names_the_cell(org: Org, tmp_path: Path) -> None:
    round_ = _round(org)
    export = tmp_path / "w.csv"
    export.write_text("Ammattiryhmä;Työnjako on selkeä\nHoitaja;7\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns:\n  Ammattiryhmä: respondent_role\n  Työnjako on selkeä: clear_roles\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("surveys", "webropol", str(round_.pk), str(export), "--map", str(mapping))
    assert error.value.returncode == 1
    assert not Response.objects.exists()


REAL_FORMS = Path(__file__).parents[1] / "fixtures" / "xlsform"


@pytest.mark.parametrize("name", ["table-list.xls", "specify_other.xlsx", "field-list.xlsx"])
def test_a_real_xlsform_round_trips_through_the_command_line(
    name: str, tmp_path: Path, capsys
) -> None:
    import json

    call_command("surveys", "load", str(REAL_FORMS / name), "--key", "real")
    capsys.readouterr()
    call_command("surveys", "show", "real", "--format", "json")
    loaded = json.loads(capsys.readouterr().out)
    target = tmp_path / "real.xlsx"
    call_command("surveys", "export", "real", "--format", "xlsform", "--output", str(target))
    call_command("surveys", "load", str(target), "--key", "again")
    capsys.readouterr()
    call_command("surveys", "show", "again", "--format", "json")
    again = json.loads(capsys.readouterr().out)
    assert again["questions"] and again["questions"] == loaded["questions"]
    assert again["groups"] == loaded["groups"]
    assert {k: v for k, v in again.items() if k != "key"} == {
        k: v for k, v in loaded.items() if k != "key"
    }


def test_a_real_xlsform_with_a_calculation_is_refused_by_the_command_line(capsys) -> None:
    with pytest.raises(CommandError) as error:
        call_command("surveys", "load", str(REAL_FORMS / "pull_data.xlsx"))
    assert error.value.returncode == 1
    assert "row 2: type 'calculate' is not supported" in capsys.readouterr().err


def freeze_day(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=False)


def test_the_schedule_opens_reminds_and_closes_a_round(org: Org) -> None:
    from tyonjako.jobs.schedule import REGISTRY

    for worker in (org.counsellor, org.social_worker, org.lead):
        worker.user.email = f"{worker.user.username}@example.org"
        worker.user.save()
    version = _load("october-staff-survey")
    plan = actions.RoundPlan(
        "10/2026", dt.date(2026, 10, 1), dt.date(2026, 10, 15), org.team_a.unit, [org.team_a]
    )
    round_ = actions.create_round(version, plan, by=org.lead.user)
    actions.set_schedule(
        round_, scheduled=True, remind_every_days=5, reminders_max=2, by=org.lead.user
    )
    path = lambda t: f"/s/{t}/"  # noqa: E731
    assert actions.run_schedule(dt.date(2026, 9, 30), path)["opened"] == []
    assert actions.run_schedule(dt.date(2026, 10, 1), path)["opened"] == [round_.pk]
    round_.refresh_from_db()
    assert round_.opens_on == dt.date(2026, 10, 1)
    with freeze_day(dt.date(2026, 10, 1)):
        sent = actions.send_links(
            round_, lambda t: f"http://x/s/{t}/", by=org.lead.user, link_base="http://x/"
        )
        actions.submit_token(Token.objects.filter(round=round_).first(), ANSWER)
    mail.outbox.clear()
    with freeze_day(dt.date(2026, 10, 5)):
        assert actions.run_schedule(dt.date(2026, 10, 5), path)["reminded"] == []
    with freeze_day(dt.date(2026, 10, 6)):
        assert actions.run_schedule(dt.date(2026, 10, 6), path)["reminded"] == [round_.pk]
    # Only the unused links, the same links again; nothing says which answer is whose.
    assert len(mail.outbox) == sent - 1
    unused = {actions.link_token(t) for t in Token.objects.filter(round=round_, used=False)}
    assert {m.body.split("\n\n")[1].strip().rsplit("/", 2)[1] for m in mail.outbox} == unused
    assert all(m.body.split("\n\n")[1].startswith("http://x/s/") for m in mail.outbox)
    with freeze_day(dt.date(2026, 10, 11)):
        assert actions.run_schedule(dt.date(2026, 10, 11), path)["reminded"] == [round_.pk]
    with freeze_day(dt.date(2026, 10, 15)):
        assert actions.run_schedule(dt.date(2026, 10, 15), path)["reminded"] == []  # at most 2
    assert actions.run_schedule(dt.date(2026, 10, 15), path)["closed"] == []
    assert actions.run_schedule(dt.date(2026, 10, 16), path)["closed"] == [round_.pk]
    round_.refresh_from_db()
    assert round_.closes_on == dt.date(2026, 10, 16) and round_.reminders_sent == 2
    assert {f.name for f in Token._meta.get_fields()} == {
        "id",
        "round",
        "nonce",
        "worker",
        "team_code",
        "used",
        "reminders",
        "draft",
    }
    assert "survey-schedule" in REGISTRY


def test_a_manager_out_of_scope_may_not_schedule(org: Org) -> None:
    round_ = _round(org)
    with pytest.raises(PermissionDenied):
        actions.set_schedule(
            round_, scheduled=True, remind_every_days=3, reminders_max=1, by=org.counsellor.user
        )
    with pytest.raises(actions.SurveyError):
        actions.set_schedule(
            round_, scheduled=True, remind_every_days=99, reminders_max=1, by=org.lead.user
        )
