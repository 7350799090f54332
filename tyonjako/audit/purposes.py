"""Why client data was read or changed: shown in the client's access report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    CLIENT_PAGE = "client_page", _("client page")
    CLIENT_LIST = "client_list", _("client list")
    INTAKE = "intake", _("intake and registration")
    ASSESSMENT = "assessment", _("assessment")
    ASSIGNMENT = "assignment", _("assignment of workers")
    ENCOUNTER = "encounter", _("encounter recording")
    IMPORT = "import", _("data import")
    EXPORT = "export", _("export")
    API = "api", _("interface (API)")
    ACCESS_REPORT = "access_report", _("client's access report")
    ADMINISTRATION = "administration", _("administration")
    REFUSED_REQUEST = "refused_request", _("refused request")


class Channel(models.TextChoices):
    PAGE = "page", _("web page")
    API = "api", _("API")
    EXPORT = "export", _("export")
    CLI = "cli", _("command line")
    WEB = "web", _("web upload")
