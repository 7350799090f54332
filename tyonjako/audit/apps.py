from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tyonjako.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from auditlog.models import LogEntry
        from django.db.models.signals import post_save

        from .signals import seal_new_entry

        post_save.connect(seal_new_entry, sender=LogEntry, dispatch_uid="audit-seal-new-entry")
