from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports read from the domains; the domains never import reports."""

    name = "tyonjako.reports"
    label = "reports"
