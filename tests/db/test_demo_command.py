"""The demo command, on an empty database (tests/db/test_demo.py shares one built demo)."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_demo_command_refuses_when_debug_is_off(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo")


def test_the_demo_command_with_if_empty_succeeds_on_a_full_database(settings, capsys) -> None:
    settings.DEBUG = True
    call_command("demo")
    call_command("demo", "--if-empty")
    assert "demo not loaded" in capsys.readouterr().out
