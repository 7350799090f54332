"""The column names of the CSV files the project writes, in Finnish, Swedish and English.

A CSV's header is in the language of the page or of the command's ``--language``
(Finnish by default); English gives the names a program reads, which are also the
keys of the JSON (the JSON's keys never change). Every CSV writer names its columns
by key and takes the header from here: the statistics CSV (page and ``report
encounters``), ``report recording``, ``report overrides``, ``compliance`` and the
import's rejected-rows file. tests/db/test_no_raw_codes.py fails on a key that shows
through in Finnish or Swedish. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

LANGUAGES: Final = ("fi", "sv", "en")

HEADERS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        # The long statistics tables (statistics CSV, recording).
        "unit": {"fi": "yksikkö", "sv": "enhet"},
        "section": {"fi": "osio", "sv": "avsnitt"},
        "key": {"fi": "koodi", "sv": "kod"},
        "label": {"fi": "selite", "sv": "benämning"},
        "count": {"fi": "lukumäärä", "sv": "antal"},
        "measure": {"fi": "mittari", "sv": "mått"},
        "value": {"fi": "arvo", "sv": "värde"},
        "period": {"fi": "ajanjakso", "sv": "period"},
        # Overrides of the assessment's suggestion.
        "team": {"fi": "tiimi", "sv": "team"},
        "decided": {"fi": "päätetty", "sv": "beslutade"},
        "overrides": {"fi": "poikkeamat", "sv": "avvikelser"},
        "override_rate": {"fi": "poikkeamien osuus", "sv": "andel avvikelser"},
        "heavier": {"fi": "raskaampaan", "sv": "till tyngre"},
        "lighter": {"fi": "kevyempään", "sv": "till lättare"},
        "reason": {"fi": "peruste", "sv": "grund"},
        # Compliance findings.
        "client": {"fi": "asiakas", "sv": "klient"},
        "rule": {"fi": "sääntö", "sv": "regel"},
        "severity": {"fi": "vakavuus", "sv": "allvarlighetsgrad"},
        "since": {"fi": "alkaen", "sv": "sedan"},
        "legal_basis": {"fi": "lakiperuste", "sv": "rättslig grund"},
        "message": {"fi": "havainto", "sv": "iakttagelse"},
        "fix": {"fi": "korjaus", "sv": "åtgärd"},
        # The import's rejected rows (before the file's own columns).
        "line": {"fi": "rivi", "sv": "rad"},
        "errors": {"fi": "virheet", "sv": "fel"},
    }
)


def header(key: str, language: str) -> str:
    """The column ``key`` in ``language``; English (and a key not in the table) is the key."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return HEADERS.get(key, {}).get(language, key)


def headers(keys: Iterable[str], language: str) -> list[str]:
    return [header(key, language) for key in keys]


def keys(names: Iterable[str], language: str) -> list[str]:
    """The keys of a header written in ``language`` (a name not in the table as it is),
    for a program that reads such a CSV back."""
    back = {header(key, language): key for key in HEADERS}
    return [back.get(name, name) for name in names]
