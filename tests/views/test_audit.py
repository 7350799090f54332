import pytest

from tests.conftest import Org

pytestmark = pytest.mark.django_db


def test_the_admin_filters_the_log_by_user_and_client(org: Org, login) -> None:
    login(org.counsellor).get("/clients/AS-1/")
    client = login(org.admin)
    html = client.get("/audit/", {"user": "ohjaaja", "client": "AS-1"}).content.decode()
    assert "ohjaaja" in html and "AS-1" in html
    html = client.get("/audit/", {"user": "nobody"}).content.decode()
    assert "ohjaaja" not in html


def test_a_bad_date_range_is_reported(org: Org, login) -> None:
    response = login(org.admin).get("/audit/", {"start": "2026-11-25", "end": "2026-11-01"})
    assert "end" in response.context["form"].errors


def test_the_client_report_in_one_click_as_page_and_csv(org: Org, login) -> None:
    login(org.counsellor).get("/clients/AS-1/")
    client = login(org.admin)
    response = client.post("/audit/client/", {"key": "AS-1"})
    assert response["Location"] == "/audit/client/AS-1/"
    assert "ohjaaja" in client.get("/audit/client/AS-1/").content.decode()
    csv = client.get("/audit/client/AS-1/?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "ohjaaja" in csv.content.decode()


@pytest.mark.parametrize("persona", ["counsellor", "lead", "evaluator", "director"])
def test_the_audit_log_is_forbidden_to_everyone_but_the_admin(
    org: Org, login, persona: str
) -> None:
    client = login(getattr(org, persona))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/client/AS-1/").status_code == 403


def test_the_audit_viewers_own_reads_of_client_keys_are_logged(org: Org, login) -> None:
    from auditlog.models import LogEntry

    login(org.counsellor).get("/clients/AS-1/")
    login(org.admin).get("/audit/", {"client": "AS-1"})
    entry = LogEntry.objects.filter(actor=org.admin.user, action=LogEntry.Action.ACCESS).get()
    assert entry.object_id == org.own_client.pk
    assert entry.additional_data["purpose"] == "administration"
