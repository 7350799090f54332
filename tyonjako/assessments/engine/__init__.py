"""Pure (Django-free) engine for assessment instruments and client routing.

Public API::

    load_instrument(path_or_text) -> Instrument
    parse_instrument(data, source_name) -> Instrument
    validate_answers(instrument, raw) -> dict
    evaluate(instrument, answers, *, today=None) -> RoutingResult
    what_if(current, draft, cases) -> WhatIfReport
    load_default_instrument() -> Instrument
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .answers import validate_answers
from .calendar import WorkCalendar
from .definition import load_instrument, parse_instrument
from .errors import AnswerError, InstrumentError
from .evaluate import Explanation, RoutingResult, evaluate, intake_deadlines
from .model import Instrument, Item, Option, OutputValue, Row, Section, Table
from .whatif import WhatIfReport, what_if

INSTRUMENTS_DIR = Path(__file__).resolve().parent.parent / "instruments"
DEFAULT_INSTRUMENT_PATH = INSTRUMENTS_DIR / "erityisen-tuen-tarve.v1.yaml"


@lru_cache(maxsize=1)
def load_default_instrument() -> Instrument:
    """The shipped "Erityisen tuen tarpeen arviointi" instrument, version 1 (cached)."""
    return load_instrument(DEFAULT_INSTRUMENT_PATH)


__all__ = [
    "DEFAULT_INSTRUMENT_PATH",
    "INSTRUMENTS_DIR",
    "AnswerError",
    "Explanation",
    "Instrument",
    "InstrumentError",
    "Item",
    "Option",
    "OutputValue",
    "RoutingResult",
    "Row",
    "Section",
    "Table",
    "WhatIfReport",
    "WorkCalendar",
    "evaluate",
    "intake_deadlines",
    "load_default_instrument",
    "load_instrument",
    "parse_instrument",
    "validate_answers",
    "what_if",
]
