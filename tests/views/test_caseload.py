import pytest
from auditlog.models import LogEntry

from tests.conftest import Org
from tyonjako.caseload.models import Assignment, AssignmentKind
from tyonjako.caseload.services import intake_queue
from tyonjako.common.clock import today

pytestmark = pytest.mark.django_db


def test_the_queue_shows_who_waits_and_logs_the_rows(org: Org, login) -> None:
    response = login(org.lead).get(f"/caseload/{org.team_a.code}/")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="queue-row-AS-2"' in html
    assert LogEntry.objects.filter(additional_data__purpose="intake", object_repr="AS-2").exists()


def test_the_queue_names_the_clients_language_never_its_code(org: Org, login) -> None:
    from tyonjako.clients.models import Client

    Client.objects.filter(key="AS-2").update(language="sv")
    client = login(org.lead)
    fi = client.get(f"/caseload/{org.team_a.code}/").content.decode()
    assert "<td>ruotsi</td>" in fi and "<td>sv</td>" not in fi
    sv = client.get(f"/caseload/{org.team_a.code}/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "<td>svenska</td>" in sv


def test_a_long_queue_is_shown_a_page_at_a_time_and_only_the_page_is_logged(
    org: Org, login
) -> None:
    from tests.factories import ClientFactory
    from tyonjako.caseload.views import QUEUE_PAGE_SIZE

    ClientFactory.create_batch(QUEUE_PAGE_SIZE + 5, team=org.team_a)
    waiting = len(intake_queue(org.team_a, today()))
    assert waiting > QUEUE_PAGE_SIZE
    browser = login(org.lead)
    first = browser.get(f"/caseload/{org.team_a.code}/").content.decode()
    assert first.count('data-testid="queue-row-') == QUEUE_PAGE_SIZE
    assert LogEntry.objects.filter(additional_data__purpose="intake").count() == QUEUE_PAGE_SIZE
    second = browser.get(f"/caseload/{org.team_a.code}/?page=2").content.decode()
    assert second.count('data-testid="queue-row-') == waiting - QUEUE_PAGE_SIZE
    assert "Sivu 2/2" in second


def test_another_teams_queue_is_not_found(org: Org, login) -> None:
    assert login(org.outsider).get(f"/caseload/{org.team_a.code}/").status_code == 404


def test_the_queue_is_forbidden_to_an_evaluator(org: Org, login) -> None:
    assert login(org.evaluator).get("/caseload/").status_code == 403


def test_the_assignment_page_suggests_with_reasons(org: Org, login) -> None:
    html = login(org.lead).get("/clients/AS-2/assign/").content.decode()
    assert 'data-testid="suggestions-personal_worker"' in html
    assert "painotettua asiakasta" in html  # the Finnish load explanation


def test_a_lead_takes_a_suggestion(org: Org, login) -> None:
    response = login(org.lead).post(
        "/clients/AS-2/assign/",
        {
            "worker": org.counsellor.pk,
            "kind": "personal_worker",
            "start": "2026-11-25",
            "expected": "none",
            "reason": "ehdotus",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.get(client=org.team_client).worker == org.counsellor


def test_a_bad_assignment_is_refused_on_the_page(org: Org, login) -> None:
    response = login(org.lead).post(
        "/clients/AS-2/assign/",
        {"worker": org.secretary.pk, "kind": "pair", "start": "2026-11-25", "expected": "none"},
    )
    assert response.status_code == 400
    assert not Assignment.objects.filter(client=org.team_client).exists()


def test_a_counsellor_may_not_assign(org: Org, login) -> None:
    assert login(org.counsellor).get("/clients/AS-2/assign/").status_code == 404


def test_ending_an_assignment_before_its_start_is_refused(org: Org, login) -> None:
    assignment = Assignment.objects.get(client=org.own_client)
    client = login(org.lead)
    client.post(f"/clients/AS-1/assign/{assignment.pk}/end/", {"end": "2026-01-01"})
    assignment.refresh_from_db()
    assert assignment.end is None
    client.post(f"/clients/AS-1/assign/{assignment.pk}/end/", {"end": "2026-11-25"})
    assignment.refresh_from_db()
    assert assignment.end is not None


def test_compliance_page_runs_and_stores_counts(org: Org, login) -> None:
    client = login(org.lead)
    assert client.get(f"/caseload/{org.team_a.code}/compliance/").status_code == 200
    assert client.post(f"/caseload/{org.team_a.code}/compliance/").status_code == 302
    html = client.get(f"/caseload/{org.team_a.code}/compliance/").content.decode()
    assert 'id="compliance-chart-data"' in html


def test_the_worker_dashboard_has_two_charts(org: Org, login) -> None:
    html = login(org.lead).get(f"/caseload/{org.team_a.code}/workers/").content.decode()
    assert 'id="segment-chart-data"' in html and 'id="load-chart-data"' in html
    assert org.counsellor.user.last_name in html


def test_pairs_count_in_the_dashboard(org: Org, login) -> None:
    Assignment.objects.create(
        client=org.own_client,
        worker=org.social_worker,
        kind=AssignmentKind.PAIR,
        start=org.own_client.pending_since,
    )
    from tyonjako.caseload.services import caseload_dashboard
    from tyonjako.common.clock import today

    rows = {row["name"]: row for row in caseload_dashboard(org.team_a, today())["workers"]}
    assert rows[str(org.social_worker)]["pair_clients"] == 1


def test_replacing_the_personal_worker_asks_for_confirmation_on_every_path(org: Org, login) -> None:
    """The manual picker, a suggestion button and the API all refuse to replace the
    current personal worker without the confirmation, and count a confirmed one."""
    from tyonjako.caseload.actions import worker_changes
    from tyonjako.caseload.models import Assignment

    url = f"/clients/{org.own_client.key}/assign/"
    lead = login(org.lead)
    page = lead.get(url).content.decode()
    assert 'data-testid="manual-replace"' in page and 'name="replace"' in page
    form = {
        "worker": org.social_worker.pk,
        "kind": "personal_worker",
        "start": "2026-11-25",
        "reason": "",
        "justification": "",
        "expected": str(org.counsellor.pk),
    }
    refused = lead.post(url, form)
    assert refused.status_code == 400 and "id_replace_error" in refused.content.decode()
    api = lead.post(
        f"/api/v1/clients/{org.own_client.key}/assignments/",
        {"worker": org.social_worker.user.username, "kind": "personal_worker"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "replace" in api.json()
    assert worker_changes(org.own_client) == 0
    assert lead.post(url, {**form, "replace": "1"}).status_code == 302
    assert worker_changes(org.own_client) == 1
    current = Assignment.objects.get(
        client=org.own_client, end__isnull=True, kind="personal_worker"
    )
    assert current.worker == org.social_worker
