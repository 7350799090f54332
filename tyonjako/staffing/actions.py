"""Changes to posts, cost parameters and scenarios. Each checks the writer's scope
(`access.policy`), runs in a transaction and leaves an audit row (django-auditlog)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.common.clock import today
from tyonjako.organisation.models import Post, Unit

from .models import (
    NEXT_STATUSES,
    CostParameterVersion,
    PostDetail,
    PostEvent,
    PostStatus,
    RecruitmentRound,
    Scenario,
)
from .rules import CostParameters, parse_spec
from .services import covers_unit


class StaffingError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


def _require(by: User, action: Action, unit: Unit | None) -> None:
    subject = subject_of(by)
    allowed = subject.can(action) if unit is None else covers_unit(subject, action, unit)
    if not allowed:
        raise PermissionDenied


def _detail(post: Post) -> PostDetail:
    detail, _created = PostDetail.objects.get_or_create(
        post=post,
        defaults={"status": PostStatus.FILLED if post.holder_id else PostStatus.APPROVED},
    )
    return detail


def update_post(
    post: Post,
    *,
    kind: str,
    grade: str,
    fte: Decimal,
    funding: dict[str, Decimal],
    vacant_since: dt.date | None,
    by: User,
) -> PostDetail:
    _require(by, Action.MANAGE_POSTS, post.unit)
    if sum(funding.values()) != 1 or any(v < 0 for v in funding.values()):
        raise StaffingError("funding", _("The funding shares must add up to 100 %."))
    with transaction.atomic(), set_actor(by):
        locked = Post.objects.select_for_update().get(pk=post.pk)
        locked.fte = fte
        locked.save(update_fields=["fte"])
        detail = _detail(locked)
        detail.kind = kind
        detail.grade = grade
        detail.funding = {k: str(v) for k, v in funding.items() if v}
        detail.vacant_since = vacant_since
        detail.save()
    return detail


def move_post(post: Post, status: str, on: dt.date | None = None, *, by: User) -> PostDetail:
    """One step of the lifecycle: proposed → approved → recruiting → filled → ended."""
    _require(by, Action.MANAGE_POSTS, post.unit)
    day = on or today()
    with transaction.atomic(), set_actor(by):
        detail = _detail(Post.objects.select_for_update().get(pk=post.pk))
        if status not in NEXT_STATUSES.get(detail.status, ()):
            raise StaffingError(
                "status",
                _("A post cannot move from %(old)s to %(new)s.")
                % {
                    "old": PostStatus(detail.status).label,
                    "new": PostStatus(status).label if status in PostStatus.values else status,
                },
            )
        if detail.status_since and day < detail.status_since:
            raise StaffingError("on", _("The date is before the post's current status began."))
        if status == PostStatus.FILLED:
            detail.vacant_since = None
        elif detail.status == PostStatus.FILLED and status == PostStatus.RECRUITING:
            detail.vacant_since = day
        detail.status = status
        detail.status_since = day
        detail.save()
        PostEvent.objects.create(post=post, status=status, on=day, created_by=by)
    return detail


def add_recruitment_round(
    post: Post,
    *,
    opened: dt.date,
    closed: dt.date | None,
    applicants: int,
    qualified: int,
    outcome: str,
    by: User,
) -> RecruitmentRound:
    _require(by, Action.MANAGE_POSTS, post.unit)
    if qualified > applicants:
        raise StaffingError(
            "qualified", _("There cannot be more qualified applicants than applicants.")
        )
    if closed and closed < opened:
        raise StaffingError("closed", _("A round cannot close before it opens."))
    with transaction.atomic(), set_actor(by):
        return RecruitmentRound.objects.create(
            post=post,
            opened=opened,
            closed=closed,
            applicants=applicants,
            qualified=qualified,
            outcome=outcome,
        )


def save_cost_parameters(
    parameters: CostParameters, note: str = "", *, by: User
) -> CostParameterVersion:
    """A new version in force from its date (the version of that date is replaced)."""
    _require(by, Action.EDIT_COST_PARAMETERS, None)
    data = parameters.as_dict()
    data.pop("effective_from")
    with transaction.atomic(), set_actor(by):
        version, _created = CostParameterVersion.objects.update_or_create(
            effective_from=parameters.effective_from,
            defaults={"data": data, "note": note, "created_by": by},
        )
    return version


def save_scenario(
    unit: Unit, data: dict[str, Any], *, by: User, demand_days: int = 365
) -> Scenario:
    """Store (or replace, by key) a scenario of a unit. Raises ChangeError for bad changes."""
    _require(by, Action.MANAGE_SCENARIOS, unit)
    spec = parse_spec(data)
    with transaction.atomic(), set_actor(by):
        existing = Scenario.objects.select_for_update().filter(key=spec.key).first()
        if existing is not None and existing.unit_id != unit.pk:
            raise StaffingError("key", _("Another unit already has a scenario with this key."))
        scenario, _created = Scenario.objects.update_or_create(
            key=spec.key,
            defaults={
                "name": spec.name,
                "unit": unit,
                "changes": spec.as_dict()["changes"],
                "demand_days": demand_days,
                "created_by": existing.created_by if existing else by,
            },
        )
    return scenario


def delete_scenario(scenario: Scenario, *, by: User) -> None:
    _require(by, Action.MANAGE_SCENARIOS, scenario.unit)
    with transaction.atomic(), set_actor(by):
        scenario.delete()
