from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "tyonjako.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # Every app declares its periodic jobs in its own `jobs.py` (schedule.register).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
