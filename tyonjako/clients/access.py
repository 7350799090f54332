"""The one door to client data.

Views, API views, exports and commands load clients only through these
functions. They apply the role × scope policy and write the access log; a
refused attempt is logged too and answers as if the client did not exist
(404), so that probing keys reveals nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.http import Http404

from tyonjako.access.policy import Action, Scope
from tyonjako.access.subject import Subject, subject_of
from tyonjako.audit.log import log_client_reads, log_denied
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.common.clock import today
from tyonjako.common.pseudonym import ClientKeyError, client_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from .models import Client, ClientQuerySet


class ClientNotFound(Http404):
    """The client does not exist, or the user may not see it: deliberately the same answer."""


def scope_q(subject: Subject, action: Action | str) -> Q | None:
    """A filter for the clients within the subject's scope; None means no access."""
    scope = subject.scope(action)
    if scope == Scope.NONE:
        return None
    if scope == Scope.ALL:
        return Q()
    if scope == Scope.OWN:
        return Q(
            assignments__worker_id=subject.worker_id,
            assignments__start__lte=today(),
        ) & (Q(assignments__end__isnull=True) | Q(assignments__end__gte=today()))
    if scope == Scope.TEAM:
        return Q(team_id__in=subject.team_ids)
    if scope == Scope.UNIT:
        return Q(team__unit_id__in=subject.unit_ids)
    return Q(team__unit__service_area_id__in=subject.service_area_ids)


def client_scope_filter(
    queryset: ClientQuerySet, user: AbstractBaseUser | AnonymousUser, action: Action | str
) -> ClientQuerySet:
    subject = subject_of(user)
    condition = scope_q(subject, action)
    if condition is None:
        return queryset.none()
    if not condition:
        return queryset
    if subject.scope(action) == Scope.OWN:
        # The OWN scope joins assignments; an id subquery keeps rows unique.
        return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))
    # Team, unit and area follow single-valued relations: a plain filter, which the
    # (team, status) index answers (the id subquery hashed a team's whole history).
    return queryset.filter(condition)


def normalise_key(raw: str) -> str:
    """A typed key or identity code as the stored client key. Raises ClientKeyError."""
    return client_key(raw, settings.PSEUDONYM_KEY)


def get_client_for(
    user: AbstractBaseUser | AnonymousUser,
    raw_key: str,
    *,
    purpose: Purpose,
    channel: Channel = Channel.PAGE,
    action: Action | str = Action.VIEW_CLIENT,
    remote_addr: str | None = None,
) -> Client:
    """Load one client for a user and log the read, or log the refusal and raise 404."""
    from .models import Client

    try:
        key = normalise_key(raw_key)
    except ClientKeyError:
        log_denied(user, "(invalid key)", purpose, channel, remote_addr)
        raise ClientNotFound() from None
    client = (
        Client.objects.visible_to(user, action).filter(key=key).select_related("team__unit").first()
    )
    if client is None:
        log_denied(user, key, purpose, channel, remote_addr)
        raise ClientNotFound()
    log_client_reads(user, [client], purpose, channel, remote_addr)
    return client


def require_in_scope(
    user: AbstractBaseUser | AnonymousUser, client: Client, action: Action | str
) -> None:
    """For actions: a write about a client checks the writer's scope with the same policy
    as the reads; outside it (or a client that does not exist) the answer is 404."""
    from .models import Client

    if not Client.objects.visible_to(user, action).filter(pk=client.pk).exists():
        raise ClientNotFound()


def read_clients(
    user: AbstractBaseUser | AnonymousUser,
    clients: Sequence[Client],
    *,
    purpose: Purpose,
    channel: Channel = Channel.PAGE,
    remote_addr: str | None = None,
) -> Sequence[Client]:
    """Log that the rows of a list page or export were shown; returns them unchanged.

    Call it with the rows actually shown (one page), taken from `visible_to`.
    """
    log_client_reads(user, clients, purpose, channel, remote_addr)
    return clients
