"""A Bloom filter of strings: "certainly not seen" or "perhaps seen", in a fixed few MB.

An import of a new source system asks of every row whether this run has already
written its source id (a file may repeat one further down). Remembering a
million ids exactly would cost a hundred megabytes; this answers "certainly
not" for all but about one in three hundred of them in 4 MB, and the import
looks up only the rest in the database.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_BITS = 1 << 25  # 4 MB: about 0.4 % false "perhaps" after a million ids


class StringFilter:
    """Two bits per string, taken from the two halves of its hash (Python's hash
    of a str is stable within a process, which is all the filter lives for)."""

    def __init__(self, bits: int = DEFAULT_BITS) -> None:
        if bits <= 0 or bits & (bits - 1):
            raise ValueError("the number of bits must be a power of two")
        self._mask = bits - 1
        self._bits = bytearray(bits // 8 or 1)

    def add(self, values: Iterable[str]) -> None:
        bits, mask = self._bits, self._mask
        for value in values:
            h = hash(value)
            first, second = h & mask, (h >> 32) & mask
            bits[first >> 3] |= 1 << (first & 7)
            bits[second >> 3] |= 1 << (second & 7)

    def maybe(self, values: Iterable[str]) -> list[str]:
        """The values that may have been added; every value added is among them."""
        bits, mask = self._bits, self._mask
        found = []
        for value in values:
            h = hash(value)
            first, second = h & mask, (h >> 32) & mask
            if bits[first >> 3] >> (first & 7) & 1 and bits[second >> 3] >> (second & 7) & 1:
                found.append(value)
        return found
