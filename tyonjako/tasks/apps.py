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

        from tyonjako.encounters.task_links import register_task_deriver

        from .linking import TaskDeriver

        register_task_deriver(TaskDeriver.for_active_catalogue)
