"""Each worker's own lists: decisions awaiting my confirmation, my unfinished assessments.

Querysets only; the pages and the home figures call these, so the counts and
the lists agree. Client rows are reached through `visible_to` (the scope lives
in `tyonjako.clients.access`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from tyonjako.access.policy import Action
from tyonjako.clients.models import Client
from tyonjako.organisation.models import Worker

from .models import Assessment, AssessmentStatus
from .rules import may_confirm_special_support

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

UNFINISHED = (AssessmentStatus.DRAFT, AssessmentStatus.RECOMMENDED)


def confirms(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user is a licensed social worker in public office."""
    if user.pk is None:
        return False
    worker = Worker.objects.filter(user_id=user.pk, is_active=True).first()
    return worker is not None and may_confirm_special_support(worker.licence, worker.public_office)


def awaiting_my_confirmation(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Assessment]:
    """Decisions waiting for a social worker in public office, within the user's scope."""
    if not confirms(user):
        return Assessment.objects.none()
    clients = Client.objects.visible_to(user, Action.CONFIRM_SPECIAL_SUPPORT)
    return (
        Assessment.objects.filter(
            status=AssessmentStatus.AWAITING_CONFIRMATION, client__in=clients.values("pk")
        )
        .select_related("client", "client__team", "version", "decided_by")
        .order_by("decided_at", "pk")
    )


def my_drafts(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Assessment]:
    """Assessments the user started and has not decided yet (drafts and recommendations)."""
    clients = Client.objects.visible_to(user, Action.ASSESS)
    return (
        Assessment.objects.filter(
            assessed_by_id=user.pk, status__in=UNFINISHED, client__in=clients.values("pk")
        )
        .select_related("client", "client__team", "version")
        .order_by("-created_at", "-pk")
    )
