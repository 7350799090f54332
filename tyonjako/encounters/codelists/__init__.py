"""Code lists for encounters, parsed from files into plain records (no Django).

* :func:`parse_codes_csv` – the project's own CSV format
  (``list,system,code,fi,sv,en,valid_from,valid_to``);
* :func:`parse_thl_csv` – a THL code server (Koodistopalvelu) CSV export,
  in an *assumed* layout (see :mod:`.thl`);
* :data:`EXAMPLES_DIR` – example files, invented for the demo (see its
  ``README.md``): not official THL or Kuntaliitto values.

Official SPAT and RS code values were not available when this was written;
a county loads them from the official sources. See ``docs/code-lists.md``.
"""

from __future__ import annotations

from pathlib import Path

from .csv_format import COLUMNS, parse_codes_csv
from .records import LANGUAGES, LISTS, CodeListError, CodeRecord
from .thl import KNOWN_CODE_SETS, THL_COLUMNS, KnownCodeSet, ThlCodeSet, parse_thl_csv

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"

__all__ = [
    "COLUMNS",
    "EXAMPLES_DIR",
    "KNOWN_CODE_SETS",
    "LANGUAGES",
    "LISTS",
    "THL_COLUMNS",
    "CodeListError",
    "CodeRecord",
    "KnownCodeSet",
    "ThlCodeSet",
    "parse_codes_csv",
    "parse_thl_csv",
]
