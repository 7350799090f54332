"""Evaluation of an instrument's decision tables against one answer set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tyonjako.common.clock import today as helsinki_today

from .answers import validate_answers
from .calendar import add_days, add_months
from .errors import AnswerError
from .model import SOCIAL_WORKER, DeadlineSpec, Instrument, Row, Texts

# §42 safety net. The default instrument never needs it, but an edited draft
# might route a special-support client to a counsellor without a pair; the
# law does not allow that, so the engine corrects it and says why.
LAW42_GUARD = Row(
    id="LAW42",
    output="pair_required",
    predicate=lambda env: True,
    value=True,
    explanation={
        "fi": "Moottorin turvasääntö: erityistä tukea tarvitsevan asiakkaan omatyöntekijä ei ole "
        "sosiaalityöntekijä, joten asiakastyöhön tarvitaan sosiaalityöntekijä työpariksi. "
        "Instrumentin säännöt eivät tätä määränneet – tarkista ne.",
        "sv": "Motorns skyddsregel: den egna kontaktpersonen för en klient i behov av särskilt "
        "stöd är inte socialarbetare, så en socialarbetare behövs som arbetspar i klientarbetet. "
        "Instrumentets regler krävde inte detta – kontrollera dem.",
        "en": "Engine safeguard: the personal worker of a client needing special support is not a "
        "social worker, so a social worker must join the client work as a work pair. "
        "The instrument's rules did not require this - check them.",
    },
    legal_basis={
        "fi": "Sosiaalihuoltolaki 1301/2014 §42",
        "sv": "Socialvårdslagen 1301/2014 42 §",
        "en": "Social Welfare Act 1301/2014 s. 42",
    },
    refs=("special_support", "personal_worker"),
    is_default=False,
)


@dataclass(frozen=True)
class Explanation:
    """Why one output got its value: the matched row and the inputs it looked at."""

    rule_id: str
    output: str
    text: Texts
    legal_basis: Texts
    inputs: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "output": self.output,
            "text": dict(self.text),
            "legal_basis": dict(self.legal_basis),
            "inputs": {key: _json_value(value) for key, value in self.inputs.items()},
        }


@dataclass(frozen=True)
class RoutingResult:
    special_support: bool
    segment: str
    personal_worker: str
    pair_required: bool
    deadlines: dict[str, date]
    explanations: tuple[Explanation, ...]
    rule_version: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form; dates as ISO 8601 strings."""
        return {
            "special_support": self.special_support,
            "segment": self.segment,
            "personal_worker": self.personal_worker,
            "pair_required": self.pair_required,
            "deadlines": {key: value.isoformat() for key, value in self.deadlines.items()},
            "explanations": [explanation.to_dict() for explanation in self.explanations],
            "rule_version": self.rule_version,
        }

    def rule_ids(self) -> tuple[str, ...]:
        return tuple(explanation.rule_id for explanation in self.explanations)


def evaluate(
    instrument: Instrument, answers: Mapping[str, object], *, today: date | None = None
) -> RoutingResult:
    """Route one client. ``answers`` may be raw; they are validated first.

    ``today`` (default: today in Helsinki) is used only for deadlines whose
    start date is missing or configured as ``today``; pass it explicitly for
    reproducible results.
    """
    env = validate_answers(instrument, answers)
    rows = route(instrument, env)
    deadlines, deadline_rows = _deadlines(instrument, env, today or helsinki_today())
    explanations = tuple(
        Explanation(
            row.id,
            row.output,
            dict(row.explanation),
            dict(row.legal_basis),
            {key: env[key] for key in row.refs},
        )
        for row in rows + deadline_rows
    )
    return RoutingResult(
        special_support=bool(env["special_support"]),
        segment=str(env["segment"]),
        personal_worker=str(env["personal_worker"]),
        pair_required=bool(env["pair_required"]),
        deadlines=deadlines,
        explanations=explanations,
        rule_version=instrument.rule_version,
    )


def route(instrument: Instrument, env: dict[str, object]) -> tuple[Row, ...]:
    """Decide the four outputs into ``env`` (normalised answers); return matched rows.

    Kept separate from :func:`evaluate` so that what-if runs can skip building
    explanations and deadlines for 100 000 cases.
    """
    matched: list[Row] = []
    for table in instrument.tables:
        row = table.match(env)
        env[table.output] = row.value
        matched.append(row)
    if (
        env["special_support"]
        and env["personal_worker"] != SOCIAL_WORKER
        and not env["pair_required"]
    ):
        env["pair_required"] = True
        matched.append(LAW42_GUARD)
    return tuple(matched)


def _deadlines(
    instrument: Instrument, env: Mapping[str, object], today: date
) -> tuple[dict[str, date], tuple[Row, ...]]:
    deadlines: dict[str, date] = {}
    matched: list[Row] = []
    for table in instrument.deadline_tables:
        row = table.match(env)
        matched.append(row)
        if isinstance(row.value, DeadlineSpec):
            name = table.output.removeprefix("deadlines.")
            deadlines[name] = _deadline_date(instrument, row.value, env, today)
    return deadlines, tuple(matched)


def _deadline_date(
    instrument: Instrument, spec: DeadlineSpec, env: Mapping[str, object], today: date
) -> date:
    start = env.get(spec.start) if spec.start != "today" else None
    # Without a recorded pending date the matter is taken to be pending today.
    base = start if isinstance(start, date) else today
    if spec.unit == "weekdays":
        return instrument.calendar.add_working_days(base, spec.amount)
    if spec.unit == "months":
        return add_months(base, spec.amount)
    return add_days(base, spec.amount)


def _json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    return value


def intake_deadlines(
    instrument: Instrument, facts: Mapping[str, object], *, today: date
) -> dict[str, date]:
    """Statutory deadlines that are known at intake, before the assessment itself.

    A service secretary knows whether the matter is urgent or the client is over
    75 when registering the contact; the §36 start deadline follows from that
    alone. Only the deadline tables are evaluated; items not given take their
    defaults. An unknown key or a bad value raises AnswerError naming the item.
    """
    env: dict[str, object] = {key: item.default for key, item in instrument.items.items()}
    for key, raw in facts.items():
        normalise = instrument.normalisers.get(key)
        if normalise is None:
            raise AnswerError(key, "unknown item")
        env[key] = normalise(raw)
    deadlines, _rows = _deadlines(instrument, env, today)
    return deadlines
