from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "tyonjako.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tyonjako.audit.masking import masked

        from .models import Client

        auditlog.register(Client, **masked("clients.Client"))
