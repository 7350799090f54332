"""The engine is pure Python: importing and using it never imports Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_engine_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "from tyonjako.assessments.engine import load_default_instrument, evaluate\n"
        "evaluate(load_default_instrument(), {'coping': 1, 'functional_capacity': 'good'})\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_no_django_in_engine_sources() -> None:
    engine = ROOT / "tyonjako" / "assessments" / "engine"
    for path in engine.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path
