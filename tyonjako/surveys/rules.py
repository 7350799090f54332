"""Pure rules of surveys: cleaning an answered page, and the arithmetic of results.

No ORM. `tyonjako.reports.surveys` applies scope and the minimum number of
responses around these functions.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .definition import Question, pick
from .expressions import Answer, holds

OTHER = "other"


# ---- answering --------------------------------------------------------------------------


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a plain date
        except ValueError:
            continue
    return None


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", ".").replace("\u2212", "-"))
    except ValueError:
        return None


def is_relevant(
    question: Question, answers: Mapping[str, Answer], group_relevant: str = ""
) -> bool:
    return holds(group_relevant, answers) and holds(question.relevant, answers)


def clean_page(
    questions: Sequence[Question],
    posted: Mapping[str, list[str]],
    earlier: Mapping[str, Answer],
    group_relevant: str = "",
) -> tuple[dict[str, Answer], dict[str, str]]:
    """The answers of one page and the problems found, keyed by question name.

    Error values are codes (`required`, `number`, `whole`, `date`, `choice`, `range`,
    `constraint`) the view turns into sentences. Questions that are not relevant given
    the answers are dropped.
    """
    answers: dict[str, Answer] = {}
    errors: dict[str, str] = {}
    for question in questions:
        if not question.answers:
            continue
        values = [v for v in posted.get(question.name, []) if v.strip()]
        if question.type == "select_multiple":
            value: Answer = values or None
        else:
            value = values[0].strip() if values else None
        answers[question.name] = value
        if question.or_other:
            other = (posted.get(f"{question.name}_other") or [""])[0].strip()
            if other:
                answers[f"{question.name}_other"] = other
    merged: dict[str, Answer] = {**earlier, **answers}
    for question in questions:
        if not question.answers:
            continue
        if not is_relevant(question, merged, group_relevant):
            answers.pop(question.name, None)
            answers.pop(f"{question.name}_other", None)
            continue
        value = answers.get(question.name)
        if value is None:
            if question.required:
                errors[question.name] = "required"
            continue
        problem = _check_value(question, value)
        if problem:
            errors[question.name] = problem
            continue
        if question.constraint and not holds(question.constraint, merged, value):
            errors[question.name] = "constraint"
    return answers, errors


def _check_value(question: Question, value: Answer) -> str:
    names = {c.name for c in question.choices} | ({OTHER} if question.or_other else set())
    if question.type == "select_one":
        return "" if value in names else "choice"
    if question.type == "select_multiple":
        assert isinstance(value, list)
        return "" if set(value) <= names else "choice"
    assert isinstance(value, str)
    if question.type in ("integer", "decimal", "range"):
        number = _number(value)
        if number is None:
            return "number"
        if question.type == "integer" and not number.is_integer():
            return "whole"
        if question.type == "range":
            low = question.start if question.start is not None else -math.inf
            high = question.end if question.end is not None else math.inf
            if not min(low, high) <= number <= max(low, high):
                return "range"
        return ""
    if question.type == "date":
        return "" if _parse_date(value) else "date"
    return ""


# ---- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    count: int
    share: float  # 0–1 of those who answered the question


@dataclass(frozen=True)
class QuestionResult:
    name: str
    label: str
    type: str
    answered: int  # responses that answered this question
    rows: tuple[Row, ...] = ()
    mean: float | None = None
    median: float | None = None
    texts: tuple[str, ...] = ()
    shown: bool = True


def numeric(value: Answer) -> float | None:
    if isinstance(value, str):
        return _number(value)
    return None


def _given(question: Question, answers: Iterable[Mapping[str, Any]]) -> tuple[Counter[str], int]:
    """How many responses gave each raw value (each choice of a select_multiple), and the
    number of responses that answered."""
    name = question.name
    # One pass in C for the common case (every answer a text): the values are gathered by
    # a comprehension and counted by Counter's C loop; lists and numbers are rare.
    values = [v for a in answers if (v := a.get(name)) is not None and v != "" and v != []]
    texts = [v for v in values if type(v) is str]
    counts: Counter[str] = Counter(texts)
    if len(texts) != len(values):
        for value in values:
            if type(value) is str:
                continue
            if isinstance(value, list):
                counts.update(str(v) for v in value)
            else:
                counts[str(value)] += 1
    return counts, len(values)


def numbers_of(question: Question, answers: Iterable[Mapping[str, Any]]) -> Counter[float]:
    """The numeric answers of a question as value → count; each distinct text parsed once."""
    counts, _answered = _given(question, answers)
    out: Counter[float] = Counter()
    for text, count in counts.items():
        number = _number(text)
        if number is not None:
            out[number] += count
    return out


def _mean_median(numbers: Mapping[float, int]) -> tuple[float | None, float | None]:
    total = sum(numbers.values())
    if not total:
        return None, None
    mean = sum(value * count for value, count in numbers.items()) / total
    ordered = sorted(numbers.items())

    def at(position: int) -> float:
        seen = 0
        for value, count in ordered:
            seen += count
            if position < seen:
                return value
        return ordered[-1][0]

    middle = total // 2
    median = at(middle) if total % 2 else (at(middle - 1) + at(middle)) / 2
    return mean, median


def tally(
    question: Question,
    answers: Iterable[Mapping[str, Any]],
    language: str,
    other_label: str = OTHER,
) -> QuestionResult:
    """Counts and shares of one question over responses' answers."""
    label = pick(question.label, language)
    if question.type == "text":
        texts = tuple(
            str(v) for a in answers if (v := a.get(question.name)) is not None and v != ""
        )
        return QuestionResult(question.name, label, question.type, len(texts), texts=texts)
    counts, answered = _given(question, answers)
    if question.is_choice:
        codes = [c.name for c in question.choices] + ([OTHER] if question.or_other else [])
        codes += sorted(set(counts) - set(codes))
        rows = tuple(
            Row(
                code,
                question.choice_label(code, language) if code != OTHER else other_label,
                counts[code],
                counts[code] / answered if answered else 0.0,
            )
            for code in codes
        )
        mean = median = None
        if question.is_ordinal:
            numbers: Counter[float] = Counter()
            for code, count in counts.items():
                if (number := _number(code)) is not None:
                    numbers[number] += count
            mean, median = _mean_median(numbers)
        return QuestionResult(question.name, label, question.type, answered, rows, mean, median)
    if question.type in ("integer", "decimal", "range"):
        numbers = Counter()
        for text, count in counts.items():
            if (number := _number(text)) is not None:
                numbers[number] += count
        total = sum(numbers.values())
        rows = tuple(
            Row(_plain(n), _plain(n), numbers[n], numbers[n] / total) for n in sorted(numbers)
        )
        mean, median = _mean_median(numbers)
        return QuestionResult(question.name, label, question.type, total, rows, mean, median)
    rows = tuple(Row(c, c, counts[c], counts[c] / answered) for c in sorted(counts))
    return QuestionResult(question.name, label, question.type, answered, rows)


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _mean(numbers: Sequence[float]) -> float | None:
    return sum(numbers) / len(numbers) if numbers else None


