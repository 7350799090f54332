"""Changes to instruments and assessments: each in a transaction, each audited
(django-auditlog records the change with the acting user)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from tyonjako.access.policy import Action
from tyonjako.clients.access import require_in_scope
from tyonjako.clients.models import Client
from tyonjako.common.clock import now, today
from tyonjako.common.versions import Load, VersionInUse
from tyonjako.organisation.models import ServiceArea, Team, Worker

from .engine import Instrument, RoutingResult, evaluate, load_instrument, validate_answers
from .models import (
    Assessment,
    AssessmentStatus,
    InstrumentActivation,
    InstrumentVersion,
    OverrideReason,
)
from .rules import (
    NO_PERSONAL_WORKER,
    Decision,
    differs,
    may_confirm_special_support,
    override_direction,
    section_42_problem,
    status_after_decision,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AssessmentActionError(ValueError):
    """A refused change; `field` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _refuse_without_social_worker() -> tuple[str, str]:
    return (
        "personal_worker",
        _(
            "Refused under the Social Welfare Act (1301/2014) §42: a client who needs "
            "special support must have a social worker as personal worker, or a social "
            "worker as work pair. Choose a social worker, or require a work pair."
        ),
    )


def _refuse_unnecessary_with_special_support() -> tuple[str, str]:
    return (
        "personal_worker",
        _(
            "Refused under the Social Welfare Act (1301/2014) §42: a client who needs "
            "special support always has a personal worker; it cannot be clearly unnecessary."
        ),
    )


def _refuse_unnecessary_without_reason() -> tuple[str, str]:
    return (
        "note",
        _(
            "Write why a personal worker is clearly unnecessary (Social Welfare Act "
            "1301/2014 §42), for example short contacts in health social work."
        ),
    )


SECTION_42_REFUSALS = {
    "special_support_without_social_worker": _refuse_without_social_worker,
    "special_support_needs_personal_worker": _refuse_unnecessary_with_special_support,
    "unnecessary_needs_reason": _refuse_unnecessary_without_reason,
}


# ---------------------------------------------------------------- instruments


def load_instrument_version(
    source: str, *, by: User | None = None
) -> tuple[InstrumentVersion, bool]:
    """Store a validated definition. Returns (version, created).

    A version that has been used is immutable; loading the same text again is a no-op.
    Raises the engine's InstrumentError on an invalid definition.
    """
    instrument = load_instrument(source)
    with transaction.atomic(), set_actor(by):
        try:
            existing, load = InstrumentVersion.decide(instrument.key, instrument.version, source)
        except VersionInUse as refused:
            raise AssessmentActionError(
                "version",
                _("Version %(version)s has been used and cannot change; make a new version.")
                % {"version": f"{refused.key}@{refused.version}"},
            ) from None
        if existing is not None:
            if load == Load.SAME:
                return existing, False
            _fill(existing, instrument, source)
            existing.save()
            return existing, False
        version = InstrumentVersion(key=instrument.key, version=instrument.version, loaded_by=by)
        _fill(version, instrument, source)
        version.save()
        return version, True


def _fill(version: InstrumentVersion, instrument: Instrument, source: str) -> None:
    version.source = source
    version.name_fi = instrument.name.get("fi", instrument.key)
    version.name_sv = instrument.name.get("sv", version.name_fi)
    version.name_en = instrument.name.get("en", "")


def activate_instrument(
    version: InstrumentVersion,
    *,
    team: Team | None = None,
    service_area: ServiceArea | None = None,
    by: User | None = None,
) -> InstrumentActivation:
    """Put a version in use for a team, a service area, or (neither) the whole county."""
    if team is not None and service_area is not None:
        raise AssessmentActionError("team", _("Choose a team or a service area, not both."))
    with transaction.atomic(), set_actor(by):
        if team is not None:
            activation, _created = InstrumentActivation.objects.update_or_create(
                team=team, defaults={"version": version, "activated_by": by}
            )
        elif service_area is not None:
            activation, _created = InstrumentActivation.objects.update_or_create(
                service_area=service_area, defaults={"version": version, "activated_by": by}
            )
        else:
            InstrumentActivation.objects.filter(
                team__isnull=True, service_area__isnull=True
            ).exclude(version=version).delete()
            activation, _created = InstrumentActivation.objects.update_or_create(
                team=None, service_area=None, version=version, defaults={"activated_by": by}
            )
    return activation


