"""`tyonjako --help` and every command's --help work before any configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tyonjako.cli import asks_only_for_help

BIN = Path(sys.executable).parent / "tyonjako"


@pytest.mark.parametrize(
    ("argv", "help_only"),
    [
        (["tyonjako"], True),
        (["tyonjako", "--help"], True),
        (["tyonjako", "help", "assess"], True),
        (["tyonjako", "assess", "--help"], True),
        (["tyonjako", "migrate"], False),
        (["tyonjako", "assess", "--answers", "a.json"], False),
    ],
)
def test_a_help_request_is_recognised(argv: list[str], help_only: bool) -> None:
    assert asks_only_for_help(argv) is help_only


def _unconfigured(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp"}
    return subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, cwd="/tmp")


def test_help_works_without_secrets_but_a_data_command_asks_for_them() -> None:
    assert _unconfigured("--help").returncode == 0
    assert "usage" in _unconfigured("assess", "--help").stdout
    refused = _unconfigured("migrate")
    assert refused.returncode == 2 and "SECRET_KEY" in refused.stderr
