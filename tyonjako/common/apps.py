from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "tyonjako.common"
    label = "common"
