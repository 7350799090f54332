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


# ------------------------------------------------ sets stored as bitmaps
#
# A set of ids as one Python int (bit i set when i is in the set): the union of
# many sets is `|`, its size `int.bit_count()`. Stored packed: eight bytes of
# offset (the index of the first byte holding an id) and the bitmap's bytes
# from there, least significant bit first, so that a set of ids from one range
# takes a bit an id of that range.

_OFFSET = 8


def bits_of(ids: Iterable[int]) -> int:
    """The ids as the bits of one int."""
    return unpack(pack(ids))


def pack(ids: Iterable[int]) -> bytes:
    """The ids (repeats allowed) packed as a bitmap; b"" for none."""
    values = list(ids)
    if not values:
        return b""
    low, high = min(values), max(values)
    if low < 0:
        raise ValueError("ids are not negative")
    first = low >> 3
    bitmap = bytearray((high >> 3) - first + 1)
    for value in values:
        bitmap[(value >> 3) - first] |= 1 << (value & 7)
    return first.to_bytes(_OFFSET, "little") + bytes(bitmap)


def unpack(packed: bytes | memoryview) -> int:
    """A packed set back as the bits of one int."""
    packed = bytes(packed)
    if not packed:
        return 0
    first = int.from_bytes(packed[:_OFFSET], "little")
    return int.from_bytes(packed[_OFFSET:], "little") << (first << 3)


_SPREAD = [bytes(byte >> bit & 1 for bit in range(8)) for byte in range(256)]


def bytemap(bits: int) -> tuple[int, bytes]:
    """(first, marks): byte i of marks is 1 when the id first + i is in the set, else 0.

    One byte an id, so that a database can test membership with `substr` (SQLite
    and PostgreSQL alike); first is a multiple of eight, marks end with a 1."""
    if bits <= 0:
        return 0, b""
    first = ((bits & -bits).bit_length() - 1) & ~7
    raw = (bits >> first).to_bytes(((bits >> first).bit_length() + 7) // 8, "little")
    return first, b"".join(map(_SPREAD.__getitem__, raw)).rstrip(b"\0")


def ids_of(bits: int) -> list[int]:
    """The ids of the set, in order."""
    first, marks = bytemap(bits)
    found: list[int] = []
    at = marks.find(1)
    while at >= 0:
        found.append(first + at)
        at = marks.find(1, at + 1)
    return found
