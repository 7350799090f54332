"""Settings fail loudly on bad values, and production settings pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "tyonjako.cli", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 30 + "production-secret-key-for-the-test-only",
    "TYONJAKO_PSEUDONYM_KEY": "p" * 40,
    "ALLOWED_HOSTS": "tyonjako.example.fi",
}


def test_a_bad_debug_value_stops_the_program_naming_it() -> None:
    result = run({"DEBUG": "maybe"}, "check")
    assert result.returncode != 0 and "DEBUG: expected true/false" in result.stderr


def test_production_needs_a_secret_key() -> None:
    result = run({"DEBUG": "0"}, "check")
    assert result.returncode != 0 and "SECRET_KEY: required" in result.stderr


def test_a_short_pseudonym_key_is_refused_in_production() -> None:
    result = run({**PRODUCTION, "TYONJAKO_PSEUDONYM_KEY": "short"}, "check")
    assert result.returncode != 0 and "TYONJAKO_PSEUDONYM_KEY" in result.stderr


def test_a_malformed_database_url_is_named() -> None:
    result = run({"DEBUG": "1", "DATABASE_URL": "nosuchdb://x"}, "check")
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


def test_production_settings_pass_the_deployment_check() -> None:
    result = run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
