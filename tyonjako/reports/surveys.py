"""Survey results through the aggregate door: scope, then the round's minimum number of
responses per group, applied once here. The arithmetic is in `tyonjako.surveys.rules`.

Everyone, whatever their role, sees a group's figures only when the group has at least
the round's minimum number of responses (default 5): survey answers are about the
respondents themselves. Open answers also need VIEW_OPEN_ANSWERS.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import pgettext

from tyonjako.access.policy import Action, Scope
from tyonjako.access.subject import Subject
from tyonjako.surveys.definition import Definition, pick
from tyonjako.surveys.models import NamedResponse, Response, Round
from tyonjako.surveys.rules import Comparison, QuestionResult, compare, hide_small, tally

BREAKDOWNS = ("team_code", "area_code", "profession")


def covers(subject: Subject, round_: Round, action: Action = Action.VIEW_SURVEY_RESULTS) -> bool:
    """Whether a round lies inside the subject's scope: its responsible unit (a round with
    no unit only for ALL)."""
    scope = subject.scope(action)
    if scope == Scope.ALL:
        return True
    unit = round_.unit
    if unit is None or scope == Scope.NONE:
        return False
    if scope == Scope.SERVICE_AREA:
        return unit.service_area_id in subject.service_area_ids
    return unit.pk in subject.unit_ids


def responses(round_: Round) -> list[dict[str, Any]]:
    """The answers of every submitted response, with the breakdown attributes. The JSON
    is read as text and decoded here: a third quicker than the field's own converter."""
    model: Any = Response if round_.version.survey.anonymous else NamedResponse
    rows = model.objects.filter(round=round_)
    if model is NamedResponse:
        rows = rows.filter(submitted=True)
    out = []
    for answers, team, area, profession in rows.annotate(
        raw=Cast("answers", TextField())
    ).values_list("raw", *BREAKDOWNS):
        row = _decode(answers)  # a fresh dict: the groups are added to it, not copied
        row["__groups"] = {"team_code": team, "area_code": area, "profession": profession}
        out.append(row)
    return out


def _decode(raw: Any) -> dict[str, Any]:
    value = json.loads(raw) if isinstance(raw, str | bytes) else raw
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class GroupResults:
    name: str  # "" for everyone
    count: int
    shown: bool
    questions: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class RoundResults:
    round: Round
    definition: Definition
    minimum: int
    total: int
    groups: tuple[GroupResults, ...]
    open_answers_allowed: bool
    rows: list[dict[str, Any]] = field(default_factory=list, repr=False, compare=False)


def _group(
    definition: Definition,
    name: str,
    answers: list[dict[str, Any]],
    minimum: int,
    language: str,
    open_answers: bool,
) -> GroupResults:
    if len(answers) < minimum:
        return GroupResults(name, len(answers), False, ())
    results = []
    for question in definition.answered:
        result = hide_small(
            tally(question, answers, language, pgettext("survey answer", "other")), minimum
        )
        if question.is_open and not open_answers:
            result = QuestionResult(result.name, result.label, result.type, result.answered)
        results.append(result)
    return GroupResults(name, len(answers), True, tuple(results))


def round_results(
    round_: Round, subject: Subject, language: str, *, by: str = "", figures: bool = True
) -> RoundResults:
    """Results of a round for a subject; `by` one of BREAKDOWNS for groups beside the total.
    `figures=False` skips the tallies (an export needs only whether the minimum is met)."""
    if not covers(subject, round_):
        raise PermissionError("round outside scope")
    definition = round_.version.parsed()
    minimum = max(1, round_.minimum_n)
    rows = responses(round_)
    open_answers = covers(subject, round_, Action.VIEW_OPEN_ANSWERS)
    if not figures:
        shown = len(rows) >= minimum
        total = GroupResults("", len(rows), shown, ())
        return RoundResults(round_, definition, minimum, len(rows), (total,), open_answers, rows)
    groups = [_group(definition, "", rows, minimum, language, open_answers)]
    if by in BREAKDOWNS:
        split: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            split[row["__groups"][by] or "?"].append(row)
        for name in sorted(split):
            groups.append(_group(definition, name, split[name], minimum, language, False))
    return RoundResults(round_, definition, minimum, len(rows), tuple(groups), open_answers, rows)


