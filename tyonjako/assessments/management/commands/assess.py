from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tyonjako.assessments.engine import AnswerError, InstrumentError, evaluate
from tyonjako.assessments.lookup import InstrumentNotFound, find_instrument
from tyonjako.common.dates import parse_input_date

DEFAULT_INSTRUMENT = "erityisen-tuen-tarve"
BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Route clients with an assessment instrument: `assess --answers FILE.json` "
        "(a JSON object, or JSON lines: one case a line), or "
        "`assess --what-if KEY@VERSION|FILE [--team CODE]` over the stored assessments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--answers", type=Path, help="answers as JSON, or JSON lines")
        mode.add_argument(
            "--what-if", dest="what_if", help="a draft KEY@VERSION or definition file"
        )
        parser.add_argument(
            "--instrument",
            default=DEFAULT_INSTRUMENT,
            help="KEY[@VERSION] or a definition file (default: the county-wide version)",
        )
        parser.add_argument(
            "--team", action="append", default=[], help="what-if: only this team (repeatable)"
        )
        parser.add_argument("--from", dest="start", help="what-if: assessments from this date")
        parser.add_argument("--to", dest="end", help="what-if: assessments up to this date")
        parser.add_argument("--today", help="the evaluation date for deadlines (default: today)")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            current = find_instrument(options["instrument"])
        except (InstrumentNotFound, InstrumentError) as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        if options["answers"]:
            self.route_answers(current, options)
        else:
            self.run_what_if(current, options)

    def route_answers(self, instrument: Any, options: dict[str, Any]) -> None:
        day = _date(options.get("today"), "--today") or None
        cases = _read_cases(options["answers"])
        results = []
        for line, answers in cases:
            try:
                results.append(evaluate(instrument, answers, today=day).to_dict())
            except AnswerError as error:
                where = f"line {line}: " if line else ""
                raise CommandError(
                    f"{where}{error.item}: {error.message}", returncode=BAD_INPUT
                ) from None
        single = len(results) == 1 and cases[0][0] == 0
        if options["format"] == "text":
            for result in results:
                self.stdout.write(_text(result))
        elif single:
            self.stdout.write(json.dumps(results[0], ensure_ascii=False, indent=2))
        else:
            for result in results:
                self.stdout.write(json.dumps(result, ensure_ascii=False))

    def run_what_if(self, current: Any, options: dict[str, Any]) -> None:
        try:
            draft = find_instrument(options["what_if"])
        except (InstrumentNotFound, InstrumentError) as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        from tyonjako.reports.door import EmptyScope, Period, ReportError, ReportScope
        from tyonjako.reports.overrides import what_if_report

        try:
            period = Period.parse(options.get("start"), options.get("end"))
            scope = ReportScope.for_command(period, suppress=False)
            report = what_if_report(scope, current, draft, options["team"] or [])
        except (ReportError, EmptyScope) as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        data = report.to_dict()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{data['current_version']} -> {data['draft_version']}: {data['total']} assessments"
        )
        for field, count in report.changed.items():
            self.stdout.write(f"  {field:<16} {count} would change")
        for rule, count in sorted(report.causing_rules.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  rule {rule:<10} {count}")


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_input_date(value)
    except ValueError as error:
        raise CommandError(f"{option}: {error}", returncode=BAD_INPUT) from None


def _read_cases(path: Path) -> list[tuple[int, Any]]:
    """[(0, answers)] for one JSON object; [(line, answers), …] for JSON lines."""
    text = sys.stdin.read() if str(path) == "-" else _read(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict):
        return [(0, data)]
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            answers = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"line {number}: not JSON ({error.msg})", returncode=BAD_INPUT
            ) from None
        if not isinstance(answers, dict):
            raise CommandError(
                f"line {number}: expected a JSON object of answers", returncode=BAD_INPUT
            )
        cases.append((number, answers))
    if not cases:
        raise CommandError(f"{path}: no answers found", returncode=BAD_INPUT)
    return cases


def _read(path: Path) -> str:
    if not path.exists():
        raise CommandError(f"{path}: no such file", returncode=BAD_INPUT)
    return path.read_text(encoding="utf-8")


def _text(result: dict[str, Any]) -> str:
    def yes(value: object) -> str:
        return "yes" if value else "no"

    lines = [
        f"special support: {yes(result['special_support'])}; segment: {result['segment']}; "
        f"personal worker: {result['personal_worker']}; "
        f"pair required: {yes(result['pair_required'])}"
    ]
    lines += [f"  {key}: {value}" for key, value in result["deadlines"].items()]
    lines += [
        f"  [{e['rule_id']}] {e['text'].get('en') or e['text'].get('fi')}"
        for e in result["explanations"]
    ]
    return "\n".join(lines)
