"""A set of non-negative ids in a bitmap: an import remembers which of its hundreds of
thousands of clients it has already written an audit row for in kilobytes, where a
Python set takes about 60 bytes an id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

BITMAP_LIMIT = 1 << 27  # ids below this live in the bitmap (16 MB at most); others in a set


class IdSet:
    def __init__(self) -> None:
        self._bits = bytearray()
        self._others: set[int] = set()
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int) or value < 0:
            return False
        if value >= BITMAP_LIMIT:
            return value in self._others
        byte = value >> 3
        return byte < len(self._bits) and bool(self._bits[byte] >> (value & 7) & 1)

    def add(self, value: int) -> bool:
        """Add an id; True if it was not there yet."""
        if value < 0:
            raise ValueError("ids are not negative")
        if value >= BITMAP_LIMIT:
            if value in self._others:
                return False
            self._others.add(value)
        else:
            byte, bit = value >> 3, 1 << (value & 7)
            if byte >= len(self._bits):
                # Grow by half again at least: appends stay cheap on a growing id range.
                self._bits.extend(bytes(max(byte + 1 - len(self._bits), len(self._bits) // 2)))
            if self._bits[byte] & bit:
                return False
            self._bits[byte] |= bit
        self._count += 1
        return True

    def add_new(self, values: Iterable[int]) -> list[int]:
        """Add the ids; return those that were not there yet, in order, once each."""
        return [value for value in values if self.add(value)]

    def __iter__(self) -> Iterator[int]:
        bits = self._bits
        for byte, found in enumerate(bits):
            if found:
                for bit in range(8):
                    if found >> bit & 1:
                        yield byte << 3 | bit
        yield from sorted(self._others)