def compare_rounds(
    baseline: Round,
    follow_up: Round,
    subject: Subject,
    language: str,
    follow_up_rows: list[dict[str, Any]] | None = None,
) -> list[Comparison]:
    """Baseline → follow-up per question of the follow-up's version found in both rounds."""
    if not (covers(subject, baseline) and covers(subject, follow_up)):
        raise PermissionError("round outside scope")
    minimum = max(baseline.minimum_n, follow_up.minimum_n, 1)
    before = responses(baseline)
    after = follow_up_rows if follow_up_rows is not None else responses(follow_up)
    earlier = {q.name for q in baseline.version.parsed().answered}
    return [
        compare(question, before, after, language, minimum)
        for question in follow_up.version.parsed().answered
        if question.name in earlier and (question.is_choice or question.is_ordinal)
    ]


# ---- exports: one column per question, and a codes-and-labels sheet -------------------------


def _columns(definition: Definition) -> list[tuple[str, str]]:
    """(column, question name) — a select_multiple gets one 0/1 column per choice."""
    columns: list[tuple[str, str]] = []
    for question in definition.answered:
        if question.is_open:
            continue  # open answers are not exported: they may identify someone
        if question.type == "select_multiple":
            codes = [c.name for c in question.choices] + (["other"] if question.or_other else [])
            columns += [(f"{question.name}/{code}", question.name) for code in codes]
        else:
            columns.append((question.name, question.name))
    return columns


def export_rows(results: RoundResults) -> tuple[list[str], list[list[Any]]]:
    """The rows of an export; nothing when the round is below its minimum."""
    columns = _columns(results.definition)
    header = [c for c, _q in columns]
    if not results.groups[0].shown:
        return header, []
    out: list[list[Any]] = []
    types = {q.name: q.type for q in results.definition.answered}
    for row in results.rows:
        line: list[Any] = []
        for column, name in columns:
            value = row.get(name)
            if types[name] == "select_multiple":
                code = column.split("/", 1)[1]
                line.append(1 if isinstance(value, list) and code in value else 0)
            elif types[name] in ("integer", "decimal", "range") and value not in (None, ""):
                number = float(str(value).replace(",", "."))
                line.append(int(number) if number.is_integer() else number)
            else:
                line.append(value if value is not None else "")
        out.append(line)
    return header, out


def as_csv(results: RoundResults) -> str:
    header, rows = export_rows(results)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def as_xlsx(results: RoundResults, language: str) -> bytes:
    from tyonjako.common.plain_xlsx import workbook

    header, rows = export_rows(results)
    codes: list[list[Any]] = [["question", "type", "label", "code", "code label"]]
    for question in results.definition.answered:
        codes.append([question.name, question.type, pick(question.label, language), "", ""])
        for choice in question.choices:
            codes.append([question.name, "", "", choice.name, pick(choice.label, language)])
    return workbook([("responses", [header, *rows]), ("codes", codes)])


def pilot_survey_results(
    references: list[str], start: Any, end: Any, *, threshold: int = 5
) -> list[dict[str, Any]]:
    """The survey questions a pilot's evaluation questions name ("survey-key:question"),
    per round whose window overlaps the pilot's period up to the cut-off: how many
    answered, the mean and median of a scale, and the shares of each answer. A question
    answered by fewer than the round's minimum (or the threshold) shows no figures."""
    rows: list[dict[str, Any]] = []
    for reference in references:
        key, _, name = reference.partition(":")
        rounds = Round.objects.filter(version__survey__key=key).select_related("version__survey")
        for round_ in rounds.order_by("planned_start", "pk"):
            opened = round_.opens_on or round_.planned_start
            closed = round_.closes_on or round_.planned_end
            if closed < start or opened > end:
                continue
            try:
                question = round_.version.parsed().question(name)
            except KeyError:
                continue
            answers = responses(round_)
            minimum = max(round_.minimum_n, threshold)
            by_language = {
                language: hide_small(tally(question, answers, language), minimum)
                for language in ("fi", "sv")
            }
            shown = by_language["fi"]
            rows.append(
                {
                    "reference": reference,
                    "round": round_.name,
                    "label": {lang: result.label for lang, result in by_language.items()},
                    "responses": shown.answered if shown.shown else None,
                    "shown": shown.shown,
                    "mean": shown.mean,
                    "median": shown.median,
                    "shares": [
                        {
                            "code": row.code,
                            "fi": row.label,
                            "sv": swedish.label,
                            "count": row.count,
                            "share": row.share,
                        }
                        for row, swedish in zip(shown.rows, by_language["sv"].rows, strict=False)
                    ],
                }
            )
    return rows
