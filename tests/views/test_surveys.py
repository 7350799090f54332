"""Survey pages: each URL's success case, bad input and the roles refused."""

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import Org
from tyonjako.surveys import actions
from tyonjako.surveys.models import Response, Round

pytestmark = pytest.mark.django_db
LIBRARY = Path(__file__).parents[2] / "tyonjako" / "surveys" / "library"


def _round(org: Org, name: str = "october-staff-survey", open_link: bool = False) -> Round:
    path = LIBRARY / f"{name}.yaml"
    version = actions.load_survey(path.read_bytes(), path.name, by=None)
    plan = actions.RoundPlan(
        "10/2026", dt.date(2026, 11, 1), dt.date(2026, 11, 15), org.team_a.unit, [org.team_a]
    )
    return actions.open_round(
        actions.create_round(version, plan, by=None), by=None, open_link=open_link
    )


ANSWER = {
    "respondent_role": "nurse",
    "cooperation": ["consultation"],
    "reachable": "4",
    "clear_roles": "4",
    "clients_helped": "5",
    "fits_health_care": "4",
}


def test_the_index_lists_rounds_for_a_lead_and_refuses_anonymous(org: Org, login, client) -> None:
    round_ = _round(org)
    assert client.get("/surveys/").status_code == 302
    html = login(org.lead).get("/surveys/").content.decode()
    assert round_.name in html


def test_a_lead_creates_a_round_and_bad_dates_are_refused(org: Org, login) -> None:
    _round(org)
    client = login(org.lead)
    data = {
        "survey": "october-staff-survey",
        "name": "Seuranta",
        "planned_start": "1.10.2027",
        "planned_end": "15.10.2027",
        "unit": org.team_a.unit.code,
        "teams": [org.team_a.code],
    }
    response = client.post("/surveys/rounds/new/", data)
    assert response.status_code == 302 and Round.objects.filter(name="Seuranta").exists()
    assert (
        client.post("/surveys/rounds/new/", {**data, "planned_end": "31.2.2027"}).status_code == 400
    )


@pytest.mark.parametrize("persona", ["counsellor", "social_worker", "secretary", "director"])
def test_others_may_not_create_rounds(org: Org, login, persona: str) -> None:
    _round(org)
    response = login(getattr(org, persona)).post(
        "/surveys/rounds/new/",
        {
            "survey": "october-staff-survey",
            "name": "x",
            "planned_start": "1.10.2027",
            "planned_end": "2.10.2027",
        },
    )
    assert response.status_code == 403


def test_the_round_page_its_actions_and_the_printable_sheet(org: Org, login) -> None:
    round_ = _round(org)
    client = login(org.lead)
    assert client.get(f"/surveys/rounds/{round_.pk}/").status_code == 200
    html = client.post(f"/surveys/rounds/{round_.pk}/sheet/", {"count": "3"}).content.decode()
    assert html.count('data-testid="link"') == 3 and "<svg" in html
    assert client.post(f"/surveys/rounds/{round_.pk}/sheet/", {"count": "x"}).status_code == 400
    assert (
        client.post(f"/surveys/rounds/{round_.pk}/action/", {"action": "nonsense"}).status_code
        == 400
    )
    assert (
        client.post(f"/surveys/rounds/{round_.pk}/action/", {"action": "close"}).status_code == 302
    )
    assert login(org.counsellor).get(f"/surveys/rounds/{round_.pk}/").status_code == 403
    assert (  # a round the person may not manage answers as a missing one
        login(org.counsellor)
        .post(f"/surveys/rounds/{round_.pk}/sheet/", {"count": "3"})
        .status_code
        == 404
    )
    assert (
        login(org.outsider)
        .post(f"/surveys/rounds/{round_.pk}/action/", {"action": "close"})
        .status_code
        == 404
    )


