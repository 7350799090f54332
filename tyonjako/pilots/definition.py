"""A pilot and its indicators as data: reading and checking the YAML files.

Pure: no Django. Every problem is collected and named by its line, e.g.
``line 12: checkpoints[1].cut_off: not a date (give 31.7.2023 or 2023-07-31)``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tyonjako.common.dates import parse_date
from tyonjako.common.yamlines import (
    HIDDEN_KEYS,
    LINE_KEY,
    YamlSyntaxError,
    duplicate_keys,
    key_line,
    line_of,
    load_with_lines,
)

LANGUAGES = ("fi", "sv", "en")
MEMBER_ROLES = ("pilot_lead", "project_worker", "evaluator", "member")
CHECKPOINT_KINDS = ("interim", "final")
MEETING_KINDS = ("evaluation", "peer")
INDICATOR_LEVELS = ("place", "pilot")
INDICATOR_PERIODS = ("pilot", "cut_off")
INDICATOR_STATISTICS = ("rate", "count", "median", "p90", "ratio")
DEFAULT_INDICATORS_PATH = Path(__file__).with_name("definitions") / "indicators.yaml"
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class DefinitionError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Texts:
    fi: str
    sv: str
    en: str

    def get(self, language: str) -> str:
        return str(getattr(self, language, "") or self.fi)

    def as_dict(self) -> dict[str, str]:
        return {"fi": self.fi, "sv": self.sv, "en": self.en}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Member:
    role: str
    title: Texts
    username: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    text: Texts
    indicators: tuple[str, ...] = ()
    survey_questions: tuple[str, ...] = ()  # "survey-key:question-name"


@dataclass(frozen=True)
class CheckpointDef:
    key: str
    name: Texts
    cut_off: dt.date
    report_due: dt.date
    kind: str = "interim"


@dataclass(frozen=True)
class PilotDef:
    key: str
    name: Texts
    period: Period
    baseline: Period | None
    places: tuple[str, ...]
    main_goal: Texts
    sub_goals: tuple[Texts, ...]
    benefit_goals: tuple[Texts, ...]
    working_group: tuple[Member, ...]
    questions: tuple[Question, ...]
    indicators: tuple[str, ...]
    checkpoints: tuple[CheckpointDef, ...]


@dataclass(frozen=True)
class IndicatorDef:
    """An indicator: a statistic of measures over the pilot's places and a period.

    `rate` is numerator / denominator as a percentage, `ratio` the same as a plain
    ratio, `count` the numerator alone, `median` and `p90` statistics of a measure
    that gives one value per case (days)."""

    key: str
    name: Texts
    description: Texts
    statistic: str
    numerator: str
    denominator: str = ""
    period: str = "pilot"
    level: str = "place"
    breakdown: tuple[str, ...] = ()
    source: Texts = field(default_factory=lambda: Texts("", "", ""))


class _Reader:
    """Collects errors with line numbers while reading plain YAML data."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, line: int, path: str, message: str) -> None:
        self.errors.append(f"line {line}: {path}: {message}")

    def mapping(self, data: Any, path: str, line: int) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.error(line, path, "expected a mapping of keys to values")
            return {}
        return data

    def unknown_keys(self, data: dict[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key, line in duplicate_keys(data):
            self.error(line, f"{path}.{key}", "given twice (only the last would count)")
        for key in data:
            if key not in HIDDEN_KEYS and key not in allowed:
                self.error(
                    key_line(data, key),
                    f"{path}.{key}",
                    f"unknown key; use one of {', '.join(allowed)}",
                )

    def texts(self, data: dict[str, Any], key: str, path: str, *, required: bool = True) -> Texts:
        value = data.get(key)
        line = key_line(data, key)
        if value is None:
            if required:
                self.error(line, f"{path}.{key}", "missing (give fi and sv)")
            return Texts("", "", "")
        if isinstance(value, str):
            self.error(
                line, f"{path}.{key}", "give the text in Finnish and Swedish: {fi: …, sv: …}"
            )
            return Texts(value, value, value)
        if not isinstance(value, dict):
            self.error(line, f"{path}.{key}", "expected {fi: …, sv: …, en: …}")
            return Texts("", "", "")
        texts = {lang: str(value.get(lang) or "").strip() for lang in LANGUAGES}
        for lang in ("fi", "sv"):
            if required and not texts[lang]:
                self.error(line_of(value, line), f"{path}.{key}.{lang}", "missing")
        return Texts(texts["fi"], texts["sv"], texts["en"] or texts["fi"])

    def key(self, data: dict[str, Any], name: str, path: str) -> str:
        value = data.get(name)
        if not isinstance(value, str) or not _KEY.match(value):
            self.error(
                key_line(data, name),
                f"{path}.{name}",
                "missing or not a key (lower-case letters, digits, _ and -)",
            )
            return ""
        return value

    def date(self, data: dict[str, Any], name: str, path: str) -> dt.date | None:
        value = data.get(name)
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value)) if value is not None else None
        except ValueError:
            pass
        self.error(
            key_line(data, name), f"{path}.{name}", "not a date (give 31.7.2023 or 2023-07-31)"
        )
        return None

    def period(self, data: Any, path: str, line: int, *, required: bool) -> Period | None:
        if data is None:
            if required:
                self.error(line, path, "missing (give start and end)")
            return None
        data = self.mapping(data, path, line)
        self.unknown_keys(data, ("start", "end"), path)
        start, end = self.date(data, "start", path), self.date(data, "end", path)
        if start and end and end < start:
            self.error(line_of(data), path, "the end is before the start")
        return Period(start, end) if start and end and end >= start else None

    def choice(self, data: dict[str, Any], name: str, path: str, allowed: tuple[str, ...]) -> str:
        value = data.get(name, allowed[0])
        if value not in allowed:
            self.error(
                key_line(data, name),
                f"{path}.{name}",
                f"unknown value {value!r}; use one of {allowed}",
            )
            return allowed[0]
        return str(value)

    def strings(self, data: dict[str, Any], name: str, path: str) -> tuple[str, ...]:
        value = data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key_line(data, name), f"{path}.{name}", "expected a list of codes")
            return ()
        return tuple(value)

    def items(self, data: dict[str, Any], name: str) -> list[tuple[str, int, dict[str, Any]]]:
        value = data.get(name) or []
        if not isinstance(value, list):
            self.error(key_line(data, name), name, "expected a list")
            return []
        out = []
        for index, item in enumerate(value):
            path = f"{name}[{index}]"
            mapping = self.mapping(item, path, line_of(data))
            if mapping:
                out.append((path, line_of(mapping), mapping))
        return out

    def parse(self, text: str) -> Any:
        try:
            return load_with_lines(text)
        except YamlSyntaxError as problem:
            raise DefinitionError([str(problem)]) from None