def _median(numbers: Sequence[float]) -> float | None:
    if not numbers:
        return None
    ordered = sorted(numbers)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def hide_small(result: QuestionResult, minimum: int) -> QuestionResult:
    """A question whose answers are fewer than the minimum shows no figures at all."""
    if result.answered >= minimum:
        return result
    return QuestionResult(result.name, result.label, result.type, 0, shown=False)


# ---- comparing rounds ---------------------------------------------------------------------

INDICATIVE_BELOW = 30


@dataclass(frozen=True)
class Comparison:
    name: str
    label: str
    test: str  # "mann-whitney", "chi-square" or ""
    n_before: int
    n_after: int
    difference: float | None = None  # mean (ordinal) or share of the first choice (nominal)
    low: float | None = None
    high: float | None = None
    p_value: float | None = None
    indicative: bool = True
    shown: bool = True
    shares: dict[str, tuple[float, float]] = field(default_factory=dict)


def compare(
    question: Question,
    before: Sequence[Mapping[str, Any]],
    after: Sequence[Mapping[str, Any]],
    language: str,
    minimum: int,
) -> Comparison:
    """Baseline → follow-up for one question: the difference with a 95 % confidence
    interval and Mann–Whitney U (ordinal) or chi-square (nominal). Marked indicative when
    either round has fewer than 30 answers or the test's assumptions are weak."""
    from scipy import stats

    label = pick(question.label, language)
    if question.is_ordinal:
        a = list((numbers_of(question, before)).elements())
        b = list((numbers_of(question, after)).elements())
        if len(a) < minimum or len(b) < minimum:
            return Comparison(question.name, label, "", len(a), len(b), shown=False)
        difference = _mean(b) - _mean(a)  # type: ignore[operator]
        low, high = _welch_interval(a, b)
        p_value: float | None = float(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)
        return Comparison(
            question.name,
            label,
            "mann-whitney",
            len(a),
            len(b),
            difference,
            low,
            high,
            p_value,
            indicative=min(len(a), len(b)) < INDICATIVE_BELOW,
        )
    if not question.is_choice:
        return Comparison(question.name, label, "", 0, 0, shown=False)
    ta, tb = tally(question, before, language), tally(question, after, language)
    if ta.answered < minimum or tb.answered < minimum:
        return Comparison(question.name, label, "", ta.answered, tb.answered, shown=False)
    codes = [r.code for r in ta.rows]
    table = [[r.count for r in ta.rows], [r.count for r in tb.rows]]
    keep = [i for i in range(len(codes)) if table[0][i] + table[1][i] > 0]
    p_value = None
    weak = True
    if len(keep) >= 2:
        observed = [[row[i] for i in keep] for row in table]
        result = stats.chi2_contingency(observed)
        p_value = float(result.pvalue)
        weak = bool((result.expected_freq < 5).any())
    first_a, first_b = ta.rows[0].share, tb.rows[0].share
    low, high = _proportion_interval(first_a, ta.answered, first_b, tb.answered)
    shares = {r.code: (r.share, s.share) for r, s in zip(ta.rows, tb.rows, strict=True)}
    return Comparison(
        question.name,
        label,
        "chi-square",
        ta.answered,
        tb.answered,
        first_b - first_a,
        low,
        high,
        p_value,
        indicative=weak or min(ta.answered, tb.answered) < INDICATIVE_BELOW,
        shares=shares,
    )


def _welch_interval(a: Sequence[float], b: Sequence[float]) -> tuple[float | None, float | None]:
    from scipy import stats

    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return None, None
    ma, mb = sum(a) / na, sum(b) / nb
    va = sum((x - ma) ** 2 for x in a) / (na - 1)
    vb = sum((x - mb) ** 2 for x in b) / (nb - 1)
    se = math.sqrt(va / na + vb / nb)
    if se == 0:
        return mb - ma, mb - ma
    df = (va / na + vb / nb) ** 2 / (
        (va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1) if va or vb else 1
    )
    t = float(stats.t.ppf(0.975, df))
    return mb - ma - t * se, mb - ma + t * se


def _proportion_interval(pa: float, na: int, pb: float, nb: int) -> tuple[float, float]:
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    return pb - pa - 1.96 * se, pb - pa + 1.96 * se


def reminder_due(
    day: dt.date,
    *,
    opened: dt.date | None,
    last: dt.date | None,
    every: int,
    sent: int,
    most: int,
) -> bool:
    """A scheduled reminder is due `every` days after the opening or the last reminder,
    at most `most` times; never with `every` 0 or before the round opened."""
    if every <= 0 or opened is None or sent >= most:
        return False
    since = last or opened
    return (day - since).days >= every
