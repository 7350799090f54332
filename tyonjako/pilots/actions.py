"""Every change to a pilot: load, freeze a checkpoint, record a meeting, write the
conclusions, approve a report, edit the model description.

Each action checks the actor's scope (MANAGE_PILOTS over every place of the
pilot), runs in a transaction and leaves an audit row (django-auditlog, with the
actor set). The command line acts as the system (`by=None`, channel "cli").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action
from tyonjako.access.subject import subject_of
from tyonjako.common.clock import now
from tyonjako.organisation.models import Team, Unit
from tyonjako.reports.pilots import compute_figures, indicator_catalogue

from .definition import DefinitionError, PilotDef, read_pilot
from .innokyla import SECTION_KEYS
from .models import Checkpoint, Meeting, MeetingKind, ModelDescription, Pilot
from .queries import covers


class PilotError(ValueError):
    """A change refused, with a message for the person."""


def _require(by: User | None, pilot: Pilot) -> None:
    if by is not None and not covers(subject_of(by), Action.MANAGE_PILOTS, pilot):
        raise PermissionError(_("You may not change this pilot."))


def _places(definition: PilotDef) -> tuple[list[Unit], list[Team]]:
    units, teams, missing = [], [], []
    for code in definition.places:
        team = Team.objects.filter(code=code).first()
        unit = None if team else Unit.objects.filter(code=code).first()
        if team is not None:
            teams.append(team)
        elif unit is not None:
            units.append(unit)
        else:
            missing.append(code)
    if missing:
        raise DefinitionError(
            [f"places: no unit or team with the code {code!r}" for code in missing]
        )
    return units, teams


def load_pilot(text: str, *, by: User | None) -> Pilot:
    """Store a pilot from its YAML definition (new, or a new text for the same key).

    A checkpoint already frozen keeps its cut-off: a definition that moves it is refused."""
    definition = read_pilot(text, set(indicator_catalogue()))
    units, teams = _places(definition)
    with transaction.atomic(), set_actor(by):
        pilot = Pilot.objects.select_for_update().filter(key=definition.key).first()
        if pilot is not None:
            _require(by, pilot)
        pilot = pilot or Pilot(key=definition.key)
        pilot.name_fi, pilot.name_sv = definition.name.fi, definition.name.sv
        pilot.start, pilot.end = definition.period.start, definition.period.end
        pilot.source, pilot.loaded_by = text, by
        pilot.save()
        pilot.units.set(units)
        pilot.teams.set(teams)
        _require(by, pilot)  # the new places must lie in the actor's scope too
        _sync_checkpoints(pilot, definition)
        ModelDescription.objects.get_or_create(pilot=pilot)
    return pilot


def _sync_checkpoints(pilot: Pilot, definition: PilotDef) -> None:
    existing = {cp.key: cp for cp in pilot.checkpoints.all()}
    for item in definition.checkpoints:
        checkpoint = existing.pop(item.key, None) or Checkpoint(pilot=pilot, key=item.key)
        if checkpoint.is_frozen and checkpoint.cut_off != item.cut_off:
            raise DefinitionError(
                [f"checkpoints.{item.key}: frozen at its cut-off; the cut-off cannot move"]
            )
        checkpoint.name_fi, checkpoint.name_sv = item.name.fi, item.name.sv
        checkpoint.kind, checkpoint.cut_off, checkpoint.report_due = (
            item.kind,
            item.cut_off,
            item.report_due,
        )
        checkpoint.save()
    for checkpoint in existing.values():
        if checkpoint.is_frozen:
            raise DefinitionError(
                [f"checkpoints.{checkpoint.key}: frozen; a frozen checkpoint cannot be removed"]
            )
        checkpoint.delete()


def freeze_checkpoint(checkpoint: Checkpoint, *, by: User | None, reason: str = "") -> Checkpoint:
    """Compute and store the pilot's figures as they stand at the cut-off date.

    Freezing again needs a reason (kept, with who and when, in the audit log); an
    approved report's checkpoint cannot be frozen again."""
    _require(by, checkpoint.pilot)
    reason = reason.strip()
    with transaction.atomic(), set_actor(by):
        locked = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
        if locked.is_approved:
            raise PilotError(_("The report of this checkpoint is approved and locked."))
        if locked.is_frozen and not reason:
            raise PilotError(
                _("The checkpoint is already frozen; give a reason to freeze it again.")
            )
        locked.figures = compute_figures(locked.pilot.definition(), locked.cut_off)
        locked.frozen_at, locked.frozen_by = now(), by
        locked.freeze_reason = reason
        locked.times_frozen += 1
        locked.save()
    return locked


def freeze_due_checkpoints(day: dt.date) -> list[Checkpoint]:
    """The scheduled job: freeze every checkpoint whose cut-off has passed and is not frozen."""
    due = Checkpoint.objects.filter(frozen_at__isnull=True, cut_off__lt=day).select_related("pilot")
    return [freeze_checkpoint(checkpoint, by=None) for checkpoint in due]


def record_meeting(
    pilot: Pilot, *, date: dt.date, kind: str, title: str, memo: str, by: User | None
) -> Meeting:
    _require(by, pilot)
    if kind not in MeetingKind.values:
        raise PilotError(_("Choose the kind of meeting."))
    if not title.strip():
        raise PilotError(_("Give the meeting a title."))
    with transaction.atomic(), set_actor(by):
        return Meeting.objects.create(
            pilot=pilot, date=date, kind=kind, title=title.strip(), memo=memo.strip(), created_by=by
        )


def save_conclusions(
    checkpoint: Checkpoint, texts: dict[str, str], *, by: User | None
) -> Checkpoint:
    """The conclusions and decision of a checkpoint's report, and a staffing scenario's key."""
    _require(by, checkpoint.pilot)
    with transaction.atomic(), set_actor(by):
        locked = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
        if locked.is_approved:
            raise PilotError(_("The report of this checkpoint is approved and locked."))
        for field in (
            "conclusions_fi",
            "conclusions_sv",
            "decision_fi",
            "decision_sv",
            "scenario_key",
        ):
            if field in texts:
                setattr(locked, field, texts[field].strip())
        locked.save()
    return locked


def _scenario_exists(key: str) -> bool:
    from tyonjako.staffing.models import Scenario

    return Scenario.objects.filter(key=key).exists()


def approve_report(checkpoint: Checkpoint, *, by: User) -> Checkpoint:
    """Approve and lock the report: its figures and texts no longer change."""
    _require(by, checkpoint.pilot)
    with transaction.atomic(), set_actor(by):
        locked = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
        if not locked.is_frozen:
            raise PilotError(_("Freeze the checkpoint's figures before approving its report."))
        if locked.is_approved:
            raise PilotError(_("The report of this checkpoint is approved and locked."))
        locked.approved_at, locked.approved_by = now(), by
        locked.save()
    return locked


def save_description(pilot: Pilot, texts: dict[str, Any], *, by: User | None) -> ModelDescription:
    """Store the model description's texts ({section: {fi, sv}}); unknown sections refused."""
    _require(by, pilot)
    unknown = sorted(set(texts) - set(SECTION_KEYS))
    if unknown:
        raise PilotError(_("Unknown sections: %(keys)s") % {"keys": ", ".join(unknown)})
    with transaction.atomic(), set_actor(by):
        description, _created = ModelDescription.objects.select_for_update().get_or_create(
            pilot=pilot
        )
        merged = dict(description.texts)
        for key, by_language in texts.items():
            merged[key] = {lang: str(by_language.get(lang, "")).strip() for lang in ("fi", "sv")}
        description.texts, description.updated_by = merged, by
        description.save()
    return description
