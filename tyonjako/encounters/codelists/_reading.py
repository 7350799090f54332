"""Reading small CSV files: decoding and rows with their physical line numbers.

Code-list files are small (hundreds or a few thousand rows), so they are read
whole. Encoding is UTF-8 with or without a byte order mark, else Windows-1252.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from .records import CodeListError, error

Source = str | bytes | os.PathLike[str]

_BOM = codecs.BOM_UTF8


def decode(data: bytes) -> str:
    """UTF-8 (a leading byte order mark is dropped), else Windows-1252."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; map them rather than fail.
        return data.decode("cp1252", errors="replace")


def read_text(source: Source) -> str:
    """The text of ``source``.

    A :class:`pathlib.Path` (any ``os.PathLike``) is read from disk, ``bytes``
    are decoded, a ``str`` is the CSV text itself.
    """
    if isinstance(source, bytes):
        return decode(source)
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    return decode(Path(source).read_bytes())


def looks_like_path(source: Source) -> bool:
    """A one-line ``str`` naming a ``.csv`` file: probably meant as a path."""
    return (
        isinstance(source, str)
        and "\n" not in source
        and source.strip().casefold().endswith(".csv")
    )


def sniff_delimiter(text: str, candidates: Sequence[str] = (",", ";")) -> str:
    """The candidate found most often on the first non-blank line (ties: the first)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(candidates, key=lambda c: (first.count(c), -candidates.index(c)))


def iter_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for each record that has a non-blank cell.

    ``line`` is the physical line the record starts on; a quoted cell may span
    lines. Cells are stripped of surrounding white space.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next_line = 1
    while True:
        line = next_line
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CodeListError([error(line, "file", f"not readable as CSV: {exc}")]) from exc
        next_line = reader.line_num + 1
        stripped = [cell.strip() for cell in cells]
        if any(stripped):
            yield line, stripped