def active_version_for(team: Team) -> InstrumentVersion:
    """The team's version, else its service area's, else the county-wide one."""
    activations = InstrumentActivation.objects.select_related("version")
    for found in (
        activations.filter(team=team).first(),
        activations.filter(service_area_id=team.unit.service_area_id).first(),
        activations.filter(team__isnull=True, service_area__isnull=True).first(),
    ):
        if found is not None:
            return found.version
    latest = InstrumentVersion.objects.order_by("-loaded_at").first()
    return latest if latest is not None else ensure_default_instrument()


def ensure_default_instrument() -> InstrumentVersion:
    """The county-wide version in use; the shipped versions are loaded and the lawful
    default (`COUNTY_DEFAULT_PATH`, erityisen-tuen-tarve@2) put in use if none is.

    The migrations do this at install; this keeps the promise when every
    version has been removed (e.g. a flushed test or demo database).
    """
    from .engine import COUNTY_DEFAULT_PATH, SHIPPED_PATHS

    county_wide = InstrumentActivation.objects.filter(
        team__isnull=True, service_area__isnull=True
    ).select_related("version")
    active = county_wide.first()
    if active is not None:
        return active.version
    loaded = {
        path: load_instrument_version(path.read_text(encoding="utf-8"))[0] for path in SHIPPED_PATHS
    }
    return activate_instrument(loaded[COUNTY_DEFAULT_PATH]).version


# ---------------------------------------------------------------- assessments


def _known_answers(instrument: Instrument, raw: dict[str, Any]) -> dict[str, Any]:
    keys = set(instrument.items)
    return {key: value for key, value in raw.items() if key in keys and value not in (None, "", [])}


def save_draft(
    client: Client,
    raw_answers: dict[str, Any],
    *,
    by: User,
    assessment: Assessment | None = None,
) -> Assessment:
    """Keep unfinished answers. Drafts are not validated: a worker may stop halfway."""
    require_in_scope(by, client, Action.ASSESS)
    with transaction.atomic(), set_actor(by):
        if assessment is None:
            assessment = Assessment(
                client=client, version=active_version_for(client.team), assessed_by=by
            )
        _require_open(assessment)
        assessment.answers = _known_answers(assessment.version.instrument(), raw_answers)
        assessment.status = AssessmentStatus.DRAFT
        assessment.save()
    return assessment


def recommend(
    client: Client,
    raw_answers: dict[str, Any],
    *,
    by: User,
    assessment: Assessment | None = None,
    day: dt.date | None = None,
) -> Assessment:
    """Validate the answers, run the rules, and store the recommendation for a decision.

    Raises AnswerError (naming the item) on bad answers; nothing is written then.
    """
    require_in_scope(by, client, Action.ASSESS)
    version = assessment.version if assessment is not None else active_version_for(client.team)
    instrument = version.instrument()
    answers = validate_answers(instrument, _known_answers(instrument, raw_answers))
    result = evaluate(instrument, answers, today=day or today())
    with transaction.atomic(), set_actor(by):
        if assessment is None:
            assessment = Assessment(client=client, version=version, assessed_by=by)
        _require_open(assessment)
        assessment.answers = _json_answers(answers, instrument)
        _store_result(assessment, result)
        assessment.status = AssessmentStatus.RECOMMENDED
        assessment.save()
    return assessment


def _json_answers(answers: dict[str, object], instrument: Instrument) -> dict[str, Any]:
    keys = set(instrument.items)
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in answers.items()
        if key in keys
    }


def _store_result(assessment: Assessment, result: RoutingResult) -> None:
    assessment.result = result.to_dict()
    assessment.rec_special_support = result.special_support
    assessment.rec_segment = result.segment
    assessment.rec_personal_worker = result.personal_worker
    assessment.rec_pair_required = result.pair_required
    assessment.evaluated_at = now()


def _require_open(assessment: Assessment) -> None:
    if assessment.status in (AssessmentStatus.COMPLETED, AssessmentStatus.AWAITING_CONFIRMATION):
        raise AssessmentActionError(
            "status", _("This assessment has been decided and cannot change.")
        )


