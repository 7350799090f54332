"""Writing and reading the access log of client data.

Entries are django-auditlog LogEntry rows: reads as ACCESS, changes as
CREATE/UPDATE/DELETE (the registered models log those themselves). Reads of
client data are written here explicitly because only the access functions
know the purpose of the read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from tyonjako.common.bulk import TableInserter
from tyonjako.common.clock import now

from .chain import seal_after_commit
from .purposes import Channel, Purpose

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from tyonjako.clients.models import Client


def _actor(user: AbstractBaseUser | AnonymousUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def _client_type() -> ContentType:
    from tyonjako.clients.models import Client

    return ContentType.objects.get_for_model(Client)


def log_client_reads(
    user: AbstractBaseUser | AnonymousUser | None,
    clients: Iterable[Client],
    purpose: Purpose,
    channel: Channel,
    remote_addr: str | None = None,
) -> int:
    """One ACCESS row per client read. Returns how many rows were written."""
    content_type = _client_type()
    actor = _actor(user)
    cid = get_cid()
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(client.pk),
            object_id=client.pk,
            object_repr=client.key,
            action=LogEntry.Action.ACCESS,
            actor=actor,
            remote_addr=remote_addr,
            cid=cid,
            additional_data={
                "purpose": str(purpose),
                "channel": str(channel),
                "client_id": client.pk,
            },
        )
        for client in clients
    ]
    LogEntry.objects.bulk_create(entries, batch_size=500)
    seal_after_commit()
    return len(entries)


def log_denied(
    user: AbstractBaseUser | AnonymousUser | None,
    attempted: str,
    purpose: Purpose,
    channel: Channel,
    remote_addr: str | None = None,
) -> None:
    """A refused attempt is evidence too: who tried to reach what, and when.

    `attempted` is a client key (already pseudonymised) or a path, never an identity code.
    """
    from tyonjako.clients.models import Client

    client = Client.objects.filter(key=attempted).only("pk", "key").first()
    LogEntry.objects.create(
        content_type=_client_type(),
        object_pk=str(client.pk) if client else "",
        object_id=client.pk if client else None,
        object_repr=attempted[:200],
        action=LogEntry.Action.ACCESS,
        actor=_actor(user),
        remote_addr=remote_addr,
        cid=get_cid(),
        additional_data={
            "purpose": str(purpose),
            "channel": str(channel),
            "denied": True,
            "client_id": client.pk if client else None,
        },
    )


def client_log(client: Client, since: dt.datetime | None = None) -> QuerySet[LogEntry]:
    """Every entry about one client: reads, denials, changes of it and of its assignments."""
    entries = LogEntry.objects.filter(
        Q(content_type=_client_type(), object_id=client.pk)
        | Q(additional_data__client_id=client.pk)
    )
    if since is not None:
        entries = entries.filter(timestamp__gte=since)
    ordered: QuerySet[LogEntry] = entries.select_related("actor", "content_type").order_by(
        "timestamp", "id"
    )
    return ordered


def log_client_changes(
    user: AbstractBaseUser | AnonymousUser | None,
    client_ids: Iterable[int],
    purpose: Purpose,
    channel: Channel,
    detail: dict[str, Any],
) -> int:
    """One UPDATE row per client for a bulk change (an import), so the client's
    access report (§11) shows it although the rows were written in bulk.

    Written by the driver (an import can touch hundreds of thousands of
    clients); the rows are what ``LogEntry`` itself would store.
    """
    written = bulk_change_inserter().insert(
        client_change_rows(user, client_ids, purpose, channel, detail)
    )
    seal_after_commit()
    return written


def bulk_change_inserter() -> TableInserter:
    """Writes the rows of :func:`client_change_rows` (on this thread's connection)."""
    return TableInserter(LogEntry, _BULK_CHANGE_COLUMNS)


def client_change_rows(
    user: AbstractBaseUser | AnonymousUser | None,
    client_ids: Iterable[int],
    purpose: Purpose,
    channel: Channel,
    detail: dict[str, Any],
) -> list[tuple[Any, ...]]:
    """The audit rows of :func:`log_client_changes`, for a caller that writes them later."""
    content_type_id = _client_type().pk
    actor = _actor(user)
    actor_id = actor.pk if actor is not None else None
    cid = get_cid()
    stamp = now()
    return [
        (
            content_type_id,
            str(client_id),
            client_id,
            str(client_id),
            int(LogEntry.Action.UPDATE),
            "",
            detail,
            actor_id,
            cid,
            stamp,
            {"purpose": str(purpose), "channel": str(channel), "client_id": client_id},
        )
        for client_id in sorted(set(client_ids))
    ]


_BULK_CHANGE_COLUMNS = [
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "action",
    "changes_text",
    "changes",
    "actor_id",
    "cid",
    "timestamp",
    "additional_data",
]
