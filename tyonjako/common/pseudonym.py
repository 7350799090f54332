"""Client keys: the record system's client number, or a keyed hash of the
Finnish personal identity code (henkilötunnus).

The identity code itself is never stored, printed or logged. Only the HMAC
of the normalised code is kept, so the same person always gets the same key
while nobody without the key can reverse or even test a guess.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from stdnum.exceptions import ValidationError
from stdnum.fi import hetu

# Shape of a henkilötunnus (DDMMYY, century sign, 3 digits, check character).
# Used to decide whether input is *meant* as a hetu, so that a hetu with a
# typo is refused instead of being stored as a client number.
HETU_LENGTH = 11
_HETU_SHAPE = re.compile(r"^\d{6}[-+A-FU-Y]\d{3}[0-9A-Z]$", re.IGNORECASE)
_CLIENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
HASH_PREFIX = "h-"
HASH_LENGTH = 24  # hex characters = 96 bits: collisions are negligible at county scale


class ClientKeyError(ValueError):
    """The input is neither a valid identity code nor a valid client number."""


def looks_like_hetu(raw: str) -> bool:
    value = raw.strip()
    # The length test first: an import asks this of every cell, and almost none are 11 long.
    return len(value) == HETU_LENGTH and bool(_HETU_SHAPE.match(value))


def hetu_key(raw: str, secret: bytes) -> str:
    """Validate an identity code and return its keyed hash as a client key."""
    try:
        code = hetu.validate(raw.strip().upper(), allow_temporary=True)
    except ValidationError:
        # Never echo the input: even an invalid code may be a real person's.
        raise ClientKeyError("invalid personal identity code") from None
    digest = hmac.new(secret, code.encode("ascii"), hashlib.sha256).hexdigest()
    return HASH_PREFIX + digest[:HASH_LENGTH]


def client_key(raw: str, secret: bytes) -> str:
    """Turn what a user typed (identity code or client number) into a client key."""
    value = raw.strip()
    if looks_like_hetu(value):
        return hetu_key(value, secret)
    if value.startswith(HASH_PREFIX) and len(value) == len(HASH_PREFIX) + HASH_LENGTH:
        return value.lower()
    if not _CLIENT_NUMBER.match(value):
        raise ClientKeyError(
            "a client key is a client number (letters, digits, - _ .) or an identity code"
        )
    return value
