"""The backup in docs/operations.md restores: `pg_dump -Fc` of a database with data,
`pg_restore` into an empty one, and every table comes back with the same rows; the
restored database then passes `migrate --check` (nothing to apply). PostgreSQL only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.apps import apps
from django.db import connection

from tests.conftest import Org
from tests.db.test_encounter_import import GOOD, codes, write  # noqa: F401 — the fixture
from tyonjako.encounters.importer import ImportOptions, run_import

pytestmark = [pytest.mark.postgresql, pytest.mark.usefixtures("codes")]
ROOT = Path(__file__).resolve().parents[2]


def counts(dbname: str, db: dict[str, Any]) -> dict[str, int]:
    tables = sorted(model._meta.db_table for model in apps.get_models())
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=dbname, autocommit=True
    ) as conn:
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]
            for table in tables
        }


def test_a_dump_restores_into_an_empty_database_whole(
    transactional_db: Any, org: Org, tmp_path: Path
) -> None:
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.fail("pg_dump and pg_restore are needed (apt-get install postgresql-client)")
    run_import(write(tmp_path, GOOD), ImportOptions())
    db = connection.settings_dict
    target = f"{db['NAME']}_restore"
    env = {**os.environ, "PGHOST": str(db["HOST"]), "PGPORT": str(db["PORT"]), "PGUSER": db["USER"]}
    dump = tmp_path / "tyonjako.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), db["NAME"]], env=env, check=True)
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
        try:
            subprocess.run(
                ["pg_restore", "--no-owner", "-d", target, str(dump)], env=env, check=True
            )
            restored = counts(target, db)
            assert restored == counts(db["NAME"], db)
            assert restored["encounters_encounter"] == 2
            check = subprocess.run(
                [sys.executable, "-m", "tyonjako.cli", "migrate", "--check"],
                env={
                    **env,
                    "DEBUG": "1",
                    "PYTHONPATH": str(ROOT),
                    "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{target}",
                    "TYONJAKO_DATA_DIR": str(tmp_path),
                },
                capture_output=True,
            )
            assert check.returncode == 0, check.stdout + check.stderr
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
