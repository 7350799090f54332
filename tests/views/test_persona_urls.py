"""Every URL × every persona, generated from the URL configuration.

`URLS` below is the one table: URL name → the personas allowed in, and how to
build the kwargs (and, for write-only endpoints, the method). The test walks
Django's resolver; a pattern whose name is missing from the table fails, so a
new view cannot ship without saying who may use it. Everyone else must be
refused: 403, 404, or a redirect to a log-in page.

Adding a URL is one line: `"app:name": url(ALLOWED, key=..., pk=...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import Org

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "counsellor",
    "social_worker",
    "lead",
    "secretary",
    "director",
    "evaluator",
    "admin",
    "outsider",  # a counsellor of team B, in another service area
)
EVERYONE = frozenset(PERSONAS)  # public: only "no server error" is checked
SIGNED_IN = EVERYONE - {"anonymous"}
TEAM_A_WORKERS = frozenset({"counsellor", "social_worker", "lead"})
CLIENT_WORKERS = TEAM_A_WORKERS | {"outsider"}  # pages about their own teams' clients
TEAM_A_CLIENTS = TEAM_A_WORKERS | {"secretary"}  # a client or team of team A
SEES_CLIENTS = TEAM_A_CLIENTS | {"outsider"}
LEAD = frozenset({"lead"})
CONFIRMERS = frozenset({"social_worker", "lead"})
ADMIN = frozenset({"admin"})
IMPORTERS = frozenset({"secretary", "admin"})
JOB_DESCRIPTION_EDITORS = frozenset({"lead", "director", "admin"})
WHAT_IF = frozenset({"lead", "evaluator", "admin"})
NOT_OUTSIDER = SIGNED_IN - {"outsider"}
# Pilots of team A: seen by everyone whose scope holds the team's unit, run by leads up.
PILOT_VIEWERS = frozenset({"counsellor", "social_worker", "lead", "director", "evaluator", "admin"})
PILOT_MANAGERS = frozenset({"lead", "director", "evaluator", "admin"})
PILOT_LIST = PILOT_VIEWERS | {"outsider"}  # the outsider sees an empty list
SCENARIO_VIEWERS = frozenset({"lead", "director", "evaluator", "admin"})
SURVEY_MANAGERS = frozenset({"lead", "evaluator", "admin"})
SURVEY_RESULTS = frozenset({"lead", "director", "evaluator"})
SCENARIO_MANAGERS = frozenset({"lead", "director", "admin"})

# A kwarg value is a constant or a function of the fixture data.
Value = str | int | Callable[["Data"], Any]


@dataclass(frozen=True)
class Url:
    allowed: frozenset[str]
    kwargs: dict[str, Value] = field(default_factory=dict)
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)  # the POST body, if any
    query: str = ""  # a query string the page needs
    before_each: Callable[[Data], Any] | None = None  # re-creates what a request removes


def url(
    allowed: frozenset[str],
    method: str = "get",
    data: dict[str, str] | None = None,
    query: str = "",
    before_each: Callable[[Data], Any] | None = None,
    **kwargs: Value,
) -> Url:
    return Url(allowed, kwargs, method, data or {}, query, before_each)


@dataclass
class Data:
    org: Org
    assessment: Any
    assignment: Any
    encounter: Any
    job_description: Any
    unit_draft: Any  # a job description draft of team A's unit
    import_job: Any  # a finished import job of the secretary, with its rejected rows
    pilot: Any  # a pilot of team A
    survey_round: Any  # an open round of the October staff survey in team A's unit
    survey_token: str  # a single-use link of it
    named_round: Any  # a round of the monthly self-assessment for team A
    named_answer: Any  # the counsellor's submitted self-assessment


def _scenario(d: Data) -> None:
    """A saved staffing scenario of team A's unit (the delete test removes it each time)."""
    from tyonjako.staffing.models import Scenario

    Scenario.objects.get_or_create(
        key="convert-two",
        defaults={"unit": d.org.team_a.unit, "name": "Kaksi", "changes": []},
    )


KEY = "AS-2"  # a client of team A
TEAM = "KESKI-3064"  # team A
INSTRUMENT = {"key": "erityisen-tuen-tarve", "version": 1}


def _assessment(d: Data) -> int:
    return int(d.assessment.pk)


def _job_description(d: Data) -> int:
    return int(d.job_description.pk)


