"""Editing job descriptions: a draft copied from the version in force, then published
with an effective date. A published version never changes."""

from __future__ import annotations

import datetime as dt

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from tyonjako.common.clock import now
from tyonjako.organisation.models import Unit

from .catalogue import CatalogueError, may_do
from .models import JobDescriptionStatus, JobDescriptionVersion
from .services import active_catalogue, next_version


class JobDescriptionError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


class OutOfScope(JobDescriptionError):
    """The unit (or the whole county) is outside the writer's EDIT_JOB_DESCRIPTIONS scope."""


def may_edit_for(unit: Unit | None, by: User) -> bool:
    """A unit's version needs the unit in scope; the county-wide one (no unit) needs ALL."""
    from tyonjako.access.policy import Action, Scope
    from tyonjako.access.subject import subject_of
    from tyonjako.organisation.access import covers_unit

    subject = subject_of(by)
    if unit is None:
        return subject.scope(Action.EDIT_JOB_DESCRIPTIONS) == Scope.ALL
    return covers_unit(subject, Action.EDIT_JOB_DESCRIPTIONS, unit)


def _require_scope(unit: Unit | None, by: User) -> None:
    if not may_edit_for(unit, by):
        raise OutOfScope("unit", _("This job description is outside your units."))


def start_draft(profession: str, unit: Unit | None, *, by: User) -> JobDescriptionVersion:
    """A new draft with the tasks of the latest version (or an open draft if one exists)."""
    _require_scope(unit, by)
    with transaction.atomic(), set_actor(by):
        drafts = JobDescriptionVersion.objects.filter(
            profession=profession, unit=unit, status=JobDescriptionStatus.DRAFT
        )
        existing = drafts.first()
        if existing is not None:
            return existing
        latest = (
            JobDescriptionVersion.objects.filter(profession=profession, unit=unit)
            .order_by("-version")
            .first()
        )
        if latest is None and unit is not None:
            latest = (
                JobDescriptionVersion.objects.filter(profession=profession, unit=None)
                .order_by("-version")
                .first()
            )
        return JobDescriptionVersion.objects.create(
            profession=profession,
            unit=unit,
            version=next_version(profession, unit),
            task_codes=list(latest.task_codes) if latest else [],
            notes=dict(latest.notes) if latest else {},
            created_by=by,
        )


def save_draft(
    draft: JobDescriptionVersion,
    task_codes: list[str],
    effective_from: dt.date | None,
    notes: dict[str, str],
    *,
    by: User,
) -> JobDescriptionVersion:
    _require_scope(draft.unit, by)
    if draft.status != JobDescriptionStatus.DRAFT:
        raise JobDescriptionError(
            "status", _("A published version cannot change; start a new draft.")
        )
    catalogue = active_catalogue()
    unknown = [code for code in task_codes if code not in catalogue.tasks]
    if unknown:
        raise JobDescriptionError(
            "task_codes", _("Unknown tasks: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    refused = [
        code for code in task_codes if not may_do(catalogue.tasks[code], draft.profession).allowed
    ]
    if refused:
        names = ", ".join(catalogue.tasks[code].names.fi for code in refused)
        raise JobDescriptionError(
            "task_codes", _("These tasks are not for this profession: %(names)s") % {"names": names}
        )
    with transaction.atomic(), set_actor(by):
        draft.task_codes = sorted(set(task_codes), key=catalogue.order)
        draft.effective_from = effective_from
        draft.notes = {key: value for key, value in notes.items() if value}
        draft.save()
    return draft


def publish(draft: JobDescriptionVersion, *, by: User) -> JobDescriptionVersion:
    _require_scope(draft.unit, by)
    if draft.status != JobDescriptionStatus.DRAFT:
        raise JobDescriptionError("status", _("This version has already been published."))
    if draft.effective_from is None:
        raise JobDescriptionError(
            "effective_from", _("Give the date from which the version is in force.")
        )
    with transaction.atomic(), set_actor(by):
        locked = JobDescriptionVersion.objects.select_for_update().get(pk=draft.pk)
        locked.status = JobDescriptionStatus.PUBLISHED
        locked.published_at = now()
        locked.save(update_fields=["status", "published_at"])
    return locked


__all__ = [
    "CatalogueError",
    "JobDescriptionError",
    "OutOfScope",
    "may_edit_for",
    "publish",
    "save_draft",
    "start_draft",
]
