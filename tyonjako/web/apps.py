from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tyonjako.web"
    label = "web"
