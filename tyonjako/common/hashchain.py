"""A hash chain over rows: pure functions, no database (docs/security.md).

Each link's digest is SHA-256 over the previous digest and the row's canonical
form, so changing, removing or reordering a row changes every digest after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def canonical(row: Mapping[str, Any]) -> str:
    """One text per row: keys sorted, datetimes in UTC ISO form, no spacing choices."""
    return json.dumps(
        {key: _plain(value) for key, value in row.items()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    return value


def link_digest(previous: str, row_text: str) -> str:
    return hashlib.sha256(f"{previous}\n{row_text}".encode()).hexdigest()


@dataclass(frozen=True)
class Link:
    seq: int
    entry_id: int
    digest: str


@dataclass(frozen=True)
class Break:
    """The first link that does not hold, and why."""

    seq: int
    entry_id: int
    reason: str  # "missing" (row removed), "altered" (row or digest changed), "end"


def check_links(
    previous: str, links: Iterable[Link], rows: Mapping[int, str]
) -> tuple[str, Link | None, Break | None]:
    """Walks links in order from the digest `previous`; `rows` maps entry ids to their
    canonical text. Returns the last digest, the last link and the first break (if any),
    so that a long chain can be checked a chunk at a time."""
    last: Link | None = None
    for link in links:
        text = rows.get(link.entry_id)
        if text is None:
            return previous, last, Break(link.seq, link.entry_id, "missing")
        if link_digest(previous, text) != link.digest:
            return previous, last, Break(link.seq, link.entry_id, "altered")
        previous = link.digest
        last = link
    return previous, last, None


def first_break(
    anchor: str, links: Iterable[Link], rows: Mapping[int, str], last_digest: str
) -> Break | None:
    """The whole chain at once: it must start from `anchor` and end at `last_digest`
    (a removed last row is caught by the end not matching)."""
    previous, last, broken = check_links(anchor, links, rows)
    if broken is not None:
        return broken
    if previous != last_digest:
        return Break(last.seq if last else 0, last.entry_id if last else 0, "end")
    return None


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same moment `years` years earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)
