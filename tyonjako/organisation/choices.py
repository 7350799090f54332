"""Vocabularies of the organisation. Licence and job title are separate:
"sosiaaliohjaaja" is a job title, not a licence (817/2015)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tyonjako.common import professions


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("social counsellor")
    SOCIAL_WORKER = "social_worker", _("social worker")
    LEAD = "lead", _("lead social worker")
    SECRETARY = "secretary", _("service secretary")
    DIRECTOR = "director", _("unit director")
    EVALUATOR = "evaluator", _("evaluator")
    ADMIN = "admin", _("administrator")


class Licence(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("licensed social worker")
    SOSIONOMI = "sosionomi", _("licensed sosionomi")
    HEALTH_CARE = "health_care", _("health-care professional")
    NONE = "none", pgettext_lazy("licence", "no licence / other")


class JobTitle(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("social worker")
    COUNSELLOR = "counsellor", _("social counsellor")
    LEAD_SOCIAL_WORKER = "lead_social_worker", _("lead social worker")
    SERVICE_SECRETARY = "service_secretary", _("service secretary")
    UNIT_DIRECTOR = "unit_director", _("unit director")
    SERVICE_AREA_DIRECTOR = "service_area_director", _("service area director")
    PROJECT_WORKER = "project_worker", _("project worker")
    STUDENT_SUBSTITUTE = "student_substitute", _("social work student (substitute)")
    OTHER = "other", pgettext_lazy("job title", "other")


class Profession(models.TextChoices):
    """The profession a post is for, and the profession routing asks for; the codes are
    `common/professions.py`'s (the one table), these are their names."""

    SOCIAL_WORKER = professions.SOCIAL_WORKER, _("social worker")
    COUNSELLOR = professions.COUNSELLOR, _("social counsellor")
    SERVICE_SECRETARY = professions.SERVICE_SECRETARY, _("service secretary")
    LEAD_SOCIAL_WORKER = professions.LEAD_SOCIAL_WORKER, _("lead social worker")
    OTHER = professions.OTHER, pgettext_lazy("profession", "other")


def profession_choices(codes: tuple[str, ...] = professions.PROFESSIONS) -> list[tuple[str, Any]]:
    """(code, name) of the professions work is divided between (or of `codes`)."""
    return [(code, Profession(code).label) for code in codes]


class TeamKind(models.TextChoices):
    ADULT_SOCIAL_WORK = "adult_social_work", _("adult social work")
    HEALTH_SOCIAL_WORK = "health_social_work", _("health social work ward")
    SERVICE_GUIDANCE = "service_guidance", _("service guidance")
    MANAGEMENT = "management", _("management")
    OTHER = "other", pgettext_lazy("team kind", "other")


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    OTHER = "other", pgettext_lazy("language", "other")
