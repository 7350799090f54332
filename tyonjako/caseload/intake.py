"""Intake: a service secretary registers a new contact, and the statutory
assessment deadline (Sosiaalihuoltolaki §36) is set from urgency and age."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditlog.context import set_actor
from django.db import transaction

from tyonjako.assessments.actions import active_version_for
from tyonjako.assessments.engine import intake_deadlines
from tyonjako.assessments.rules import (
    COMPLETION_DEADLINE,
    is_child,
    three_month_completion_applies,
)
from tyonjako.clients.actions import NewClient, check_new_key, register_client
from tyonjako.clients.models import Client

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class IntakeFacts:
    urgent: bool = False
    over_75: bool = False
    highest_care_allowance: bool = False


def register_contact(new: NewClient, facts: IntakeFacts, *, by: User) -> Client:
    """Register the client and set the deadlines the instrument in use gives for these facts."""
    instrument = active_version_for(new.team).instrument()
    given = {
        "urgent": facts.urgent,
        "over_75": facts.over_75,
        "highest_care_allowance": facts.highest_care_allowance,
        "pending_since": new.pending_since,
    }
    deadlines = intake_deadlines(
        instrument,
        {k: v for k, v in given.items() if k in instrument.items},
        today=new.pending_since,
    )
    check_new_key(new, by=by)  # before the transaction: a refused probe stays logged
    with transaction.atomic(), set_actor(by):
        client = register_client(new, by=by)
        client.assessment_start_by = deadlines.get("assessment_start_by")
        # §36: the three-month completion is the law's only for a child who needs special
        # support, which is known after the assessment, not at intake; whatever a version's
        # rule says (erityisen-tuen-tarve@1 gave it to adults over 75), none is set here.
        client.assessment_complete_by = (
            deadlines.get(COMPLETION_DEADLINE)
            if three_month_completion_applies(
                child=is_child(new.birth_year, new.pending_since), special_support=None
            )
            else None
        )
        client.save(update_fields=["assessment_start_by", "assessment_complete_by"])
    return client
