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


def test_collectstatic_works_with_the_manifest_storage_of_production(tmp_path: Path) -> None:
    """With DEBUG off static files are stored by a manifest storage, which refuses a
    reference to a missing file (the Chart.js source map once stopped collectstatic, and
    every page answered 500). Django's manifest storage is the part that checks the
    references; WhiteNoise only compresses after it (slow, so left out here)."""
    from django.core.management import call_command
    from django.test import override_settings

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()


def test_every_source_map_a_vendored_file_names_is_vendored() -> None:
    vendor = ROOT / "tyonjako" / "web" / "static" / "vendor"
    for path in [*vendor.rglob("*.js"), *vendor.rglob("*.css")]:
        tail = path.read_text(encoding="utf-8", errors="replace")[-300:]
        for line in tail.splitlines():
            if "sourceMappingURL=" in line:
                name = line.split("sourceMappingURL=", 1)[1].strip(" */\n")
                assert (path.parent / name).exists(), f"{path.name} names a missing {name}"
