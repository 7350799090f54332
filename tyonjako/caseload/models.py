"""Who works with which client: personal worker (omatyöntekijä) and work pair."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tyonjako.clients.models import Client
from tyonjako.organisation.models import Team, Worker


class AssignmentKind(models.TextChoices):
    PERSONAL_WORKER = "personal_worker", _("personal worker")
    PAIR = "pair", _("work pair")


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active_on(self, day: dt.date) -> AssignmentQuerySet:
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Assignment(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("client")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("worker")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AssignmentKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    health_care_justification = models.CharField(
        _("justification for a health-care professional"),
        max_length=300,
        blank=True,
        help_text=_(
            "Needed when a health-care professional is the personal worker "
            "(Social Welfare Act §42)."
        ),
    )
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["client", "start"]
        indexes = [models.Index(fields=["worker", "end"], name="assignment_worker_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="assignment_end_after_start",
            ),
            # The last guard against two leads assigning at the same moment:
            # a client has at most one open personal-worker assignment.
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(kind="personal_worker", end__isnull=True),
                name="one_open_personal_worker_per_client",
            ),
            models.UniqueConstraint(
                fields=["client", "worker"],
                condition=Q(end__isnull=True),
                name="one_open_assignment_per_worker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.worker} ({self.get_kind_display()})"

    def get_additional_data(self) -> dict[str, object]:
        # auditlog stores this with every change, so one client's log
        # (asiakastietolaki §11) also finds changes to its assignments.
        return {"client_id": self.client_id}


class SegmentWeight(models.Model):
    """How heavy a client of each segment counts in a caseload. This project's
    assumption, not a statutory ratio (none was found for adult social work)."""

    segment = models.CharField(
        _("segment"),
        max_length=40,
        unique=True,
        help_text=_("care, cooperation, guidance, self_service, or 'none' for not assessed"),
    )
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2)

    class Meta:
        verbose_name = _("caseload weight")
        verbose_name_plural = _("caseload weights")
        ordering = ["segment"]

    def __str__(self) -> str:
        return f"{self.segment}: {self.weight}"


class ComplianceSnapshot(models.Model):
    """Open findings per team, rule and day, so counts can be shown over time."""

    day = models.DateField(_("day"))
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    rule = models.CharField(_("rule"), max_length=60)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("compliance snapshot")
        verbose_name_plural = _("compliance snapshots")
        ordering = ["day", "team", "rule"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "team", "rule"], name="one_snapshot_per_day_team_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} {self.rule}: {self.count}"
