"""A value a user controls (here a user name) reaches a CSV export as text, not a formula."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.conftest import Org
from tyonjako.audit.log import log_client_reads
from tyonjako.audit.purposes import Channel, Purpose

pytestmark = pytest.mark.django_db


def test_the_access_log_csv_neutralises_a_formula_in_a_user_name(org: Org, capsys) -> None:
    sneaky = User.objects.create(username="=cmd|'/C calc'!A0")
    log_client_reads(sneaky, [org.own_client], Purpose.CLIENT_PAGE, Channel.PAGE)
    call_command("audit", "client", org.own_client.key, "--format", "csv")
    out = capsys.readouterr().out
    assert "'=cmd|'/C calc'!A0" in out
    assert "\n=cmd" not in out and ",=cmd" not in out