def decide(
    assessment: Assessment,
    decided: Decision,
    *,
    by: User,
    reason: str = "",
    note: str = "",
) -> Assessment:
    """The professional confirms or overrides the recommendation.

    An override needs a reason. A decision that breaks §42 is refused (see
    `rules.section_42_problem`). Special support, or a decision against a
    recommendation of special support, is completed only when a licensed social
    worker in public office confirms it; if the decider is one, the confirmation
    is made at once. "Personal worker clearly unnecessary" needs a written reason
    (the note).
    """
    require_in_scope(by, assessment.client, Action.ASSESS)
    recommended = assessment.recommendation
    if assessment.status != AssessmentStatus.RECOMMENDED or recommended is None:
        raise AssessmentActionError(
            "status", _("Only an assessment awaiting a decision can be decided.")
        )
    overridden = differs(recommended, decided)
    if overridden and reason not in OverrideReason.values:
        raise AssessmentActionError("reason", _("An override needs a reason."))
    problem = section_42_problem(decided, note)
    if problem:
        raise AssessmentActionError(*SECTION_42_REFUSALS[problem]())
    with transaction.atomic(), set_actor(by):
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != AssessmentStatus.RECOMMENDED:
            raise AssessmentActionError(
                "status", _("Someone else decided this assessment a moment ago.")
            )
        kept_note = note if overridden or decided.personal_worker == NO_PERSONAL_WORKER else ""
        _apply_decision(locked, decided, overridden, reason if overridden else "", kept_note)
        locked.decided_by_id = by.pk
        locked.decided_at = now()
        confirmer = _confirmer(by)
        locked.status = status_after_decision(recommended, decided, confirmer is not None)
        special = decided.special_support or recommended.special_support
        if locked.status == AssessmentStatus.COMPLETED and confirmer is not None and special:
            locked.confirmed_by, locked.confirmed_at = confirmer, now()
        locked.save()
        Client.objects.filter(pk=locked.client_id).update(segment=decided.segment)
    return locked


def _apply_decision(
    assessment: Assessment, decided: Decision, overridden: bool, reason: str, note: str
) -> None:
    assessment.special_support = decided.special_support
    assessment.segment = decided.segment
    assessment.personal_worker = decided.personal_worker
    assessment.pair_required = decided.pair_required
    assessment.is_override = overridden
    recommended = assessment.recommendation
    assessment.override_direction = (
        override_direction(recommended, decided) if overridden and recommended else ""
    )
    assessment.override_reason = reason
    assessment.override_note = note[:300]


def _confirmer(user: User) -> Worker | None:
    worker = Worker.objects.filter(user_id=user.pk, is_active=True).first()
    if worker is not None and may_confirm_special_support(worker.licence, worker.public_office):
        return worker
    return None


def confirm_special_support(
    assessment: Assessment,
    *,
    by: User,
    changed: Decision | None = None,
    reason: str = "",
    note: str = "",
) -> Assessment:
    """A licensed social worker in public office confirms the decision waiting for
    them, or changes it (`changed`, under the same §42 rules) and so completes it."""
    confirmer = _confirmer(by)
    if confirmer is None:
        raise AssessmentActionError(
            "confirmed_by",
            _("Only a licensed social worker in public office can confirm special support."),
        )
    require_in_scope(by, assessment.client, Action.CONFIRM_SPECIAL_SUPPORT)
    if changed is not None:
        problem = section_42_problem(changed, note)
        if problem:
            raise AssessmentActionError(*SECTION_42_REFUSALS[problem]())
    with transaction.atomic(), set_actor(by):
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != AssessmentStatus.AWAITING_CONFIRMATION:
            raise AssessmentActionError(
                "status", _("This assessment is not waiting for a confirmation.")
            )
        recommended = locked.recommendation
        if changed is not None and recommended is not None and changed != locked.decision:
            overridden = differs(recommended, changed)
            if overridden and reason not in OverrideReason.values:
                raise AssessmentActionError("reason", _("An override needs a reason."))
            kept = note if overridden or changed.personal_worker == NO_PERSONAL_WORKER else ""
            _apply_decision(locked, changed, overridden, reason if overridden else "", kept)
            Client.objects.filter(pk=locked.client_id).update(segment=changed.segment)
        locked.confirmed_by, locked.confirmed_at = confirmer, now()
        locked.status = AssessmentStatus.COMPLETED
        locked.save()
    return locked
