"""A pilot (kokeilu), its checkpoints with frozen figures, meetings and model description."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.organisation.models import Team, Unit

from .definition import PilotDef, read_pilot


class MeetingKind(models.TextChoices):
    EVALUATION = "evaluation", _("evaluation meeting")
    PEER = "peer", _("peer meeting with another county")


class Pilot(models.Model):
    """A pilot as loaded from its YAML definition; the definition is kept as written."""

    key = models.CharField(_("key"), max_length=80, unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    units = models.ManyToManyField(Unit, blank=True, related_name="pilots", verbose_name=_("units"))
    teams = models.ManyToManyField(Team, blank=True, related_name="pilots", verbose_name=_("teams"))
    source = models.TextField(_("definition (YAML)"))
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["-start", "key"]

    def __str__(self) -> str:
        return self.name_fi

    def definition(self) -> PilotDef:
        return read_pilot(self.source)

    def name(self, language: str) -> str:
        return self.name_sv if language == "sv" and self.name_sv else self.name_fi

    def place_codes(self) -> list[str]:
        return list(self.definition().places)


class Checkpoint(models.Model):
    """A data cut-off with a report due date; its figures are frozen at the cut-off."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="checkpoints", verbose_name=_("pilot")
    )
    key = models.CharField(_("key"), max_length=80)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, default="interim")
    cut_off = models.DateField(_("data cut-off"))
    report_due = models.DateField(_("report due"))
    figures = models.JSONField(_("frozen figures"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    freeze_reason = models.CharField(_("reason for freezing again"), max_length=300, blank=True)
    times_frozen = models.PositiveIntegerField(_("times frozen"), default=0)
    conclusions_fi = models.TextField(_("conclusions (Finnish)"), blank=True)
    conclusions_sv = models.TextField(_("conclusions (Swedish)"), blank=True)
    decision_fi = models.TextField(_("decision (Finnish)"), blank=True)
    decision_sv = models.TextField(_("decision (Swedish)"), blank=True)
    scenario_key = models.CharField(_("staffing scenario"), max_length=80, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["pilot", "cut_off", "key"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "key"], name="checkpoint_key_per_pilot")
        ]

    def __str__(self) -> str:
        return f"{self.pilot.key}/{self.key}"

    def name(self, language: str) -> str:
        return self.name_sv if language == "sv" and self.name_sv else self.name_fi

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def text(self, field: str, language: str) -> str:
        value: Any = getattr(self, f"{field}_{'sv' if language == 'sv' else 'fi'}")
        return str(value or getattr(self, f"{field}_fi"))


class Meeting(models.Model):
    """An evaluation meeting of the working group or a peer meeting, with its memo."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("pilot")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(pgettext_lazy("meeting", "title"), max_length=200)
    memo = models.TextField(_("memo"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["pilot", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class ModelDescription(models.Model):
    """The pilot written up in Innokylä's structure; texts per section and language."""

    pilot = models.OneToOneField(
        Pilot, on_delete=models.CASCADE, related_name="description", verbose_name=_("pilot")
    )
    texts = models.JSONField(_("texts"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("model description")
        verbose_name_plural = _("model descriptions")

    def __str__(self) -> str:
        return f"{self.pilot.key}"
