"""Validation and normalisation of raw answers (from forms, JSON, CLI)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from .errors import AnswerError
from .model import Instrument, Item, Normaliser

_TRUE = frozenset({"true", "yes", "1", "kyllä", "ja"})
_FALSE = frozenset({"false", "no", "0", "ei", "nej"})


def validate_answers(instrument: Instrument, raw: Mapping[str, object]) -> dict[str, object]:
    """Return a complete, typed answer dict for ``instrument``.

    Every item gets a value (its default when not answered), so rules never
    meet a missing key. Raises :class:`AnswerError` naming the first bad item.
    Idempotent: already normalised answers pass through unchanged.
    """
    if not isinstance(raw, Mapping):
        raise AnswerError("", "answers must be a mapping of item key to value")
    normalisers = instrument.normalisers
    for key in raw:
        if key not in normalisers:
            raise AnswerError(
                str(key), f"unknown item '{key}' in instrument {instrument.rule_version}"
            )
    return {key: normalise(raw.get(key)) for key, normalise in normalisers.items()}


def build_normaliser(item: Item) -> Normaliser:
    """One closure per item, built at load time, so validation is a dict walk."""
    convert = _CONVERTERS[item.type](item)
    key, required, default = item.key, item.required, item.default

    def normalise(value: object) -> object:
        if value is None or value == "":
            if required:
                raise AnswerError(key, "required item is missing")
            return default
        return convert(value)

    return normalise


def _bool(item: Item) -> Normaliser:
    def convert(value: object) -> object:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise AnswerError(item.key, f"expected true or false, got {value!r}")

    return convert


def _scale(item: Item) -> Normaliser:
    low, high = item.minimum, item.maximum

    def convert(value: object) -> object:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
            number = int(value.strip())
        if number is None:
            raise AnswerError(item.key, f"expected a whole number, got {value!r}")
        if (low is not None and number < low) or (high is not None and number > high):
            raise AnswerError(item.key, f"value {number} is outside the scale {low}–{high}")
        return number

    return convert


def _choice(item: Item) -> Normaliser:
    allowed = item.option_values

    def convert(value: object) -> object:
        if not isinstance(value, str) or value not in allowed:
            options = ", ".join(str(v) for v in allowed)
            raise AnswerError(item.key, f"{value!r} is not one of the options ({options})")
        return value

    return convert


def _multi(item: Item) -> Normaliser:
    order = {value: index for index, value in enumerate(item.option_values)}

    def convert(value: object) -> object:
        if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
            raise AnswerError(item.key, f"expected a list of options, got {value!r}")
        chosen = list(value)
        for choice in chosen:
            if not isinstance(choice, str) or choice not in order:
                options = ", ".join(str(v) for v in order)
                raise AnswerError(item.key, f"{choice!r} is not one of the options ({options})")
        if len(set(chosen)) != len(chosen):
            raise AnswerError(item.key, "an option is selected more than once")
        # A canonical order makes results and stored answers deterministic.
        return tuple(sorted(chosen, key=order.__getitem__))

    return convert


def _text(item: Item) -> Normaliser:
    limit = item.max_length

    def convert(value: object) -> object:
        if not isinstance(value, str):
            raise AnswerError(item.key, f"expected text, got {value!r}")
        if limit is not None and len(value) > limit:
            raise AnswerError(item.key, f"text is longer than {limit} characters")
        return value

    return convert


def _date(item: Item) -> Normaliser:
    def convert(value: object) -> object:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise AnswerError(item.key, f"expected a date YYYY-MM-DD, got {value!r}")

    return convert


_CONVERTERS = {
    "bool": _bool,
    "scale": _scale,
    "choice": _choice,
    "multi": _multi,
    "text": _text,
    "date": _date,
}
