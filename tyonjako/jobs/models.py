"""Background jobs: their state and progress, the workers' heartbeats and the schedule's
runs. The queue itself is django-tasks' database backend (django_tasks_db); a Job is what
the pages show and what the worker's housekeeping retries when a worker died."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("job state", "queued")
    RUNNING = "running", pgettext_lazy("job state", "running")
    DONE = "done", pgettext_lazy("job state", "done")
    FAILED = "failed", pgettext_lazy("job state", "failed")


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    # Jobs of one key (an import's source system) run one at a time, in order.
    key = models.CharField(_("key"), max_length=80, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # A short, translated message for the page; never a traceback or client data.
    message = models.CharField(_("message"), max_length=500, blank=True)
    arguments = models.JSONField(_("arguments"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    # The uploaded file's own name (the stored copy has a random one).
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "kind"], name="jobs_state_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class WorkerBeat(models.Model):
    """A running `tyonjako worker`: its host and process, and when it last said so."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=64)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("seen"))

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.worker_id


class ScheduleRun(models.Model):
    """One run of a periodic job for one slot (a day, or a five-minute window): the unique
    pair makes several workers enqueue it once."""

    name = models.CharField(_("name"), max_length=80)
    slot = models.CharField(_("slot"), max_length=40)
    enqueued_at = models.DateTimeField(_("enqueued"))

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="jobs_schedule_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.slot}"