SAVE_SCENARIO = {
    "unit": "KESKI-ASTY",
    "query": "unit=KESKI-ASTY&convert_count=1",
    "key": "k1",
    "name": "n",
}

# fmt: off
URLS: dict[str, Url] = {
    "home": url(SIGNED_IN),
    "login": url(EVERYONE),
    "logout": url(EVERYONE, method="post"),
    "set_language": url(EVERYONE, method="post"),
    "assessments:start": url(TEAM_A_WORKERS, key=KEY),
    "assessments:edit": url(TEAM_A_WORKERS, key="AS-1", pk=_assessment),
    "assessments:detail": url(TEAM_A_WORKERS, key="AS-1", pk=_assessment),
    "assessments:confirm": url(CONFIRMERS, "post", key="AS-1", pk=_assessment),
    "assessments:overrides": url(SIGNED_IN),
    "assessments:my_work": url(TEAM_A_WORKERS | {"outsider"}),
    "assessments:instruments": url(WHAT_IF),
    "assessments:what_if": url(WHAT_IF, **INSTRUMENT),
    "caseload:register": url(SEES_CLIENTS),
    "caseload:assign": url(LEAD, key=KEY),
    "caseload:end": url(LEAD, method="post", key="AS-1", pk=lambda d: d.assignment.pk),
    "caseload:teams": url(SEES_CLIENTS),
    "caseload:queue": url(TEAM_A_CLIENTS, code=TEAM),
    "caseload:compliance": url(TEAM_A_CLIENTS, code=TEAM),
    "caseload:workers": url(TEAM_A_CLIENTS, code=TEAM),
    "clients:list": url(SEES_CLIENTS),
    "clients:find": url(SEES_CLIENTS, method="post"),
    "clients:detail": url(TEAM_A_CLIENTS, key=KEY),
    "encounters:record": url(CLIENT_WORKERS),
    "encounters:correct": url(frozenset({"counsellor"}), pk=lambda d: d.encounter.pk),
    "encounters:statistics": url(SIGNED_IN),
    "encounters:compare": url(SIGNED_IN),
    "encounters:upload": url(IMPORTERS),
    "encounters:import_status": url(IMPORTERS, pk=lambda d: d.import_job.pk),
    "encounters:import_rejected": url(IMPORTERS, pk=lambda d: d.import_job.pk),
    "healthz": url(EVERYONE),
    "tasks:catalogue": url(SIGNED_IN),
    "tasks:descriptions": url(SIGNED_IN),
    "tasks:new_draft": url(
        JOB_DESCRIPTION_EDITORS, "post", {"unit": "KESKI-ASTY"}, profession="counsellor"
    ),
    "tasks:description": url(SIGNED_IN, pk=_job_description),
    "tasks:edit": url(JOB_DESCRIPTION_EDITORS, pk=lambda d: d.unit_draft.pk),
    "tasks:print": url(SIGNED_IN, pk=_job_description),
    "tasks:who_does_what": url(SIGNED_IN),
    "organisation:teams": url(SIGNED_IN),
    "organisation:team": url(NOT_OUTSIDER, code=TEAM),
    "audit:log": url(ADMIN),
    "audit:find": url(ADMIN, method="post"),
    "audit:client": url(ADMIN, key=KEY),
    "client-list": url(SEES_CLIENTS),
    "client-detail": url(TEAM_A_CLIENTS, key=KEY),
    "team-list": url(SIGNED_IN),
    "team-detail": url(NOT_OUTSIDER, code=TEAM),
    "worker-list": url(SIGNED_IN),
    "worker-detail": url(NOT_OUTSIDER, username="ohjaaja"),
    "api-root": url(SIGNED_IN),
    "api-summary": url(SIGNED_IN),
    "api-evaluate": url(CLIENT_WORKERS, method="post"),
    "api-overrides": url(SIGNED_IN),
    "api-what-if": url(WHAT_IF),
    "api-client-assessments": url(TEAM_A_WORKERS, key=KEY),
    "api-assessment-decision": url(TEAM_A_WORKERS, "post", key="AS-1", pk=_assessment),
    "api-assessment-confirm": url(CONFIRMERS, "post", key="AS-1", pk=_assessment),
    "api-queue": url(TEAM_A_CLIENTS, code=TEAM),
    "api-caseload": url(TEAM_A_CLIENTS, code=TEAM),
    "api-findings": url(SIGNED_IN),
    "api-suggestions": url(LEAD, key=KEY),
    "api-assignments": url(TEAM_A_CLIENTS, key=KEY),
    "api-encounter-stats": url(SIGNED_IN),
    "api-tasks-report": url(SIGNED_IN),
    "api-imports": url(IMPORTERS, "post"),
    "pilots:list": url(PILOT_LIST),
    "pilots:load": url(PILOT_MANAGERS, "post"),
    "pilots:detail": url(PILOT_VIEWERS, key="trial-2026"),
    "pilots:meeting": url(PILOT_MANAGERS, "post", key="trial-2026"),
    "pilots:description": url(PILOT_VIEWERS, key="trial-2026"),
    "pilots:checkpoint": url(PILOT_VIEWERS, key="trial-2026", checkpoint="cp-1"),
    "pilots:freeze": url(PILOT_MANAGERS, "post", key="trial-2026", checkpoint="cp-1"),
    "pilots:conclusions": url(PILOT_MANAGERS, "post", key="trial-2026", checkpoint="cp-1"),
    "pilots:approve": url(PILOT_MANAGERS, "post", key="trial-2026", checkpoint="cp-1"),
    "api-pilots": url(PILOT_LIST),
    "api-pilot-report": url(PILOT_VIEWERS, key="trial-2026", checkpoint="cp-1"),
    "staffing:scenarios": url(SCENARIO_VIEWERS, query="unit=KESKI-ASTY"),
    "staffing:save": url(SCENARIO_MANAGERS, "post", SAVE_SCENARIO),
    "staffing:delete": url(SCENARIO_MANAGERS, "post", key="convert-two", before_each=_scenario),
    "staffing:export": url(SCENARIO_VIEWERS, query="unit=KESKI-ASTY", fmt="xlsx"),
    "staffing:posts": url(SCENARIO_VIEWERS, query="unit=KESKI-ASTY"),
    "staffing:post": url(SCENARIO_VIEWERS, code="STT-1"),
    "staffing:parameters": url(SCENARIO_VIEWERS),
    "api-scenarios-run": url(SCENARIO_VIEWERS, "post"),
    "api-scenario": url(SCENARIO_VIEWERS, key="convert-two", before_each=_scenario),
    "surveys:index": url(SIGNED_IN),
    "surveys:load": url(SURVEY_MANAGERS, "post"),
    "surveys:create_round": url(SURVEY_MANAGERS, "post"),
    "surveys:viewers": url(SURVEY_MANAGERS, key="monthly-self-assessment"),
    "surveys:round": url(SURVEY_MANAGERS | SURVEY_RESULTS, pk=lambda d: d.survey_round.pk),
    "surveys:round_action": url(SURVEY_MANAGERS, "post", pk=lambda d: d.survey_round.pk),
    "surveys:sheet": url(SURVEY_MANAGERS, "post", {"count": "2"}, pk=lambda d: d.survey_round.pk),
    "surveys:webropol": url(SURVEY_MANAGERS, "post", pk=lambda d: d.survey_round.pk),
    "surveys:results": url(SURVEY_RESULTS, pk=lambda d: d.survey_round.pk),
    "surveys:export": url(SURVEY_RESULTS, pk=lambda d: d.survey_round.pk, fmt="xlsx"),
    "surveys:api_results": url(SURVEY_RESULTS, pk=lambda d: d.survey_round.pk),
    "surveys:answer_named": url(TEAM_A_CLIENTS, pk=lambda d: d.named_round.pk),  # team A's staff
    "surveys:own": url(frozenset({"counsellor"}), pk=lambda d: d.named_answer.pk),
    "surveys:answer": url(EVERYONE, token=lambda d: d.survey_token),
    "surveys:open": url(EVERYONE, slug=lambda d: d.survey_round.open_link),
    "reports:compliance": url(SIGNED_IN),
    "api-compliance-report": url(SIGNED_IN),
    "api-encounter-recording": url(SIGNED_IN),
    "second-factor": url(SIGNED_IN),
    "second-factor-setup": url(SIGNED_IN),
    "api-import-status": url(IMPORTERS, pk=lambda d: d.import_job.pk),
    "schema": url(SIGNED_IN),
    "api-docs": url(SIGNED_IN),
    "admin:login": url(EVERYONE),
    "admin:logout": url(EVERYONE),
    # Every other pattern of the Django admin: the namespace rule below.
}
# fmt: on

