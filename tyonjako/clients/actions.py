"""Changes to clients. Each runs in a transaction and leaves an audit row
(django-auditlog records the change with the acting user)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action
from tyonjako.access.subject import Subject, subject_of
from tyonjako.audit.log import log_client_reads, log_denied
from tyonjako.audit.purposes import Channel, Purpose
from tyonjako.common.pseudonym import ClientKeyError
from tyonjako.organisation.models import Team

from .access import normalise_key
from .models import Client, ClientLanguage, ClientStatus, Employment, Gender

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class ClientActionError(ValueError):
    """A change was refused; the message names the field and says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NewClient:
    raw_key: str
    team: Team
    pending_since: dt.date
    birth_year: int | None = None
    gender: str = Gender.UNKNOWN
    language: str = ClientLanguage.FINNISH
    municipality: str = ""
    employment: str = Employment.UNKNOWN


def teams_for_registration(user: AbstractBaseUser | AnonymousUser) -> list[Team]:
    """Teams the user may register new clients to."""
    subject = subject_of(user)
    return [team for team in Team.objects.select_related("unit") if _may_register_to(subject, team)]


def _may_register_to(subject: Subject, team: Team) -> bool:
    return subject.covers_team(
        Action.REGISTER_CLIENT, team.pk, team.unit_id, team.unit.service_area_id
    )


def check_new_key(new: NewClient, *, by: AbstractBaseUser, channel: Channel = Channel.PAGE) -> str:
    """The stored key of a new client, or ClientActionError.

    A key already in use is answered "already registered" only when that client lies
    within the registrar's scope (and the read is logged); elsewhere in the county the
    answer does not say whether the client exists, and the probe is logged as refused.
    Call it outside a transaction that may roll back, so that the log row stays."""
    if not _may_register_to(subject_of(by), new.team):
        raise ClientActionError("team", _("You may not register clients to this team."))
    try:
        key = normalise_key(new.raw_key)
    except ClientKeyError:
        raise ClientActionError(
            "key", _("Not a valid personal identity code or client number.")
        ) from None
    existing = Client.objects.filter(key=key).first()
    if existing is None:
        return key
    if Client.objects.visible_to(by, Action.REGISTER_CLIENT).filter(pk=existing.pk).exists():
        log_client_reads(by, [existing], Purpose.INTAKE, channel)
        raise ClientActionError("key", _("A client with this key is already registered."))
    log_denied(by, key, Purpose.INTAKE, channel)
    raise ClientActionError(
        "key",
        _(
            "The client cannot be registered to this team. "
            "Ask the service secretary or the administrator to check the client number."
        ),
    )


def register_client(new: NewClient, *, by: AbstractBaseUser) -> Client:
    """Register a new contact. Refuses a team outside the user's scope and a key already in use."""
    key = check_new_key(new, by=by)
    with transaction.atomic(), set_actor(by):
        if Client.objects.filter(key=key).exists():  # registered meanwhile
            raise ClientActionError("key", _("A client with this key is already registered."))
        return Client.objects.create(
            key=key,
            team=new.team,
            pending_since=new.pending_since,
            birth_year=new.birth_year,
            gender=new.gender,
            language=new.language,
            municipality=new.municipality,
            employment=new.employment,
            status=ClientStatus.ACTIVE,
        )
