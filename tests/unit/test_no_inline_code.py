"""The Content-Security-Policy allows no inline script or style: no template may
carry one (issue 13 §5). Data for scripts goes in json_script blocks, which are
not run (type application/json)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "tyonjako"
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
# The printed job description's PDF (WeasyPrint, not a browser) embeds its style sheet.
PDF_ONLY_STYLE = "{% if inline_css %}<style>{{ inline_css|safe }}</style>"


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 20


def test_no_template_has_inline_script_style_or_handlers() -> None:
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8").replace(PDF_ONLY_STYLE, "")
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("style attribute", STYLE_ATTRIBUTE),
            ("event handler attribute", HANDLER),
            ("<style> element", STYLE_ELEMENT),
        ):
            if pattern.search(text):
                found.append(f"{path.relative_to(ROOT)}: {name}")
    assert found == []
