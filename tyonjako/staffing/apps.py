from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "tyonjako.staffing"
    label = "staffing"
    verbose_name = _("Staffing and cost scenarios")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tyonjako.organisation.loader import register_post_extension

        from . import models
        from .loading import check_post_details, write_post_details

        auditlog.register(models.PostDetail)
        auditlog.register(models.PostEvent)
        auditlog.register(models.RecruitmentRound)
        auditlog.register(models.CostParameterVersion)
        auditlog.register(models.Scenario)
        register_post_extension(check_post_details, write_post_details)
