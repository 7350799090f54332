from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "tyonjako.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.WellbeingArea,
            models.ServiceArea,
            models.Unit,
            models.Team,
            models.Worker,
            models.TeamMembership,
            models.Post,
        ):
            auditlog.register(model)