def test_answering_by_link_page_by_page_in_swedish(org: Org, client) -> None:
    round_ = _round(org)
    token = actions.issue_tokens(round_, 1, by=None)[0]
    url = f"/s/{token}/"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Din yrkesgrupp" in html
    bad = client.post(url, {"page": "0", "respondent_role": "nobody"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert bad.status_code == 400
    assert (
        client.post(
            url, {"page": "0", "respondent_role": "nurse", "cooperation": "referral"}
        ).status_code
        == 302
    )
    assert (
        "Socialhandledaren är lätt att nå."
        in client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    )
    client.post(
        url,
        {
            "page": "1",
            **{
                k: ANSWER[k]
                for k in ("reachable", "clear_roles", "clients_helped", "fits_health_care")
            },
        },
    )
    done = client.post(url, {"page": "2", "overall": "7", "move": "submit"})
    assert 'data-testid="thanks"' in done.content.decode()
    assert Response.objects.get().answers["overall"] == "7"
    assert 'data-testid="closed"' in client.get(url).content.decode()
    assert client.get("/s/notatoken0000000000000000000000000/").status_code == 404


def test_the_open_link_is_rate_limited(org: Org, client, settings) -> None:
    from tyonjako.surveys import views

    round_ = _round(org, open_link=True)
    url = f"/o/{round_.open_link}/"
    assert client.get(url).status_code == 200
    views_limit = views.OPEN_LINK_LIMIT
    try:
        views.OPEN_LINK_LIMIT = 1
        post = {"page": "2", "move": "submit", "entered_by": "expert"}
        assert 'data-testid="thanks"' in client.post(url, post).content.decode()
        assert client.post(url, post).status_code == 429
    finally:
        views.OPEN_LINK_LIMIT = views_limit
        from django.core.cache import cache

        cache.clear()
    assert Response.objects.get().entered_by == "expert"
    assert client.get("/o/nothing/").status_code == 404


def test_results_for_the_evaluator_only_past_the_minimum_and_with_a_baseline(
    org: Org, login
) -> None:
    baseline = _round(org)
    for _ in range(5):
        actions.submit_open(baseline, {**ANSWER, "clear_roles": "2"}, "self")
    round_ = Round.objects.create(
        version=baseline.version,
        name="follow-up",
        unit=org.team_a.unit,
        planned_start=dt.date(2026, 11, 1),
        planned_end=dt.date(2026, 11, 30),
        opens_on=dt.date(2026, 11, 1),
    )
    client = login(org.evaluator)
    url = f"/surveys/rounds/{round_.pk}/results/"
    for _ in range(4):
        actions.submit_open(round_, ANSWER, "self")
    assert 'data-testid="below-minimum"' in client.get(url).content.decode()
    actions.submit_open(round_, ANSWER, "self")
    html = client.get(url, {"baseline": baseline.pk, "by": "team_code"}).content.decode()
    assert 'data-testid="responses"' in html and 'data-testid="comparison"' in html
    assert client.get(url, {"by": "name"}).status_code == 400
    assert client.get(url, {"baseline": "x"}).status_code == 400
    assert client.get(f"/surveys/rounds/{round_.pk}/export.xlsx").status_code == 200
    assert client.get(f"/surveys/rounds/{round_.pk}/export.csv").status_code == 200
    api = client.get(f"/api/v1/surveys/rounds/{round_.pk}/results/").json()
    assert api["groups"][0]["responses"] == 5
    for persona in ("counsellor", "social_worker", "secretary", "outsider"):
        other = login(getattr(org, persona))
        assert other.get(url).status_code == 403
        assert other.get(f"/surveys/rounds/{round_.pk}/export.csv").status_code == 403
        assert other.get(f"/api/v1/surveys/rounds/{round_.pk}/results/").status_code == 403


def test_the_named_self_assessment_is_answered_and_seen_by_its_respondent_only(
    org: Org, login
) -> None:
    round_ = _round(org, "monthly-self-assessment")
    client = login(org.counsellor)
    url = f"/surveys/rounds/{round_.pk}/answer/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"page": "0", "month": "31.2.2026"}).status_code == 400
    client.post(url, {"page": "0", "month": "1.11.2026"})
    tasks = {
        k: "4"
        for k in (
            "task_guidance",
            "task_benefits",
            "task_assessment",
            "task_network",
            "task_documentation",
        )
    }
    client.post(url, {"page": "1", **tasks})
    client.post(url, {"page": "2", "coping_clients": "4", "needed_consultation": "no"})
    response = client.post(url, {"page": "3", "ideas": "Lisää aikaa", "move": "submit"})
    assert response.status_code == 302
    own = response["Location"]
    assert "Lisää aikaa" in client.get(own).content.decode()
    assert login(org.lead).get(own).status_code == 403
    assert login(org.director).get(url).status_code == 403


def test_a_named_viewer_sees_the_answers_of_a_named_round(org: Org, login) -> None:
    from tyonjako.surveys.models import NamedResponse

    round_ = _round(org, "monthly-self-assessment")
    actions.save_named(round_, {"month": "1.11.2026"}, 0, submit=True, by=org.counsellor.user)
    answer = NamedResponse.objects.get()
    assert login(org.lead).get(f"/surveys/answers/{answer.pk}/").status_code == 403
    round_.version.survey.viewers.add(org.lead)
    client = login(org.lead)
    html = client.get(f"/surveys/rounds/{round_.pk}/").content.decode()
    assert f"/surveys/answers/{answer.pk}/" in html
    assert client.get(f"/surveys/answers/{answer.pk}/").status_code == 200
    assert client.get("/surveys/answers/999999/").status_code == 404


def test_a_definition_is_uploaded_and_a_broken_one_is_refused_naming_the_problem(
    org: Org, login
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tyonjako.surveys.models import Survey

    client = login(org.evaluator)
    path = LIBRARY / "client-feedback.yaml"
    good = SimpleUploadedFile(path.name, path.read_bytes())
    assert client.post("/surveys/load/", {"file": good}).status_code == 302
    assert Survey.objects.filter(key="client-feedback").exists()
    broken = SimpleUploadedFile("b.yaml", b"key: x\nquestions:\n  - {type: geopoint, name: p}\n")
    response = client.post("/surveys/load/", {"file": broken})
    assert response.status_code == 400 and "geopoint" in response.content.decode()
    assert client.post("/surveys/load/", {}).status_code == 400
    for persona in ("counsellor", "director", "secretary"):
        again = SimpleUploadedFile(path.name, path.read_bytes())
        assert (
            login(getattr(org, persona)).post("/surveys/load/", {"file": again}).status_code == 403
        )


def test_a_webropol_export_is_imported_on_the_round_page(org: Org, login) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    round_ = _round(org)
    url = f"/surveys/rounds/{round_.pk}/webropol/"
    mapping = "columns:\n  Rooli: respondent_role\n  Selkeys: clear_roles\n"
    good = SimpleUploadedFile("w.csv", "Rooli;Selkeys\nHoitaja;4\nLääkäri;5\n".encode())
    client = login(org.lead)
    assert client.post(url, {"file": good, "map": mapping}).status_code == 302
    assert Response.objects.filter(round=round_, entered_by="webropol").count() == 2
    bad = SimpleUploadedFile("w.csv", b"Rooli;Selkeys\nHoitaja;9\n")
    response = client.post(url, {"file": bad, "map": mapping})
    assert response.status_code == 400 and "row 2" in response.content.decode()
    assert client.post(url, {"map": mapping}).status_code == 400
    again = SimpleUploadedFile("w.csv", b"Rooli;Selkeys\nHoitaja;4\n")
    assert login(org.counsellor).post(url, {"file": again, "map": mapping}).status_code == 403


def test_the_schedule_is_set_on_the_round_page(org: Org, login) -> None:
    round_ = _round(org)
    client = login(org.lead)
    assert 'data-testid="schedule"' in client.get(f"/surveys/rounds/{round_.pk}/").content.decode()
    form = {"action": "schedule", "scheduled": "1", "remind_every_days": "7", "reminders_max": "2"}
    assert client.post(f"/surveys/rounds/{round_.pk}/action/", form).status_code == 302
    round_.refresh_from_db()
    assert (round_.scheduled, round_.remind_every_days, round_.reminders_max) == (True, 7, 2)
    bad = {**form, "remind_every_days": "x"}
    assert client.post(f"/surveys/rounds/{round_.pk}/action/", bad).status_code == 400
    bad = {**form, "remind_every_days": "365"}
    assert client.post(f"/surveys/rounds/{round_.pk}/action/", bad).status_code == 400
    assert (
        login(org.counsellor).post(f"/surveys/rounds/{round_.pk}/action/", form).status_code == 404
    )


def test_named_viewers_are_managed_within_scope_and_audited(org: Org, login) -> None:
    from auditlog.models import LogEntry

    round_ = _round(org, "monthly-self-assessment")
    survey = round_.version.survey
    url = f"/surveys/named/{survey.key}/viewers/"
    lead = login(org.lead)
    assert (
        'data-testid="viewers-link"' in lead.get(f"/surveys/rounds/{round_.pk}/").content.decode()
    )
    page = lead.get(url).content.decode()
    assert 'data-testid="no-viewers"' in page and f'value="{org.social_worker.pk}"' in page
    assert f'value="{org.outsider.pk}"' not in page  # a worker of another unit is not offered
    assert lead.post(url, {"add": str(org.social_worker.pk)}).status_code == 302
    assert list(survey.viewers.all()) == [org.social_worker]
    entry = LogEntry.objects.get_for_object(survey).latest("pk")
    assert entry.actor == org.lead.user and "viewers_added" in entry.changes
    assert str(org.social_worker) not in str(entry.changes)  # ids, not names
    # The named viewer now sees the answers; a worker out of the lead's scope is refused.
    assert lead.post(url, {"add": str(org.outsider.pk)}).status_code == 403
    assert lead.post(url, {"add": "x"}).status_code == 400
    assert lead.post(url, {}).status_code == 400
    assert lead.post(url, {"remove": str(org.social_worker.pk)}).status_code == 302
    assert not survey.viewers.exists()
    anonymous = _round(org).version.survey
    assert anonymous.anonymous
    assert lead.get(f"/surveys/named/{anonymous.key}/viewers/").status_code == 404
    assert login(org.counsellor).get(url).status_code == 403
