from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import Org
from tyonjako.assessments.actions import active_version_for
from tyonjako.assessments.engine import DEFAULT_INSTRUMENT_PATH

pytestmark = pytest.mark.django_db


def draft(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "v3.yaml"
    source = DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8").replace(
        "version: 1", "version: 3", 1
    )
    path.write_text(text or source, encoding="utf-8")
    return path


def test_load_list_and_activate_for_a_team(org: Org, tmp_path: Path, capsys) -> None:
    call_command("instruments", "load", str(draft(tmp_path)))
    call_command("instruments", "activate", "erityisen-tuen-tarve@3", "--team", org.team_a.code)
    call_command("instruments", "list")
    out = capsys.readouterr().out
    assert "erityisen-tuen-tarve@3: loaded" in out and f"team {org.team_a.code}" in out
    assert active_version_for(org.team_a).version == 3


def test_an_invalid_file_reports_every_problem_and_loads_nothing(tmp_path: Path, capsys) -> None:
    bad = DEFAULT_INSTRUMENT_PATH.read_text(encoding="utf-8").replace("version: 1", "version: 3", 1)
    bad = bad.replace("type: scale", "type: slider", 1)
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("instruments", "load", str(draft(tmp_path, bad)))
    assert "line" in capsys.readouterr().err


def test_activating_an_unknown_version_is_refused(org: Org) -> None:
    with pytest.raises(CommandError, match="no such instrument version"):
        call_command("instruments", "activate", "erityisen-tuen-tarve@7")


def test_an_unknown_team_is_named(org: Org) -> None:
    with pytest.raises(CommandError, match="unknown team code 'NOPE'"):
        call_command("instruments", "activate", "erityisen-tuen-tarve@1", "--team", "NOPE")
