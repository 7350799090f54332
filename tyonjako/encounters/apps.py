from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EncountersConfig(AppConfig):
    name = "tyonjako.encounters"
    label = "encounters"
    verbose_name = _("Encounters")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, tallies

        auditlog.register(models.Encounter, exclude_fields=["row_hash"])
        auditlog.register(models.CodeValue)
        tallies.connect_signals()
