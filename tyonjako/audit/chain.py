"""Sealing, verifying and purging the access log (docs/security.md).

* :func:`seal` gives every unsealed ``LogEntry`` a ``ChainLink``. It first
  updates the one ``ChainHead`` row, which locks it (a row lock on PostgreSQL,
  the write lock on SQLite), so two sealers never interleave: the chain order
  is the sealing order. Writers of the log call :func:`seal_after_commit`;
  rows written past the ORM (bulk imports) are sealed by the next seal.
* :func:`verify` recomputes every digest and reports the first broken link.
* :func:`purge` removes the rows older than the retention period from the
  front of the chain, re-anchors the chain and records what it removed
  (:class:`AuditPurge`: counts and period, never contents).

:func:`run_retention` is the plain function a job schedule calls.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, F, Max, Min, OuterRef

from tyonjako.common.clock import now
from tyonjako.common.hashchain import Break, Link, canonical, check_links, link_digest
from tyonjako.common.hashchain import years_before as _years_before

from .models import GENESIS, AuditPurge, ChainHead, ChainLink

log = logging.getLogger(__name__)

CHUNK = 2000
# A seal after a commit looks only at rows this close to the last sealed id (a request's
# rows, and those of requests that committed beside it). It runs after every page that
# reads a client, so it must stay a look at a few thousand index entries: a window of
# 100 000 ids cost two scans of 50-100 ms on each such page (docs/benchmarks.md "Load").
# A row committed further back than that (a long import while others sealed) is sealed
# by the scheduled seal (`audit-seal`, every few minutes, SCHEDULED_IDS back) or the
# next full seal.
RECENT_IDS = 2_000
SCHEDULED_IDS = 1_000_000

_FIELDS = [field.attname for field in LogEntry._meta.concrete_fields]


def row_text(values: dict[str, Any]) -> str:
    return canonical(values)


def _lock_head() -> ChainHead:
    """Takes the sealing lock (the caller is inside a transaction) and returns the head."""
    if not ChainHead.objects.filter(pk=1).update(turns=F("turns") + 1):
        ChainHead.objects.get_or_create(pk=1)
        ChainHead.objects.filter(pk=1).update(turns=F("turns") + 1)
    return ChainHead.objects.get(pk=1)


def seal(*, recent_only: bool = False, window: int | None = None) -> int:
    """Links every unsealed log row to the chain, in id order. Returns how many.

    `recent_only` looks only at ids above the last sealed id less RECENT_IDS, `window`
    at ids above it less `window`; neither: every row."""
    sealed = 0
    if recent_only and window is None:
        window = RECENT_IDS
    with transaction.atomic():
        head = _lock_head()
        unsealed = LogEntry.objects.filter(
            ~Exists(ChainLink.objects.filter(entry_id=OuterRef("pk")))
        )
        if window is not None:
            unsealed = unsealed.filter(id__gt=head.last_entry_id - window)
        previous = head.last_digest
        last_id = head.last_entry_id
        while True:
            rows = list(unsealed.order_by("id").values(*_FIELDS)[:CHUNK])
            if not rows:
                break
            links = []
            for values in rows:
                previous = link_digest(previous, row_text(values))
                links.append(ChainLink(entry_id=values["id"], digest=previous))
                last_id = max(last_id, values["id"])
            ChainLink.objects.bulk_create(links)
            sealed += len(links)
            if len(rows) < CHUNK:
                break  # the last chunk: asking again would scan the window once more
        if sealed:
            ChainHead.objects.filter(pk=1).update(last_digest=previous, last_entry_id=last_id)
    return sealed


def seal_recent() -> int:
    """The scheduled seal: rows committed further back than a seal after commit looks."""
    return seal(window=SCHEDULED_IDS)


def _seal_quietly() -> None:
    try:
        seal(recent_only=True)
    except DatabaseError:  # the next seal (verify, purge, the schedule) takes these rows
        log.warning("audit log rows were left unsealed for now", exc_info=True)


def seal_after_commit() -> None:
    """Seals the rows this transaction wrote once it commits (once per transaction)."""
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _seal_quietly for entry in pending):
        return
    transaction.on_commit(_seal_quietly)


@dataclass(frozen=True)
class Verified:
    links: int
    sealed_now: int
    head: str
    broken: Break | None


def verify(*, seal_first: bool = True) -> Verified:
    """Recomputes the chain from its anchor; the first link that does not hold, if any."""
    sealed_now = seal() if seal_first else 0
    head = ChainHead.objects.filter(pk=1).first() or ChainHead(anchor=GENESIS)
    previous = head.anchor
    count = 0
    last: Link | None = None
    after = 0
    while True:
        chunk = [
            Link(seq, entry_id, digest)
            for seq, entry_id, digest in ChainLink.objects.filter(seq__gt=after)
            .order_by("seq")
            .values_list("seq", "entry_id", "digest")[:CHUNK]
        ]
        if not chunk:
            break
        rows = {
            values["id"]: row_text(values)
            for values in LogEntry.objects.filter(id__in=[link.entry_id for link in chunk]).values(
                *_FIELDS
            )
        }
        previous, chunk_last, broken = check_links(previous, chunk, rows)
        if broken is not None:
            return Verified(count, sealed_now, head.last_digest, broken)
        last = chunk_last or last
        count += len(chunk)
        after = chunk[-1].seq
    if previous != head.last_digest:
        end = Break(last.seq if last else 0, last.entry_id if last else 0, "end")
        return Verified(count, sealed_now, head.last_digest, end)
    return Verified(count, sealed_now, head.last_digest, None)


@dataclass(frozen=True)
class Purged:
    cutoff: dt.datetime
    removed: int
    oldest: dt.datetime | None
    newest: dt.datetime | None
    dry_run: bool


def purge(*, years: int | None = None, dry_run: bool = False) -> Purged:
    """Removes the log rows older than `years` (default TYONJAKO_AUDIT_RETENTION_YEARS).

    Only the front of the chain is removed: rows up to the first one that is still
    within the period. A row older than the cutoff sealed after a newer one stays
    until a later purge. The chain is re-anchored at the last removed digest, so
    `verify` still holds, and an :class:`AuditPurge` row records what went.
    """
    years = settings.AUDIT_RETENTION_YEARS if years is None else years
    if years < 1:
        raise ValueError("the retention period must be at least one year")
    seal()
    cutoff = _years_before(now(), years)
    with transaction.atomic():
        head = _lock_head()
        kept = ChainLink.objects.filter(
            entry_id__in=LogEntry.objects.filter(timestamp__gte=cutoff).values("id")
        ).aggregate(first=Min("seq"))["first"]
        doomed = ChainLink.objects.all() if kept is None else ChainLink.objects.filter(seq__lt=kept)
        entries = LogEntry.objects.filter(id__in=doomed.values("entry_id"))
        figures = entries.aggregate(oldest=Min("timestamp"), newest=Max("timestamp"))
        removed = doomed.count()
        result = Purged(cutoff, removed, figures["oldest"], figures["newest"], dry_run)
        if dry_run or not removed:
            return result
        last_removed = doomed.order_by("-seq").values_list("digest", flat=True).first()
        anchor = last_removed or head.anchor
        entries._raw_delete(entries.db)
        doomed._raw_delete(doomed.db)
        ChainHead.objects.filter(pk=1).update(anchor=anchor)
        AuditPurge.objects.create(
            at=now(),
            cutoff=cutoff,
            retention_years=years,
            removed=removed,
            oldest=figures["oldest"],
            newest=figures["newest"],
            anchor=anchor,
        )
    return result


def run_retention() -> Purged:
    """The scheduled job: seal, then purge what is past the retention period."""
    return purge()
