"""Surveys, their versions and rounds, tokens and responses.

Anonymity by design: `Response` has no column that points at a token, a user, a
worker or a session, and keeps only the day it arrived. A `Token` records only
that it was used. A named survey (the counsellors' monthly self-assessment) keeps
its answers in `NamedResponse`, a separate table, visible to the respondent and the
survey's named viewers. docs/surveys.md explains; tests/db/test_surveys.py
(test_the_anonymous_response_table_has_no_path_to_who_answered) proves the anonymous
case from the schema.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.common.definitions import VersionedDefinition
from tyonjako.organisation.models import Team, Unit, Worker

from .definition import Definition, from_dict


class Survey(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    viewers = models.ManyToManyField(
        Worker,
        blank=True,
        related_name="+",
        verbose_name=_("named viewers"),
        help_text=_("Who besides the respondent sees a named survey's answers."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def latest(self) -> SurveyVersion | None:
        return self.versions.order_by("-version").first()


class SurveyVersion(VersionedDefinition):
    """A survey's definition as loaded (the one model of versioned definitions,
    `common/definitions.py`): `key` is the survey's, `source` the original file (XLSForm
    or YAML, bytes) and `definition` what was read from it. A version with responses is
    in use and never changes: a changed definition becomes the next version."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="versions", verbose_name=_("survey")
    )
    source_format = models.CharField(_("format"), max_length=10)
    source = models.BinaryField(_("original file"))  # type: ignore[assignment]
    definition = models.JSONField(_("definition"))

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        ordering = ["survey__key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "version"], name="survey_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey.key}@{self.version}"

    def parsed(self) -> Definition:
        """The definition as plain values, built once per loaded instance (a version
        without responses may be replaced in place, so nothing is cached across loads)."""
        cached: Definition | None = getattr(self, "_parsed_definition", None)
        if cached is None:
            cached = from_dict(self.definition)
            self._parsed_definition = cached
        return cached

    def has_responses(self) -> bool:
        return (
            Response.objects.filter(round__version=self).exists()
            or NamedResponse.objects.filter(round__version=self).exists()
        )

    def is_in_use(self) -> bool:
        return self.has_responses()


class Audience(models.TextChoices):
    STAFF = "staff", _("staff of the chosen teams")
    PARTNERS = "partners", _("other staff and partners")
    CLIENTS = "clients", _("clients")


class Round(models.Model):
    """One round of a survey version: planned and actual window, audience, minimum n."""

    version = models.ForeignKey(
        SurveyVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("version")
    )
    name = models.CharField(_("name"), max_length=120)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("teams"))
    roles = models.JSONField(_("roles"), default=list, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.STAFF
    )
    audience_note = models.CharField(_("audience details"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    opens_on = models.DateField(_("opened"), null=True, blank=True)
    closes_on = models.DateField(_("closed"), null=True, blank=True)
    open_link = models.CharField(_("open link"), max_length=40, blank=True, db_index=True)
    minimum_n = models.PositiveSmallIntegerField(_("minimum number of responses"), default=5)
    # The schedule (tyonjako/surveys/jobs.py runs it daily): open on the planned start and
    # close after the planned end; remind those whose link is unused every n days.
    scheduled = models.BooleanField(_("open and close on the planned dates"), default=False)
    remind_every_days = models.PositiveSmallIntegerField(
        _("remind every (days)"), default=0, help_text=_("0: no scheduled reminders.")
    )
    reminders_max = models.PositiveSmallIntegerField(_("reminders at most"), default=2)
    reminders_sent = models.PositiveSmallIntegerField(_("scheduled reminders sent"), default=0)
    last_reminded_on = models.DateField(_("last reminded"), null=True, blank=True)
    link_base = models.CharField(
        _("address of the e-mailed links"), max_length=200, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-planned_start", "name"]

    def __str__(self) -> str:
        return f"{self.version} {self.name}"


class Token(models.Model):
    """A single-use answering link. The link is the nonce and its keyed signature (so a
    reminder can resend it); the token records only that it was used — no time, and no
    link to the response."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("round")
    )
    nonce = models.CharField(_("nonce"), max_length=32, unique=True)
    worker = models.ForeignKey(
        Worker,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent to"),
    )
    team_code = models.CharField(_("team"), max_length=40, blank=True)
    used = models.BooleanField(_("used"), default=False)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("answering link")
        verbose_name_plural = _("answering links")

    def __str__(self) -> str:
        return f"{self.round_id}:{self.nonce[:6]}"


class Draft(models.Model):
    """Answers saved part-way ("save and continue"), tied to the token until submitted;
    deleted when the response is written, which then has no link back."""

    token = models.OneToOneField(
        Token, on_delete=models.CASCADE, related_name="draft", verbose_name=_("answering link")
    )
    answers = models.JSONField(_("answers"), default=dict)
    page = models.PositiveSmallIntegerField(_("page"), default=0)

    class Meta:
        verbose_name = _("saved answers")
        verbose_name_plural = _("saved answers")

    def __str__(self) -> str:
        return f"draft {self.pk}"


class EnteredBy(models.TextChoices):
    SELF = "self", _("the respondent")
    WORKER = "worker", _("a worker on the client's behalf")
    EXPERT = "expert", _("an experience expert on the client's behalf")
    WEBROPOL = "webropol", pgettext_lazy("response source", "Webropol import")


class Response(models.Model):
    """One anonymous response. No token, user, worker or session column; the day only."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="responses", verbose_name=_("round")
    )
    received_on = models.DateField(_("received"))
    answers = models.JSONField(_("answers"))
    team_code = models.CharField(_("team"), max_length=40, blank=True)
    area_code = models.CharField(_("service area"), max_length=40, blank=True)
    profession = models.CharField(_("profession"), max_length=30, blank=True)
    entered_by = models.CharField(
        _("entered by"), max_length=10, choices=EnteredBy.choices, default=EnteredBy.SELF
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["round", "team_code"], name="survey_response_round_team")]

    def __str__(self) -> str:
        return f"response {self.pk}"


class NamedResponse(models.Model):
    """A named survey's response (the monthly self-assessment): one per respondent per round."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="named_responses", verbose_name=_("round")
    )
    respondent = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("respondent")
    )
    received_on = models.DateField(_("received"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    page = models.PositiveSmallIntegerField(_("page"), default=0)
    submitted = models.BooleanField(_("submitted"), default=False)
    team_code = models.CharField(_("team"), max_length=40, blank=True)
    area_code = models.CharField(_("service area"), max_length=40, blank=True)
    profession = models.CharField(_("profession"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("named response")
        verbose_name_plural = _("named responses")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent"], name="named_response_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"named response {self.pk}"
