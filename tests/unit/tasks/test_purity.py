"""The catalogue is pure Python and its documentation names what the code uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tyonjako.tasks.catalogue.model import RESERVED_VALUES, WHO_VALUES

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "tyonjako" / "tasks" / "catalogue"


def test_the_catalogue_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "import tyonjako.tasks.catalogue as catalogue\n"
        "catalogue.default_catalogue()\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_no_django_and_no_clock_in_sources() -> None:
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path
        assert "date.today" not in text and "datetime.now" not in text, path


def test_docs_describe_every_value_and_the_starting_point() -> None:
    docs = (ROOT / "docs" / "task-catalogue.md").read_text(encoding="utf-8")
    for value in [*WHO_VALUES, *RESERVED_VALUES[1:]]:
        assert f"`{value}`" in docs, value
    assert "starting point" in docs.lower()
    assert "social_worker_share_on_counsellor_tasks" in docs
