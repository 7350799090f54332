from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "tyonjako.pilots"
    verbose_name = _("Pilots")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Pilot, exclude_fields=["source"])
        auditlog.register(models.Checkpoint, exclude_fields=["figures"])
        auditlog.register(models.Meeting)
        auditlog.register(models.ModelDescription)
