"""Earlier rounds made in Webropol: a column-mapping import of its XLSX/CSV export (one row
per respondent, one column per question) onto a survey version.

The map is YAML: `columns: {"Webropol column header": question_name}`; a column
`"header": question_name=choice` marks a select_multiple choice (any non-empty cell
other than 0 selects it). Cells may hold a choice's code or its label in any language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from .definition import Definition, Question
from .expressions import Answer
from .rules import clean_page


class WebropolError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _table(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".csv"):
        text = content.decode("utf-8-sig", errors="replace")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _code(question: Question, cell: str) -> str:
    wanted = cell.strip().casefold()
    for choice in question.choices:
        if choice.name.casefold() == wanted or any(
            label.strip().casefold() == wanted for label in choice.label.values()
        ):
            return choice.name
    if wanted.endswith(".0") and wanted[:-2].isdigit():
        return _code(question, wanted[:-2])
    return cell.strip()


def map_rows(
    definition: Definition,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    columns: Mapping[str, str],
) -> list[dict[str, Answer]]:
    """Pure: the mapped rows, checked like answers given on the form."""
    errors: list[str] = []
    names = {q.name for q in definition.answered}
    positions: dict[str, int] = {h.strip(): i for i, h in enumerate(header)}
    for column, target in columns.items():
        if column not in positions:
            errors.append(f"the export has no column {column!r}")
        if target.split("=")[0] not in names:
            errors.append(f"{column!r}: no question {target.split('=')[0]!r} in the survey")
    if errors:
        raise WebropolError(errors)
    out: list[dict[str, Answer]] = []
    for number, row in enumerate(rows, start=2):
        if not any(str(c).strip() for c in row):
            continue
        posted: dict[str, list[str]] = {}
        for column, target in columns.items():
            at = positions[column]
            cell = str(row[at]).strip() if at < len(row) else ""
            if not cell:
                continue
            name, _sep, choice = target.partition("=")
            question = definition.question(name)
            if choice:
                if cell not in ("0", "0.0"):
                    posted.setdefault(name, []).append(choice)
            elif question.type == "select_multiple":
                parts = [p for p in cell.replace(";", ",").split(",") if p.strip()]
                posted.setdefault(name, []).extend(_code(question, p) for p in parts)
            elif question.is_choice:
                posted[name] = [_code(question, cell)]
            else:
                posted[name] = [cell]
        answers, problems = clean_page(
            [q for q in definition.answered if q.name in posted], posted, {}
        )
        for name, problem in problems.items():
            errors.append(f"row {number}, {name}: {problem}")
        out.append(answers)
    if errors:
        raise WebropolError(errors)
    return out


def read_export(
    definition: Definition, content: bytes, filename: str, mapping_yaml: str
) -> list[dict[str, Answer]]:
    try:
        mapping: Any = yaml.safe_load(mapping_yaml)
    except yaml.YAMLError as error:
        raise WebropolError([f"the map is not valid YAML ({error})"]) from None
    if not isinstance(mapping, dict) or not isinstance(mapping.get("columns"), dict):
        raise WebropolError(["the map needs 'columns: {header: question}'"])
    try:
        table = _table(content, filename)
    except Exception as error:
        raise WebropolError([f"the export cannot be read ({error})"]) from None
    if not table:
        raise WebropolError(["the export is empty"])
    columns = {str(k).strip(): str(v).strip() for k, v in mapping["columns"].items()}
    return map_rows(definition, table[0], table[1:], columns)
