"""Posts' staffing details, their lifecycle and recruitment rounds; cost parameter
versions; saved scenarios (with a stable key a pilot decision can refer to)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.organisation.models import Post, Unit

from .rules.costs import COUNTY


class PostKind(models.TextChoices):
    PERMANENT = "permanent", _("permanent")
    SUBSTITUTE = "substitute", _("substitute")
    FIXED_TERM = "fixed_term", _("fixed-term")


class PostStatus(models.TextChoices):
    """The lifecycle of a post: proposed → approved → recruiting → filled → ended."""

    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    RECRUITING = "recruiting", _("recruiting")
    FILLED = "filled", _("filled")
    ENDED = "ended", pgettext_lazy("post status", "ended")


#: The steps a post may take from each status (backwards only to recruiting: a holder leaves).
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    PostStatus.PROPOSED: (PostStatus.APPROVED, PostStatus.ENDED),
    PostStatus.APPROVED: (PostStatus.RECRUITING, PostStatus.FILLED, PostStatus.ENDED),
    PostStatus.RECRUITING: (PostStatus.FILLED, PostStatus.ENDED),
    PostStatus.FILLED: (PostStatus.RECRUITING, PostStatus.ENDED),
    PostStatus.ENDED: (),
}


def _county_only() -> dict[str, str]:
    return {COUNTY: "1"}


class PostDetail(models.Model):
    """What a staffing decision needs to know about a post, beside organisation.Post."""

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, related_name="staffing", verbose_name=_("post")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PostKind.choices, default=PostKind.PERMANENT
    )
    grade = models.CharField(_("pay grade"), max_length=20, blank=True)
    funding = models.JSONField(
        _("funding"),
        default=_county_only,
        help_text=_("Funding sources and their shares, adding up to 1."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.FILLED
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    vacant_since = models.DateField(_("vacant since"), null=True, blank=True)

    class Meta:
        verbose_name = _("post details")
        verbose_name_plural = _("post details")
        ordering = ["post__code"]

    def __str__(self) -> str:
        return str(self.post)

    @property
    def is_filled(self) -> bool:
        return self.status == PostStatus.FILLED

    def funding_shares(self) -> dict[str, Decimal]:
        return {str(k): Decimal(str(v)) for k, v in (self.funding or _county_only()).items()}


class PostEvent(models.Model):
    """One dated step of a post's lifecycle."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="staffing_events", verbose_name=_("post")
    )
    status = models.CharField(_("status"), max_length=20, choices=PostStatus.choices)
    on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("post lifecycle step")
        verbose_name_plural = _("post lifecycle steps")
        ordering = ["post__code", "on", "id"]

    def __str__(self) -> str:
        return f"{self.post} {self.status} {self.on:%d.%m.%Y}"


class RecruitmentOutcome(models.TextChoices):
    OPEN = "open", pgettext_lazy("recruitment", "open")
    HIRED = "hired", _("hired")
    NO_QUALIFIED = "no_qualified", _("no qualified applicants")
    CANCELLED = "cancelled", _("cancelled")


class RecruitmentRound(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="recruitment_rounds", verbose_name=_("post")
    )
    opened = models.DateField(_("opened"))
    closed = models.DateField(_("closed"), null=True, blank=True)
    applicants = models.PositiveIntegerField(_("applicants"), default=0)
    qualified = models.PositiveIntegerField(_("qualified applicants"), default=0)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=RecruitmentOutcome.choices,
        default=RecruitmentOutcome.OPEN,
    )

    class Meta:
        verbose_name = _("recruitment round")
        verbose_name_plural = _("recruitment rounds")
        ordering = ["post__code", "opened"]
        constraints = [
            models.CheckConstraint(
                condition=Q(qualified__lte=models.F("applicants")),
                name="recruitment_qualified_not_above_applicants",
            ),
            models.CheckConstraint(
                condition=Q(closed__isnull=True) | Q(closed__gte=models.F("opened")),
                name="recruitment_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.opened:%d.%m.%Y}"


class CostParameterVersion(models.Model):
    """Cost parameters in force from a date (the data of rules.costs.CostParameters)."""

    effective_from = models.DateField(_("in force from"), unique=True)
    data = models.JSONField(_("parameters"))
    note = models.CharField(_("source or note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cost parameter version")
        verbose_name_plural = _("cost parameter versions")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.effective_from.isoformat()


key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,59}$", _("Use small letters, digits and '-'.")
)


class Scenario(models.Model):
    """A saved scenario: changes to a unit's posts.

    `key` is stable: a pilot decision (issue 16) refers to a scenario by it."""

    key = models.CharField(_("key"), max_length=60, unique=True, validators=[key_validator])
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("unit")
    )
    changes = models.JSONField(_("changes"), default=list)
    demand_days = models.PositiveIntegerField(
        _("days of measured work"), default=365, validators=[MinValueValidator(1)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["unit__code", "key"]

    def __str__(self) -> str:
        return self.name

    def as_spec_data(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "changes": list(self.changes)}