_PILOT_KEYS = (
    "key",
    "name",
    "period",
    "baseline",
    "places",
    "main_goal",
    "sub_goals",
    "benefit_goals",
    "working_group",
    "evaluation_questions",
    "indicators",
    "checkpoints",
)


def read_pilot(text: str, known_indicators: set[str] | None = None) -> PilotDef:
    """The pilot of a YAML text; DefinitionError lists every problem by line."""
    reader = _Reader()
    data = reader.mapping(reader.parse(text), "pilot", 1)
    if not data:
        raise DefinitionError(reader.errors or ["line 1: pilot: the file is empty"])
    reader.unknown_keys(data, _PILOT_KEYS, "pilot")
    pilot = _pilot(reader, data)
    indicators = set(pilot.indicators)
    for question in pilot.questions:
        indicators.update(question.indicators)
    if known_indicators is not None:
        for key in sorted(indicators - known_indicators):
            reader.error(key_line(data, "indicators"), "indicators", f"unknown indicator {key!r}")
    if reader.errors:
        raise DefinitionError(reader.errors)
    return pilot


def _pilot(reader: _Reader, data: dict[str, Any]) -> PilotDef:
    period = reader.period(data.get("period"), "period", key_line(data, "period"), required=True)
    baseline = reader.period(
        data.get("baseline"), "baseline", key_line(data, "baseline"), required=False
    )
    places = reader.strings(data, "places", "pilot")
    if not places:
        reader.error(key_line(data, "places"), "places", "give at least one unit or team code")
    checkpoints = tuple(
        _checkpoint(reader, path, item) for path, _, item in reader.items(data, "checkpoints")
    )
    keys = [c.key for c in checkpoints]
    for key in {k for k in keys if keys.count(k) > 1}:
        reader.error(
            key_line(data, "checkpoints"), "checkpoints", f"the key {key!r} is given twice"
        )
    if period:
        for cp in checkpoints:
            if not period.start <= cp.cut_off <= period.end:
                reader.error(
                    key_line(data, "checkpoints"),
                    f"checkpoints.{cp.key}",
                    "the cut-off is outside the pilot period",
                )
    return PilotDef(
        key=reader.key(data, "key", "pilot"),
        name=reader.texts(data, "name", "pilot"),
        period=period or Period(dt.date.min, dt.date.min),
        baseline=baseline,
        places=places,
        main_goal=reader.texts(data, "main_goal", "pilot"),
        sub_goals=_text_list(reader, data, "sub_goals"),
        benefit_goals=_text_list(reader, data, "benefit_goals"),
        working_group=tuple(
            Member(
                role=reader.choice(item, "role", path, MEMBER_ROLES),
                title=reader.texts(item, "title", path),
                username=str(item.get("username") or ""),
            )
            for path, _, item in reader.items(data, "working_group")
        ),
        questions=tuple(
            Question(
                key=reader.key(item, "key", path),
                text=reader.texts(item, "text", path),
                indicators=reader.strings(item, "indicators", path),
                survey_questions=reader.strings(item, "survey_questions", path),
            )
            for path, _, item in reader.items(data, "evaluation_questions")
        ),
        indicators=reader.strings(data, "indicators", "pilot"),
        checkpoints=checkpoints,
    )


