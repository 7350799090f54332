"""Pure import layer for encounters (contacts with clients) from record-system
statistics exports. No Django here: rows are read, mapped through a profile,
validated and normalised; the caller writes them. See docs/import-format.md.
"""

from __future__ import annotations

from .errors import RowError
from .profiles import (
    CANONICAL_COLUMNS,
    CANONICAL_PROFILE,
    REQUIRED_COLUMNS,
    HeaderMap,
    Profile,
    ProfileError,
    builtin_profiles,
    load_builtin_profile,
    load_profile,
    map_header,
)
from .reader import ImportFileError, RowSource, open_rows
from .rows import (
    ImportContext,
    ImportRun,
    KnownValues,
    NormalisedRow,
    content_id,
    iter_import,
    normalise_row,
)
from .values import DEFAULT_BANDS, Band, check_bands, duration_band

__all__ = [
    "CANONICAL_COLUMNS",
    "CANONICAL_PROFILE",
    "DEFAULT_BANDS",
    "REQUIRED_COLUMNS",
    "Band",
    "HeaderMap",
    "ImportContext",
    "ImportFileError",
    "ImportRun",
    "KnownValues",
    "NormalisedRow",
    "Profile",
    "ProfileError",
    "RowError",
    "RowSource",
    "builtin_profiles",
    "check_bands",
    "content_id",
    "duration_band",
    "iter_import",
    "load_builtin_profile",
    "load_profile",
    "map_header",
    "normalise_row",
    "open_rows",
]
