from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tyonjako.tasks"
    label = "tasks"
    verbose_name = _("Tasks and job descriptions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.TaskCatalogue, exclude_fields=["source"])
        auditlog.register(models.JobDescriptionVersion)

        from tyonjako.encounters.signals import encounters_written

        from .linking import on_encounters_written

        encounters_written.connect(on_encounters_written, dispatch_uid="tasks.link_encounters")