def _text_list(reader: _Reader, data: dict[str, Any], name: str) -> tuple[Texts, ...]:
    out = []
    for path, _, item in reader.items(data, name):
        out.append(reader.texts({"text": item, LINE_KEY: line_of(item)}, "text", path))
    return tuple(out)


def _checkpoint(reader: _Reader, path: str, item: dict[str, Any]) -> CheckpointDef:
    reader.unknown_keys(item, ("key", "name", "cut_off", "report_due", "kind"), path)
    cut_off = reader.date(item, "cut_off", path)
    due = reader.date(item, "report_due", path)
    if cut_off and due and due < cut_off:
        reader.error(line_of(item), path, "the report is due before the data cut-off")
    return CheckpointDef(
        key=reader.key(item, "key", path),
        name=reader.texts(item, "name", path),
        cut_off=cut_off or dt.date.min,
        report_due=due or dt.date.min,
        kind=reader.choice(item, "kind", path, CHECKPOINT_KINDS),
    )


_INDICATOR_KEYS = (
    "key",
    "name",
    "description",
    "statistic",
    "numerator",
    "denominator",
    "period",
    "level",
    "breakdown",
    "source",
)


def read_indicators(text: str, known_measures: set[str] | None = None) -> dict[str, IndicatorDef]:
    """The indicator definitions of a YAML list; DefinitionError lists every problem."""
    reader = _Reader()
    data = reader.parse(text)
    if not isinstance(data, list):
        raise DefinitionError(["line 1: indicators: expected a list of indicators"])
    out: dict[str, IndicatorDef] = {}
    for index, item in enumerate(data):
        path = f"[{index}]"
        item = reader.mapping(item, path, 1)
        if not item:
            continue
        reader.unknown_keys(item, _INDICATOR_KEYS, path)
        indicator = IndicatorDef(
            key=reader.key(item, "key", path),
            name=reader.texts(item, "name", path),
            description=reader.texts(item, "description", path),
            statistic=reader.choice(item, "statistic", path, INDICATOR_STATISTICS),
            numerator=str(item.get("numerator") or ""),
            denominator=str(item.get("denominator") or ""),
            period=reader.choice(item, "period", path, INDICATOR_PERIODS),
            level=reader.choice(item, "level", path, INDICATOR_LEVELS),
            breakdown=reader.strings(item, "breakdown", path),
            source=reader.texts(item, "source", path, required=False),
        )
        if indicator.key in out:
            reader.error(line_of(item), f"{path}.key", f"the key {indicator.key!r} is given twice")
        if not indicator.numerator:
            reader.error(line_of(item), f"{path}.numerator", "missing")
        needs_denominator = indicator.statistic in ("rate", "ratio")
        if needs_denominator != bool(indicator.denominator):
            reader.error(
                line_of(item),
                f"{path}.denominator",
                "a rate or ratio needs a denominator; other statistics have none",
            )
        if known_measures is not None:
            for name in (indicator.numerator, indicator.denominator):
                if name and name not in known_measures:
                    reader.error(line_of(item), path, f"unknown measure {name!r}")
        out[indicator.key] = indicator
    if reader.errors:
        raise DefinitionError(reader.errors)
    return out


def default_indicators_text() -> str:
    return DEFAULT_INDICATORS_PATH.read_text(encoding="utf-8")
