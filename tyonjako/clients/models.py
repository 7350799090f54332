"""The client, minimal by design: a pseudonymous key and what routing,
caseload and evaluation need. No names, no identity codes, no case notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.organisation.models import Team

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", pgettext_lazy("gender", "other")
    UNKNOWN = "unknown", pgettext_lazy("gender", "unknown")


class ClientLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    OTHER = "other", pgettext_lazy("language", "other")


class Employment(models.TextChoices):
    UNEMPLOYED = "unemployed", _("unemployed")
    RETIRED = "retired", _("retired")
    STUDENT = "student", _("student")
    EMPLOYED = "employed", _("employed")
    PARENTAL_LEAVE = "parental_leave", _("parental leave")
    SICK_LEAVE = "sick_leave", _("sick leave")
    OTHER = "other", pgettext_lazy("employment", "other")
    UNKNOWN = "unknown", pgettext_lazy("employment", "unknown")


class ClientStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("client status", "active")
    CLOSED = "closed", pgettext_lazy("client status", "closed")


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(
        self, user: AbstractBaseUser | AnonymousUser, action: str = "view_client"
    ) -> ClientQuerySet:
        """The clients this user may see for this action (the scope lives in access)."""
        from .access import client_scope_filter

        return client_scope_filter(self, user, action)


class Client(models.Model):
    key = models.CharField(_("client key"), max_length=40, unique=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    language = models.CharField(
        _("language"), max_length=5, choices=ClientLanguage.choices, default=ClientLanguage.FINNISH
    )
    municipality = models.CharField(
        _("municipality code"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", _("A municipality code has three digits."))],
    )
    employment = models.CharField(
        _("employment status"),
        max_length=20,
        choices=Employment.choices,
        default=Employment.UNKNOWN,
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="clients", verbose_name=_("team")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClientStatus.choices, default=ClientStatus.ACTIVE
    )
    pending_since = models.DateField(_("matter pending since"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Known at intake from urgency and age (Sosiaalihuoltolaki §36); empty when no
    # statutory deadline applies. Computed by the instrument in use, not typed in.
    assessment_start_by = models.DateField(_("assessment to start by"), null=True, blank=True)
    assessment_complete_by = models.DateField(
        _("assessment to be completed by"), null=True, blank=True
    )
    # The segment of the latest decided assessment, kept here by the assessment
    # actions so that caseload weights need no join over assessments.
    segment = models.CharField(_("segment"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["key"]
        indexes = [models.Index(fields=["team", "status"], name="client_team_status")]

    def __str__(self) -> str:
        return self.key