# Every pattern of the Django admin site is for administrators (staff) only.
ADMIN_NAMESPACE = "admin"
ADMIN_DEFAULTS: dict[str, str] = {
    "object_id": "1",
    "pk": "1",
    "id": "1",
    "app_label": "organisation",
    "content_type_id": "1",
    "url": "nothing/",
}


def _walk(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            yield from _walk(pattern, f"{namespace}:{inner}".strip(":") if inner else namespace)
        else:
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, pattern


def all_patterns() -> list[tuple[str, URLPattern]]:
    return list(_walk(get_resolver()))


def test_every_url_is_in_the_table() -> None:
    missing = sorted(
        {
            name
            for name, _p in all_patterns()
            if not name.startswith(f"{ADMIN_NAMESPACE}:") and name not in URLS
        }
    )
    stale = sorted(set(URLS) - {name for name, _p in all_patterns()})
    assert not missing, f"add these URL names to URLS in {__name__}: {missing}"
    assert not stale, f"these URLS entries match no pattern any more: {stale}"


@pytest.fixture
def data(org: Org, settings: Any, tmp_path: Any) -> Data:
    from tests.factories import UserFactory  # noqa: F401 - the org fixture made the users
    from tyonjako.assessments.actions import save_draft
    from tyonjako.caseload.models import Assignment
    from tyonjako.encounters.background import imports_dir
    from tyonjako.encounters.jobs import IMPORT
    from tyonjako.encounters.models import Encounter
    from tyonjako.jobs.models import Job
    from tyonjako.tasks.actions import start_draft
    from tyonjako.tasks.models import JobDescriptionVersion

    settings.DATA_DIR = tmp_path
    org.admin.user.is_staff = org.admin.user.is_superuser = True
    org.admin.user.save()
    assessment = save_draft(org.own_client, {"coping": "2"}, by=org.counsellor.user)
    encounter = Encounter.objects.create(
        source_system="manual",
        source_id="E1",
        client=org.own_client,
        team=org.team_a,
        unit_id=org.team_a.unit_id,
        date=org.own_client.created_at.date() if hasattr(org.own_client, "created_at") else None,
        contact_type="visit",
        worker=org.counsellor,
        recorded_by=org.counsellor.user,
    )
    (imports_dir() / "x.rejected.csv").write_text("line;errors\n", encoding="utf-8")
    import_job = Job.objects.create(
        kind=IMPORT,
        state="done",
        progress=1.0,
        file_name="x.csv",
        started_by=org.secretary.user,
        arguments={"units": [org.team_a.unit_id]},
        result={"rejected": "x.rejected.csv"},
    )
    from tests.db.test_pilots import PILOT
    from tyonjako.organisation.models import Post
    from tyonjako.pilots.actions import load_pilot
    from tyonjako.surveys.actions import issue_tokens

    Post.objects.create(unit=org.team_a.unit, code="STT-1", profession="social_worker")
    survey_round, named_round, named_answer = _surveys(org)
    return Data(
        org=org,
        assessment=assessment,
        assignment=Assignment.objects.get(client=org.own_client),
        encounter=encounter,
        job_description=JobDescriptionVersion.objects.filter(status="published").first(),
        unit_draft=start_draft("counsellor", org.team_a.unit, by=org.admin.user),
        import_job=import_job,
        pilot=load_pilot(PILOT, by=org.lead.user),
        survey_round=survey_round,
        survey_token=issue_tokens(survey_round, 1, by=None)[0],
        named_round=named_round,
        named_answer=named_answer,
    )


def _surveys(org: Org) -> tuple[Any, Any, Any]:
    import datetime as dt
    from pathlib import Path

    from tyonjako.surveys import actions
    from tyonjako.surveys.models import NamedResponse

    library = Path(__file__).parents[2] / "tyonjako" / "surveys" / "library"
    rounds = []
    for name in ("october-staff-survey", "monthly-self-assessment"):
        path = library / f"{name}.yaml"
        version = actions.load_survey(path.read_bytes(), path.name, by=None)
        plan = actions.RoundPlan(
            "11/2026", dt.date(2026, 11, 1), dt.date(2026, 11, 30), org.team_a.unit, [org.team_a]
        )
        rounds.append(
            actions.open_round(
                actions.create_round(version, plan, by=None), by=None, open_link=True
            )
        )
    answer = NamedResponse.objects.create(
        round=rounds[1], respondent=org.counsellor, answers={}, submitted=True
    )
    return rounds[0], rounds[1], answer


def _persona_user(org: Org, persona: str) -> Any:
    return None if persona == "anonymous" else getattr(org, persona).user


def _is_refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return "login" in location


def _request(http: Any, entry: Url, path: str) -> Any:
    if entry.method == "post":
        return http.post(path, entry.data)
    return http.get(path)


def _check(http: Any, data: Data, path: str, entry: Url) -> list[str]:
    allowed = entry.allowed
    wrong = []
    for persona in PERSONAS:
        if entry.before_each is not None:
            entry.before_each(data)
        user = _persona_user(data.org, persona)
        http.logout()
        if user is not None:
            http.force_login(user)
        response = _request(http, entry, path)
        if response.status_code >= 500:
            wrong.append(f"{persona}: server error {response.status_code}")
        elif allowed == EVERYONE:
            continue
        elif response.status_code >= 500:
            wrong.append(f"{persona}: server error {response.status_code}")
        elif _is_refused(response) == (persona in allowed):
            verdict = "refused" if persona in allowed else "let in"
            wrong.append(f"{persona}: {verdict} ({response.status_code})")
    return wrong


def _resolve_kwargs(entry: Url, data: Data) -> dict[str, Any]:
    return {k: (v(data) if callable(v) else v) for k, v in entry.kwargs.items()}


@pytest.mark.parametrize("name", sorted(URLS))
def test_each_url_lets_in_exactly_its_personas(name: str, data: Data, client: Any) -> None:
    entry = URLS[name]
    if entry.before_each is not None:
        entry.before_each(data)
    path = reverse(name, kwargs=_resolve_kwargs(entry, data) or None)
    if entry.query:
        path = f"{path}?{entry.query}"
    wrong = _check(client, data, path, entry)
    assert not wrong, f"{name} {path}: " + "; ".join(wrong)


# The admin site refuses every non-staff user alike; these stand for the rest.
ADMIN_REFUSED = ("anonymous", "director", "secretary")


def test_the_admin_site_is_for_administrators_only(data: Data, client: Any) -> None:
    wrong = []
    for name, pattern in all_patterns():
        if not name.startswith(f"{ADMIN_NAMESPACE}:") or name in URLS:
            continue
        kwargs = {k: ADMIN_DEFAULTS[k] for k in pattern.pattern.regex.groupindex}
        path = "/admin/" + _fill(str(pattern.pattern), kwargs)
        for persona in ADMIN_REFUSED:
            user = _persona_user(data.org, persona)
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(path)
            if not _is_refused(response):
                wrong.append(f"{persona} {path} ({response.status_code})")
    assert not wrong, "; ".join(wrong)


def _fill(route: str, kwargs: dict[str, str]) -> str:
    import re

    route = route.lstrip("^").rstrip("$")
    for key, value in kwargs.items():
        route = re.sub(r"<(?:\w+:)?" + key + ">", value, route)
        route = re.sub(r"\(\?P<" + key + r">[^)]*\)", value, route)
    return route


def test_the_administrator_gets_into_the_admin_site(data: Data, client: Any) -> None:
    client.force_login(data.org.admin.user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_finding_a_client_is_refused_to_roles_that_see_no_clients(data: Data, client: Any) -> None:
    client.force_login(data.org.director.user)
    assert client.post(reverse("clients:find"), {"key": KEY}).status_code == 403


# A lost phone's device is removed there; surveys are listed there read-only.
ADMIN_APPS = {"organisation", "encounters", "auth", "otp_totp", "surveys"}


def test_the_admin_site_offers_the_organisation_and_code_lists_only() -> None:
    from django.contrib import admin

    registered = {f"{m._meta.app_label}.{m.__name__}" for m in admin.site._registry}
    assert {label.split(".")[0] for label in registered} <= ADMIN_APPS
    assert "auditlog.LogEntry" not in registered and "encounters.CodeValue" in registered
    assert {label for label in registered if label.startswith("encounters.")} == {
        "encounters.CodeValue"
    }
