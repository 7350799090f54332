from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tyonjako.api"
    label = "api"
