"""Finding and masking Finnish personal identity codes (HETU) inside free text.

Pure functions: the logging filter and the guard against identity codes in
addresses (`tyonjako.web.middleware`) both use them. Only codes that validate
(check character included) are masked, so dates and ids that merely look alike
stay readable.
"""

from __future__ import annotations

import re

from stdnum.fi import hetu

MASK = "<henkilötunnus>"
# Eleven characters not glued to other letters or digits: DDMMYY, century sign, NNN, check.
_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+A-FU-Y]\d{3}[0-9A-Z](?![0-9A-Za-z])", re.I)


def _valid(candidate: str) -> bool:
    return bool(hetu.is_valid(candidate.upper(), allow_temporary=True))


def contains_hetu(text: str) -> bool:
    return any(_valid(match.group(0)) for match in _CANDIDATE.finditer(text))


def mask_hetus(text: str) -> str:
    """`text` with every valid identity code replaced by MASK."""
    if len(text) < 11:
        return text
    return _CANDIDATE.sub(lambda m: MASK if _valid(m.group(0)) else m.group(0), text)
