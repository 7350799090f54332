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


def register_client(new: NewClient, *, by: AbstractBaseUser) -> Client:
    """Register a new contact. Refuses a team outside the user's scope and a key already in use."""
    if not _may_register_to(subject_of(by), new.team):
        raise ClientActionError("team", _("You may not register clients to this team."))
    try:
        key = normalise_key(new.raw_key)
    except ClientKeyError:
        raise ClientActionError(
            "key", _("Not a valid personal identity code or client number.")
        ) from None
    with transaction.atomic(), set_actor(by):
        if Client.objects.filter(key=key).exists():
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
