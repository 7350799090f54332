"""Who works with which client: personal worker (omatyöntekijä) and work pair."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tyonjako.clients.models import Client
from tyonjako.organisation.models import Worker


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
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.worker} ({self.get_kind_display()})"

    def get_additional_data(self) -> dict[str, object]:
        # auditlog stores this with every change, so one client's log
        # (asiakastietolaki §11) also finds changes to its assignments.
        return {"client_id": self.client_id}
