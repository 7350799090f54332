from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "tyonjako.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tyonjako.audit.masking import masked

        from . import models

        auditlog.register(models.InstrumentVersion, exclude_fields=["source"])
        auditlog.register(models.InstrumentActivation)
        auditlog.register(
            models.Assessment, exclude_fields=["result"], **masked("assessments.Assessment")
        )
