from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EncountersConfig(AppConfig):
    name = "tyonjako.encounters"
    label = "encounters"
    verbose_name = _("Encounters")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tyonjako.audit.masking import masked

        from . import models, tallies

        auditlog.register(
            models.Encounter, exclude_fields=["row_hash"], **masked("encounters.Encounter")
        )
        auditlog.register(models.CodeValue)
        auditlog.register(models.PrecountedTable)
        tallies.connect_signals()
