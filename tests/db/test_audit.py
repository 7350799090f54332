import json

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Org
from tyonjako.audit.purposes import Purpose
from tyonjako.audit.report import access_report
from tyonjako.caseload.models import Assignment
from tyonjako.clients.access import ClientNotFound, get_client_for, normalise_key
from tyonjako.clients.models import Client

pytestmark = pytest.mark.django_db


def test_the_access_report_lists_reads_denials_and_changes(org: Org) -> None:
    get_client_for(org.counsellor.user, "AS-1", purpose=Purpose.CLIENT_PAGE)
    with pytest.raises(ClientNotFound):
        get_client_for(org.outsider.user, "AS-1", purpose=Purpose.CLIENT_PAGE)
    assignment = Assignment.objects.get(client=org.own_client)
    assignment.reason = "jatkuvuus"
    assignment.save()
    report = access_report("AS-1")
    assert report is not None
    _client, rows = report
    summary = [(row["user"], row["action"]) for row in rows]
    assert ("ohjaaja", "read") in summary
    assert ("ulkopuolinen", "denied") in summary
    assert any(row["action"] == "update" and row["detail"].startswith("assignment") for row in rows)


def test_another_clients_reads_do_not_show(org: Org) -> None:
    get_client_for(org.counsellor.user, "AS-2", purpose=Purpose.CLIENT_PAGE)
    report = access_report("AS-1")
    assert report is not None
    assert all(row["action"] != "read" for row in report[1])


def test_the_command_accepts_an_identity_code_and_prints_who_when_why(org: Org, capsys) -> None:
    Client.objects.filter(pk=org.own_client.pk).update(key=normalise_key("131052-308T"))
    get_client_for(org.counsellor.user, "131052-308T", purpose=Purpose.CLIENT_PAGE)
    call_command("audit", "client", "131052-308T", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out["client"].startswith("h-")
    reads = [row for row in out["entries"] if row["action"] == "read"]
    assert reads[0]["user"] == "ohjaaja" and reads[0]["purpose"] == "client_page"
    assert reads[0]["time"] == "25.11.2026 12:00:00"


def test_the_command_logs_that_the_report_was_made(org: Org, capsys) -> None:
    call_command("audit", "client", "AS-1")
    call_command("audit", "client", "AS-1")
    assert "access_report" in capsys.readouterr().out


def test_the_command_refuses_an_invalid_identity_code(org: Org) -> None:
    with pytest.raises(CommandError, match="invalid personal identity code"):
        call_command("audit", "client", "131052-308A")


def test_the_command_says_when_no_client_has_the_key(org: Org) -> None:
    with pytest.raises(CommandError, match="no client"):
        call_command("audit", "client", "AS-999")
