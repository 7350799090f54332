"""The caseload rules are pure Python: no Django, no clock, documented rule ids."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tyonjako.caseload.rules import RULES

ROOT = Path(__file__).resolve().parents[3]
RULES_DIR = ROOT / "tyonjako" / "caseload" / "rules"


def test_rules_do_not_import_django() -> None:
    code = (
        "import sys\n"
        "import tyonjako.caseload.rules as rules\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_no_django_and_no_clock_in_sources() -> None:
    for path in RULES_DIR.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path
        assert "date.today" not in text and "datetime.now" not in text, path
        assert "import clock" not in text and "clock import" not in text, (
            path
        )  # today is an argument


def test_docs_describe_every_rule() -> None:
    docs = (ROOT / "docs" / "compliance.md").read_text(encoding="utf-8")
    for rule_id, info in RULES.items():
        assert f"`{rule_id}`" in docs, rule_id
        assert info.legal_basis["fi"] in docs, rule_id
