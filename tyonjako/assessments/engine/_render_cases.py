"""Render docs/assessment-cases.yaml as docs/assessment-cases.md.

Usage: ``python -m tyonjako.assessments.engine._render_cases [--check]``.
``--check`` exits non-zero when the Markdown file is out of date; the tests
use :func:`render` directly to keep the two files in step.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3]
CASES_YAML = ROOT / "docs" / "assessment-cases.yaml"
CASES_MD = ROOT / "docs" / "assessment-cases.md"
_FIELDS = ("special_support", "segment", "personal_worker", "pair_required")


def render(data: dict[str, Any]) -> str:
    cases: list[dict[str, Any]] = data["cases"]
    lines = [
        "# Assessment cases",
        "",
        "<!-- Generated from assessment-cases.yaml by",
        "     python -m tyonjako.assessments.engine._render_cases - do not edit by hand. -->",
        "",
        f"Worked cases for the instrument `{data['instrument']}` ({len(cases)} cases).",
        "Answers not listed take the item's default (false / empty).",
        "",
        "| id | title | special support | segment | personal worker | pair | deadlines | rules |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [_summary_row(case) for case in cases]
    lines.append("")
    for case in cases:
        lines += _detail(case)
    return "\n".join(lines).rstrip() + "\n"


def _summary_row(case: dict[str, Any]) -> str:
    expected = case["expected"]
    cells = [case["id"], case["title"]] + [_cell(expected[f]) for f in _FIELDS]
    cells += [_deadlines(expected.get("deadlines")), ", ".join(expected.get("rules", []))]
    return "| " + " | ".join(cells) + " |"


def _detail(case: dict[str, Any]) -> list[str]:
    answers = ", ".join(f"`{key}` = {_cell(value)}" for key, value in case["answers"].items())
    lines = [f"## {case['id']} - {case['title']}", "", f"- **Answers:** {answers}"]
    if "today" in case:
        lines.append(f"- **Evaluated on:** {case['today']}")
    expected = case["expected"]
    outcome = ", ".join(f"{field} = {_cell(expected[field])}" for field in _FIELDS)
    lines.append(f"- **Expected:** {outcome}")
    if "deadlines" in expected:
        lines.append(f"- **Deadlines:** {_deadlines(expected['deadlines'])}")
    lines.append(f"- **Rules:** {', '.join(expected.get('rules', []))}")
    lines += [f"- **Why:** {' '.join(str(case['why']).split())}", ""]
    return lines


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _deadlines(deadlines: dict[str, str] | None) -> str:
    if deadlines is None:
        return "-"
    if not deadlines:
        return "none"
    return "; ".join(f"{key} {value}" for key, value in deadlines.items())


def main(argv: list[str]) -> int:
    text = render(yaml.safe_load(CASES_YAML.read_text(encoding="utf-8")))
    if "--check" in argv:
        current = CASES_MD.read_text(encoding="utf-8") if CASES_MD.exists() else ""
        if current != text:
            print(f"{CASES_MD} is out of date; run without --check", file=sys.stderr)
            return 1
        return 0
    CASES_MD.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
