"""Every project command answers bad arguments with a message and exit code 2, never a
traceback. Generated from the commands' own argument parsers, so a new command or
option is tested without writing a test for it."""

import argparse
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from django.core.management import get_commands, load_command_class

from tyonjako import cli

pytestmark = pytest.mark.django_db

DJANGO_OPTIONS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}
GARBAGE = "9999-99-99?"
EXTREME = ("0001-01-01", "9999-12-31")


def project_commands() -> list[tuple[str, list[str], argparse.ArgumentParser]]:
    """(command, sub-command path, parser) for every command of the project's apps."""
    found = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("tyonjako"):
            continue
        parser = load_command_class(app, name).create_parser("tyonjako", name)
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if subs:
            for sub_name, sub_parser in subs[0].choices.items():
                found.append((name, [sub_name], sub_parser))
        else:
            found.append((name, [], parser))
    return found


COMMANDS = project_commands()
IDS = [" ".join([name, *path]) for name, path, _parser in COMMANDS]


def arguments(parser: argparse.ArgumentParser, value: str) -> list[str]:
    """Every positional and value option filled with `value` (a valid choice where the
    option has choices, so that the value reaches the command)."""
    args: list[str] = []
    for action in parser._actions:
        if action.dest in DJANGO_OPTIONS or isinstance(action, argparse._SubParsersAction):
            continue
        if action.nargs == 0:
            continue
        filled = str(next(iter(action.choices))) if action.choices else value
        if action.option_strings:
            args += [action.option_strings[-1], filled]
        else:
            args.append(filled)
    return args


def run(*argv: str, monkeypatch) -> tuple[int, str]:
    monkeypatch.setattr("sys.argv", ["tyonjako", *argv])
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        cli.main()
        raise SystemExit(0)
    code = exit_.value.code
    return (code if isinstance(code, int) else 1 if code else 0), err.getvalue()


@pytest.mark.parametrize(("name", "path", "parser"), COMMANDS, ids=IDS)
def test_an_unknown_option_is_exit_code_2(name, path, parser, monkeypatch) -> None:
    code, err = run(name, *path, "--no-such-option", monkeypatch=monkeypatch)
    assert code == 2 and "Traceback" not in err and err.strip()


@pytest.mark.parametrize(("name", "path", "parser"), COMMANDS, ids=IDS)
def test_malformed_values_are_exit_code_2_with_a_message(
    name, path, parser, monkeypatch, tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    args = arguments(parser, GARBAGE)
    if not args:
        pytest.skip("the command takes no values")
    code, err = run(name, *path, *args, monkeypatch=monkeypatch)
    assert code == 2, err
    assert "Traceback" not in err and err.strip()


@pytest.mark.parametrize(("name", "path", "parser"), COMMANDS, ids=IDS)
@pytest.mark.parametrize("extreme", EXTREME)
def test_extreme_dates_never_crash(name, path, parser, extreme, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    args = arguments(parser, extreme)
    if not args:
        pytest.skip("the command takes no values")
    code, err = run(name, *path, *args, monkeypatch=monkeypatch)
    assert code in (0, 2), err
    assert "Traceback" not in err
