from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tyonjako.demo"
    label = "demo"
