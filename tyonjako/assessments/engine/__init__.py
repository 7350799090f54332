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
#: The version a county runs unless it chooses another: §36 deadlines as the law sets
#: them (a data migration moves an unmodified county default from @1 to this one).
COUNTY_DEFAULT_PATH = INSTRUMENTS_DIR / "erityisen-tuen-tarve.v2.yaml"
#: Every definition shipped with the application (loaded at install, one active).
SHIPPED_PATHS = (
    DEFAULT_INSTRUMENT_PATH,
    COUNTY_DEFAULT_PATH,
    INSTRUMENTS_DIR / "erityisen-tuen-tarve-pohjanmaa.v1.yaml",
)


@lru_cache(maxsize=1)
def load_default_instrument() -> Instrument:
    """The shipped "Erityisen tuen tarpeen arviointi" instrument, version 1 (cached): the
    engine's reference for the worked cases; counties run `COUNTY_DEFAULT_PATH`."""
    return load_instrument(DEFAULT_INSTRUMENT_PATH)


__all__ = [
    "COUNTY_DEFAULT_PATH",
    "DEFAULT_INSTRUMENT_PATH",
    "INSTRUMENTS_DIR",
    "SHIPPED_PATHS",
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
