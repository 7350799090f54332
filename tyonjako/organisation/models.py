"""Wellbeing area → service area → unit → team; workers, memberships, posts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tyonjako.common.names import TrilingualName
from tyonjako.common.professions import profession_of_title

from .choices import JobTitle, Licence, Profession, Role, TeamKind

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$", _("Use letters, digits, '-', '_' or '.'.")
)


class WellbeingArea(TrilingualName):
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])

    class Meta:
        verbose_name = _("wellbeing services county")
        verbose_name_plural = _("wellbeing services counties")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServiceArea(TrilingualName):
    wellbeing_area = models.ForeignKey(
        WellbeingArea,
        on_delete=models.PROTECT,
        related_name="service_areas",
        verbose_name=_("wellbeing services county"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(TrilingualName):
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Created by an import from an unknown unit code."),
    )
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="units", verbose_name=_("service area")
    )
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Team(TrilingualName):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="teams", verbose_name=_("unit")
    )
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    kind = models.CharField(
        _("kind"), max_length=30, choices=TeamKind.choices, default=TeamKind.ADULT_SOCIAL_WORK
    )
    age_min = models.PositiveSmallIntegerField(_("youngest client age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest client age"), null=True, blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="team_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age_group(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        low = "" if self.age_min is None else str(self.age_min)
        high = "" if self.age_max is None else str(self.age_max)
        return f"{low}–{high}"


class Worker(models.Model):
    """A person who works in the county; the profile of a user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="worker",
        verbose_name=_("user account"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.NONE
    )
    job_title = models.CharField(_("job title"), max_length=30, choices=JobTitle.choices)
    valvira_number = models.CharField(
        _("Valvira registration number"),
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^\d{11}$", _("The registration number has 11 digits."))],
    )
    public_office = models.BooleanField(_("in public office (virka)"), default=False)
    # A lead or director without a caseload is never suggested as "the least loaded".
    does_client_work = models.BooleanField(_("does client work"), default=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    home_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_workers",
        verbose_name=_("home unit"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["user__username"]

    def __str__(self) -> str:
        full = self.user.get_full_name()
        return full or self.user.get_username()

    @property
    def profession(self) -> str:
        """The profession routing cares about, derived from the job title."""
        return Profession(profession_of_title(self.job_title))

    def speaks(self, language: str) -> bool:
        return language in self.languages

    def team_ids_on(self, day: dt.date) -> list[int]:
        return [m.team_id for m in self.memberships.all() if m.is_active_on(day)]


class TeamMembership(models.Model):
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("worker")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("team")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team__code", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} – {self.team}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class Post(models.Model):
    """A budgeted post (vakanssi): filled by a worker, or open."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("team"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    public_office = models.BooleanField(_("public office (virka)"), default=False)
    holder = models.ForeignKey(
        Worker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("holder"),
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.holder_id is None
