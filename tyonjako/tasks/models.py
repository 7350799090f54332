"""The task catalogue (a versioned definition file) and versioned job descriptions."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.common.definitions import VersionedDefinition
from tyonjako.organisation.choices import profession_choices
from tyonjako.organisation.models import Unit

from .catalogue import Catalogue, JobDescription, load_catalogue


@lru_cache(maxsize=8)
def _parsed(source: str) -> Catalogue:
    return load_catalogue(source)


class TaskCatalogue(VersionedDefinition):
    key = models.CharField(_("catalogue"), max_length=80)
    is_active = models.BooleanField(_("in use"), default=False)

    class Meta:
        verbose_name = _("task catalogue")
        verbose_name_plural = _("task catalogues")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="task_catalogue_key_version"),
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_catalogue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.version}"

    def is_in_use(self) -> bool:
        """A stored catalogue has been in use: loading puts it in use, and figures and
        job descriptions were derived from it."""
        return True

    def catalogue(self) -> Catalogue:
        return _parsed(self.source)


class JobDescriptionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("job description status", "draft")
    PUBLISHED = "published", pgettext_lazy("job description status", "published")


class JobDescriptionVersion(models.Model):
    """One version of a profession's job description, in one unit or (no unit) everywhere."""

    profession = models.CharField(_("profession"), max_length=30, choices=profession_choices())
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JobDescriptionStatus.choices,
        default=JobDescriptionStatus.DRAFT,
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    task_codes = models.JSONField(_("tasks"), default=list)
    notes = models.JSONField(_("notes"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("job description")
        verbose_name_plural = _("job descriptions")
        ordering = ["profession", "unit__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["profession", "unit", "version"], name="job_description_version"
            ),
            models.UniqueConstraint(
                fields=["profession", "version"],
                condition=Q(unit__isnull=True),
                name="job_description_version_all_units",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profession} {self.unit.code if self.unit else '*'} v{self.version}"

    def as_plain(self) -> JobDescription:
        from .catalogue import Texts

        notes = self.notes or {}
        return JobDescription(
            profession=self.profession,
            unit=self.unit.code if self.unit else "",
            version=self.version,
            effective_from=self.effective_from,  # type: ignore[arg-type]  # published ones have a date
            task_codes=frozenset(self.task_codes),
            notes=Texts(**{k: notes.get(k, "") for k in ("fi", "sv", "en")}),
        )
