from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseloadConfig(AppConfig):
    name = "tyonjako.caseload"
    label = "caseload"
    verbose_name = _("Caseload")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Assignment

        auditlog.register(Assignment)
