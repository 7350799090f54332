from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tyonjako.surveys"
    label = "surveys"
    verbose_name = _("Surveys and self-assessment")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Responses, drafts and tokens are deliberately NOT registered: an audit row
        # per answer would be a join path from a response to who answered.
        auditlog.register(models.Survey)
        auditlog.register(models.SurveyVersion, exclude_fields=["source", "definition"])
        auditlog.register(models.Round)
