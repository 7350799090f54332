"""Instrument versions, where each is in use, and the assessments made with them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.clients.models import Client
from tyonjako.common.definitions import VersionedDefinition
from tyonjako.common.names import TrilingualName
from tyonjako.organisation.models import ServiceArea, Team, Worker

from .engine import Instrument, load_instrument
from .rules import COMPLETION_DEADLINE, Completion, Decision, is_child, lawful_completion


@lru_cache(maxsize=32)
def _parsed(source: str) -> Instrument:
    return load_instrument(source)


class InstrumentVersion(TrilingualName, VersionedDefinition):
    key = models.CharField(_("instrument"), max_length=80)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_key_version_unique")
        ]

    def __str__(self) -> str:
        return self.rule_version

    @property
    def rule_version(self) -> str:
        return f"{self.key}@{self.version}"

    def instrument(self) -> Instrument:
        """The parsed definition (cached by its text, so an edit can never be served stale)."""
        return _parsed(self.source)

    def is_in_use(self) -> bool:
        return self.assessments.exists()


class InstrumentActivation(models.Model):
    """Which version is in use: for a team, a service area, or (neither) the whole county."""

    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="activations",
        verbose_name=_("version"),
    )
    team = models.OneToOneField(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instrument_activation",
        verbose_name=_("team"),
    )
    service_area = models.OneToOneField(
        ServiceArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instrument_activation",
        verbose_name=_("service area"),
    )
    activated_at = models.DateTimeField(_("activated"), auto_now=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activated by"),
    )

    class Meta:
        verbose_name = _("instrument in use")
        verbose_name_plural = _("instruments in use")
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(service_area__isnull=True),
                name="activation_team_or_area",
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(team__isnull=True, service_area__isnull=True),
                name="activation_one_county_default_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.team or self.service_area or '*'}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment status", "draft")
    RECOMMENDED = "recommended", pgettext_lazy("assessment status", "awaiting decision")
    AWAITING_CONFIRMATION = (
        "awaiting_confirmation",
        pgettext_lazy("assessment status", "awaiting a social worker's confirmation"),
    )
    COMPLETED = "completed", pgettext_lazy("assessment status", "completed")


class OverrideReason(models.TextChoices):
    MORE_COMPLEX = "more_complex", _("the situation is more complex than the answers show")
    LIGHTER = "lighter", _("the situation is lighter than the answers show")
    CONTINUITY = "continuity", _("continuity with the current worker")
    LANGUAGE = "language", _("language of service")
    CLIENT_WISH = "client_wish", _("the client's wish")
    STAFFING = "staffing", _("staffing situation")
    OTHER = "other", pgettext_lazy("override reason", "other reason")


class Assessment(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("client")
    )
    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("instrument version"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    answers = models.JSONField(_("answers"), default=dict)
    result = models.JSONField(_("recommendation"), null=True, blank=True)
    rec_special_support = models.BooleanField(_("recommended: special support"), null=True)
    rec_segment = models.CharField(_("recommended segment"), max_length=40, blank=True)
    rec_personal_worker = models.CharField(
        _("recommended personal worker"), max_length=20, blank=True
    )
    rec_pair_required = models.BooleanField(_("recommended: work pair"), null=True)
    special_support = models.BooleanField(_("special support"), null=True)
    segment = models.CharField(_("segment"), max_length=40, blank=True)
    personal_worker = models.CharField(_("personal worker"), max_length=20, blank=True)
    pair_required = models.BooleanField(_("work pair"), null=True)
    is_override = models.BooleanField(_("differs from the recommendation"), default=False)
    override_direction = models.CharField(_("direction of the override"), max_length=10, blank=True)
    override_reason = models.CharField(
        _("reason for the override"), max_length=20, choices=OverrideReason.choices, blank=True
    )
    override_note = models.CharField(_("note on the override"), max_length=300, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    evaluated_at = models.DateTimeField(_("recommended"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    confirmed_by = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("special support confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "status"], name="assessment_client_status"),
            models.Index(fields=["version", "status"], name="assessment_version_status"),
            models.Index(fields=["decided_at"], name="assessment_decided_at"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.version} ({self.get_status_display()})"

    def get_additional_data(self) -> dict[str, object]:
        return {"client_id": self.client_id}

    @property
    def recommendation(self) -> Decision | None:
        if self.rec_special_support is None or self.rec_pair_required is None:
            return None
        return Decision(
            self.rec_special_support,
            self.rec_segment,
            self.rec_personal_worker,
            self.rec_pair_required,
        )

    @property
    def decision(self) -> Decision | None:
        if self.special_support is None or self.pair_required is None:
            return None
        return Decision(
            self.special_support, self.segment, self.personal_worker, self.pair_required
        )

    def completion(self, today: dt.date) -> Completion:
        """The §36 completion of this assessment as the law sets it (see `rules.lawful_completion`):
        the stored result's deadline only for a child who needs special support, otherwise
        "without undue delay" with the days from the pending date to completion (or today)."""
        from django.utils.timezone import localdate

        answers = self.answers or {}
        pending = answers.get("pending_since")
        pending_since = (
            dt.date.fromisoformat(pending)
            if isinstance(pending, str)
            else self.client.pending_since
        )
        stored = ((self.result or {}).get("deadlines") or {}).get(COMPLETION_DEADLINE)
        special = (
            self.special_support if self.special_support is not None else self.rec_special_support
        )
        done = self.confirmed_at or self.decided_at
        until = localdate(done) if self.status == AssessmentStatus.COMPLETED and done else today
        return lawful_completion(
            dt.date.fromisoformat(stored) if stored else None,
            child=answers.get("under_18") is True
            or is_child(self.client.birth_year, pending_since),
            special_support=special,
            pending_since=pending_since,
            until=until,
        )
